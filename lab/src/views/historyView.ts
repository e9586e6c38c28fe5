/**
 * The nightly recalibration and the backtest, from their JSON files: the parameter history
 * over the loaded nights (pack.json: every named parameter, as `margin history --parameter`),
 * the book's margin night by night (report.json), and the backtest's model comparison, monthly
 * exceptions, traffic-light zones and crash replays (`margin backtest --format json`).
 */
import { tidyCsv } from '../export/csv.js';
import type { BacktestFile, NightFile } from '../inputs/historyFiles.js';
import type { LabState } from '../state/labState.js';
import type { Store } from '../state/store.js';
import { chart, chartBox } from './charts.js';
import { h, replace, table } from './dom.js';
import { compact, percent, usd } from './format.js';
import type { TabView } from './tabView.js';

function parameterNames(nights: NightFile[]): string[] {
  return [...new Set(nights.flatMap((n) => n.pack?.parameters.map((p) => p.name) ?? []))];
}

function parameterSeries(nights: NightFile[], names: string[]) {
  return names.map((name) => ({ name, values: nights.map((n) => n.pack?.parameters.find((p) => p.name === name)?.value ?? null) }));
}

function monthlyExceptions(backtest: BacktestFile) {
  const months = [...new Set(backtest.results.flatMap((r) => r.monthly.map((m) => m.Month)))].sort();
  const models = backtest.comparison.map((c) => c.model);
  return { months, models, counts: models.map((model) => months.map((month) => backtest.results.filter((r) => r.model === model).reduce((n, r) => n + (r.monthly.find((m) => m.Month === month)?.NumberOfExceptions ?? 0), 0))) };
}

