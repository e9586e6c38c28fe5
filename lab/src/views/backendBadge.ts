/** Which backend runs and on which adapter, or why not WebGPU (what `margin devices` says). */
import type { LabState } from '../state/labState.js';
import type { Store } from '../state/store.js';
import { h, replace } from './dom.js';

const mib = (n: number) => (n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : `${Math.round(n / 2 ** 20)} MiB`);

export function backendBadge(store: Store<LabState>): HTMLElement {
  const badge = h('div', { class: 'backend', 'data-testid': 'backend' });
  store.watch(
    (s) => [s.backend, s.backendError],
    (status, error) => {
      if (error) return replace(badge, h('span', { class: 'tag failed' }, 'no backend'), ' ', error);
      if (!status) return replace(badge, h('span', { class: 'tag' }, '…'), ' probing WebGPU');
      if (status.backend === 'gpu' && status.adapter) {
        const l = status.adapter.limits;
        return replace(
          badge,
          h('span', { class: 'tag gpu' }, 'WebGPU'),
          ' ',
          h('span', { 'data-testid': 'adapter' }, status.adapter.name),
          h(
            'span',
            { class: 'muted' },
            ` · storage binding ${mib(l.maxStorageBufferBindingSize)}, buffer ${mib(l.maxBufferSize)}, ${l.maxComputeInvocationsPerWorkgroup} invocations/workgroup` +
              (status.adapter.fallback ? ' · software fallback adapter' : ''),
          ),
        );
      }
      replace(badge, h('span', { class: 'tag cpu' }, 'CPU'), ' ', status.description, h('span', { class: 'muted', 'data-testid': 'backend-reason' }, ` · ${status.reason ?? ''}`));
    },
  );
  return badge;
}
