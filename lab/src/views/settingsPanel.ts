/**
 * Run settings (scenarios, seed, confidence, distribution, backend, workers; empty keeps the
 * params file's value), the Run and Cancel buttons, and the progress of the job in flight.
 */
import type { Actions } from '../app/actions.js';
import type { BackendChoice, DistributionChoice, RunSettings, Stage } from '../engine/protocol.js';
import type { LabState } from '../state/labState.js';
import type { Store } from '../state/store.js';
import { h, replace } from './dom.js';
import { seconds } from './format.js';
import { issuesTable } from './inputsPanel.js';

const STAGES: Record<Stage, string> = {
  validate: 'validating the inputs',
  plan: 'planning and opening the backend',
  simulate: 'simulating',
  cache: 'caching the instrument P&L block (what-if, distributions)',
  risk: 'initial risk run',
  steps: 'cascade steps',
};

function numberField(label: string, key: 'scenarios' | 'seed' | 'confidence' | 'workers', store: Store<LabState>, attrs: Record<string, string | number>) {
  const input = h('input', { type: 'number', placeholder: 'from params', 'data-testid': `setting-${key}`, ...attrs });
  const value = store.get().settings[key];
  if (value !== undefined) input.value = String(value);
  input.addEventListener('change', () => {
    const n = input.value.trim() === '' ? undefined : Number(input.value);
    store.set({ settings: { ...store.get().settings, [key]: n !== undefined && Number.isFinite(n) ? n : undefined } });
  });
  return { element: h('label', {}, label, input), input };
}

export function settingsPanel(store: Store<LabState>, actions: Actions): HTMLElement {
  const scenarios = numberField('Scenarios', 'scenarios', store, { min: 100, max: 10_000_000, step: 1000 });
  const seed = numberField('Seed', 'seed', store, { min: 0, step: 1 });
  const confidence = numberField('Confidence', 'confidence', store, { min: 0.9, max: 0.9999, step: 0.001 });
  const workers = numberField('CPU workers', 'workers', store, { min: 1, max: 16, step: 1, placeholder: String(navigator.hardwareConcurrency ?? 2) });
  const distribution = h(
    'select',
    { 'data-testid': 'setting-distribution' },
    h('option', { value: 'params' }, 'as in params'),
    h('option', { value: 'normal' }, 'normal'),
    h('option', { value: 'student-t' }, 'Student-t'),
  );
  const dof = h('input', { type: 'number', min: 2.5, max: 100, step: 0.5, class: 'short', 'aria-label': 'degrees of freedom' });
  const backend = h(
    'select',
    { 'data-testid': 'setting-backend' },
    h('option', { value: 'auto' }, 'auto (WebGPU when available)'),
    h('option', { value: 'webgpu' }, 'WebGPU only'),
    h('option', { value: 'cpu' }, 'CPU (Web Workers)'),
  );
  const patch = (p: Partial<RunSettings>) => store.set({ settings: { ...store.get().settings, ...p } });
  distribution.addEventListener('change', () => patch({ distribution: distribution.value as DistributionChoice }));
  dof.addEventListener('change', () => patch({ dof: Number(dof.value) || 5 }));
  backend.addEventListener('change', () => {
    patch({ backend: backend.value as BackendChoice });
    void actions.probe();
  });

  const runButton = h('button', { type: 'button', 'data-testid': 'run', onclick: () => void actions.run() }, 'Run');
  const cancelButton = h('button', { type: 'button', class: 'secondary', 'data-testid': 'cancel', onclick: () => actions.cancel() }, 'Cancel');
  const bar = h('progress', { max: 1, value: 0, 'data-testid': 'progress' });
  const progressText = h('span', { class: 'muted', 'data-testid': 'progress-text' });
  const status = h('div', { class: 'status', 'data-testid': 'status' });

  store.watch(
    (s) => [s.settings],
    (settings) => {
      distribution.value = settings.distribution;
      dof.value = String(settings.dof);
      dof.disabled = settings.distribution !== 'student-t';
      backend.value = settings.backend;
      for (const [field, key] of [[scenarios, 'scenarios'], [seed, 'seed'], [confidence, 'confidence'], [workers, 'workers']] as const) {
        const v = settings[key];
        if (document.activeElement !== field.input) field.input.value = v === undefined ? '' : String(v);
      }
    },
  );
  store.watch(
    (s) => [s.job, s.status],
    (job, outcome) => {
      runButton.disabled = !!job;
      cancelButton.disabled = !job;
      bar.hidden = !job;
      if (job) {
        bar.value = job.total > 0 ? job.done / job.total : 0;
        const count = job.stage === 'simulate' || job.stage === 'risk' ? ` ${job.done.toLocaleString('en-US')} / ${job.total.toLocaleString('en-US')} scenarios` : job.stage === 'steps' ? ` ${job.done}/${job.total}` : '';
        progressText.textContent = `${STAGES[job.stage]}${count} · ${seconds(performance.now() - job.startedAt)}`;
      } else progressText.textContent = '';
      replace(status, outcome && h('p', { class: outcome.kind }, outcome.message), outcome?.issues?.length ? issuesTable(outcome.issues) : null);
    },
  );

  return h(
    'section',
    { class: 'panel' },
    h('h2', {}, 'Settings'),
    h('div', { class: 'grid2' }, scenarios.element, seed.element, confidence.element, workers.element),
    h('label', {}, 'Distribution', h('span', { class: 'row' }, distribution, dof)),
    h('label', {}, 'Backend', backend),
    h('div', { class: 'row' }, runButton, cancelButton),
    h('div', { class: 'progress' }, bar, progressText),
    status,
  );
}