export function historyView(store: Store<LabState>): TabView {
  const picker = h('select', { multiple: true, size: 6, 'data-testid': 'parameter-picker' });
  const paramsChart = chartBox();
  const totalsChart = chartBox();
  const nightsTable = h('div', {});
  const exceptionsChart = chartBox();
  const marginChart = chartBox();
  const zonesChart = chartBox();
  const crashesChart = chartBox();
  const comparison = h('div', {});
  const nightsBox = h(
    'section',
    { 'data-testid': 'nights' },
    h('h3', {}, 'Nightly recalibration'),
    h('div', { class: 'cols' }, h('figure', {}, h('figcaption', {}, 'Parameter history (pick parameters on the right)'), paramsChart), h('figure', {}, h('figcaption', {}, 'Parameters'), picker)),
    h('div', { class: 'cols' }, h('figure', {}, h('figcaption', {}, "The book's margin by night (enforced model)"), totalsChart), nightsTable),
  );
  const backtestBox = h(
    'section',
    { 'data-testid': 'backtest' },
    h('h3', {}, 'Backtest'),
    comparison,
    h('div', { class: 'cols' }, h('figure', {}, h('figcaption', {}, 'VaR exceptions by month (all portfolios)'), exceptionsChart), h('figure', {}, h('figcaption', {}, 'Average margin by model (USD)'), marginChart)),
    h('div', { class: 'cols' }, h('figure', {}, h('figcaption', {}, 'Traffic-light zones (portfolios)'), zonesChart), h('figure', {}, h('figcaption', {}, 'Crash replays: bad debt by model (USD)'), crashesChart)),
  );
  const empty = h('p', { class: 'empty' }, 'Drop the files of `margin nightly` (nights/<as-of>/report.json and pack.json, several nights at once) or of `margin backtest --format json` to chart them.');
  const element = h('div', { class: 'view' }, empty, nightsBox, backtestBox);
  picker.addEventListener('change', () => renderNights(store.get().nights));

  function renderNights(nights: NightFile[]) {
    const dates = nights.map((n) => n.asOf);
    const chosen = [...picker.selectedOptions].map((o) => o.value);
    chart(paramsChart, {
      grid: { left: 60, right: 20, top: 40, bottom: 30 },
      legend: { type: 'scroll' },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: dates },
      yAxis: { type: 'value', scale: true },
      series: parameterSeries(nights, chosen).map((s) => ({ type: 'line', name: s.name, data: s.values, connectNulls: true })),
    });
    chart(totalsChart, {
      grid: { left: 70, right: 50, top: 40, bottom: 30 },
      legend: {},
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: dates },
      yAxis: [{ type: 'value', axisLabel: { formatter: (v: number) => compact(v) } }, { type: 'value', name: 'liquidatable' }],
      series: [
        { type: 'line', name: 'initial', data: nights.map((n) => n.report?.totals.after.initial ?? null) },
        { type: 'line', name: 'maintenance', data: nights.map((n) => n.report?.totals.after.maintenance ?? null) },
        { type: 'line', name: 'equity', data: nights.map((n) => n.report?.totals.after.equity ?? null) },
        { type: 'bar', name: 'liquidatable', yAxisIndex: 1, data: nights.map((n) => n.report?.totals.after.liquidatable ?? null) },
      ],
    });
    replace(
      nightsTable,
      table(
        ['as of', 'status', 'pack', 'checks failed', 'initial', 'liquidatable', 'files'],
        nights.map((n) => [
          n.asOf,
          n.report?.status ?? '',
          (n.pack?.hash ?? n.report?.pack.hash ?? '').slice(0, 12),
          n.report ? n.report.checks.filter((c) => !c.passed).map((c) => c.check).join(', ') || 'none' : '',
          n.report ? usd(n.report.totals.after.initial) : '',
          n.report?.totals.after.liquidatable ?? '',
          n.files.join(', '),
        ]),
      ),
    );
  }

  function renderBacktest(b: BacktestFile) {
    replace(
      comparison,
      h('p', { class: 'muted' }, `${b.name}: ${b.run.from} → ${b.run.to}, ${b.run.days} days, ${b.run.portfolios} portfolios, ${b.run.scenarios} scenarios a day, confidence ${b.run.confidence}, horizon ${b.run.horizonDays} days`),
      table(
        ['model', 'exceptions', 'coverage', 'Kupiec rejections', 'independence rejections', 'ES rejections', 'zones g/y/r', 'average margin', 'median peak/trough', 'median 5-day increase'],
        b.comparison.map((c) => [c.model, c.exceptions, percent(c.coverage, 2), c.kupiecRejections, c.independenceRejections, c.esRejections, `${c.zones.green}/${c.zones.yellow}/${c.zones.red}`, usd(c.averageMargin), c.medianPeakToTrough.toFixed(2), percent(c.medianLargest5DayIncrease)]),
        { 'data-testid': 'backtest-comparison' },
      ),
    );
    const { months, models, counts } = monthlyExceptions(b);
    chart(exceptionsChart, {
      grid: { left: 50, right: 20, top: 40, bottom: 30 },
      legend: {},
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', minInterval: 1 },
      series: models.map((model, k) => ({ type: 'bar', name: model, data: counts[k] })),
    });
    chart(marginChart, {
      grid: { left: 70, right: 20, top: 20, bottom: 30 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => usd(v as number) },
      xAxis: { type: 'category', data: b.comparison.map((c) => c.model) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => compact(v) } },
      series: [{ type: 'bar', data: b.comparison.map((c) => c.averageMargin) }],
    });
    chart(zonesChart, {
      grid: { left: 50, right: 20, top: 40, bottom: 30 },
      legend: {},
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: b.comparison.map((c) => c.model) },
      yAxis: { type: 'value', minInterval: 1 },
      series: (['green', 'yellow', 'red'] as const).map((zone) => ({ type: 'bar', stack: 'zones', name: zone, data: b.comparison.map((c) => c.zones[zone]), itemStyle: { color: { green: '#2e9e5b', yellow: '#e8c33d', red: '#d64545' }[zone] } })),
    });
    const crashes = [...new Set(b.crashes.map((c) => c.crash))];
    chart(crashesChart, {
      grid: { left: 70, right: 20, top: 40, bottom: 30 },
      legend: {},
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => usd(v as number) },
      xAxis: { type: 'category', data: crashes },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => compact(v) } },
      series: models.map((model) => ({ type: 'bar', name: model, data: crashes.map((crash) => b.crashes.find((c) => c.crash === crash && c.model === model)?.badDebt ?? null) })),
    });
  }

  store.watch(
    (s) => [s.nights, s.backtest, s.tab],
    (nights, backtest, tab) => {
      empty.hidden = nights.length > 0 || !!backtest;
      nightsBox.hidden = nights.length === 0;
      backtestBox.hidden = !backtest;
      if (tab !== 'history') return;
      const names = parameterNames(nights);
      if (picker.options.length !== names.length) {
        const defaults = new Set(names.filter((n) => /^[A-Z0-9]+\.vol$/.test(n)));
        replace(picker, names.map((n) => h('option', { value: n, selected: defaults.has(n) }, n)));
      }
      if (nights.length > 0) renderNights(nights);
      if (backtest) renderBacktest(backtest);
    },
  );

  return {
    element,
    exportData() {
      const { nights, backtest } = store.get();
      if (nights.length === 0 && !backtest) return undefined;
      const names = parameterNames(nights);
      const series = parameterSeries(nights, names);
      return {
        name: 'history',
        json: { nights: nights.map((n) => ({ asOf: n.asOf, report: n.report, parameters: n.pack?.parameters })), backtest },
        csv: tidyCsv({
          parameters: { head: ['parameter', ...nights.map((n) => n.asOf)], rows: series.map((s) => [s.name, ...s.values]) },
          ...(backtest ? { comparison: { head: ['model', 'exceptions', 'coverage', 'averageMargin'], rows: backtest.comparison.map((c) => [c.model, c.exceptions, c.coverage, c.averageMargin]) } } : {}),
        }),
      };
    },
  };
}
