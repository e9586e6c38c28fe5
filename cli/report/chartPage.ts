import { chartJsBundle } from './chartBundle.js';

/** One Chart.js chart of a report: its canvas id, title and configuration (type, data, options). */
export interface ReportChart {
  id: string;
  title: string;
  config: { type: string; data: unknown; options: Record<string, unknown> };
}

export const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf', '#bcbd22', '#e377c2', '#7f7f7f'];

/** JSON for an inline <script>: `<` escaped so no string in it can close the element. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/**
 * A self-contained HTML page (Chart.js inlined: it opens offline) with a title, a summary table
 * and a grid of charts; `xLabel` titles every chart's x axis unless its options say otherwise.
 */
export function chartPage(page: { title: string; subtitle: string; summary: [string, string][]; charts: ReportChart[]; xLabel: string; extraHtml?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(page.title)}</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; max-width: 1200px; }
  h1 { font-size: 20px; margin: 0 0 4px; } p.sub { margin: 0 0 16px; color: #555; }
  table { border-collapse: collapse; margin-bottom: 16px; } td, th { padding: 2px 12px 2px 0; text-align: left; } td:first-child { color: #555; }
  .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
  .card { border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; } .card h2 { font-size: 15px; margin: 4px 0 8px; }
  .fail { color: #b00; } .pass { color: #070; }
</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
<p class="sub">${escapeHtml(page.subtitle)}</p>
<table>${page.summary.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
${page.extraHtml ?? ''}
<div class="grid">
${page.charts.map((c) => `<div class="card"><h2>${escapeHtml(c.title)}</h2><div style="position:relative;height:320px"><canvas id="${c.id}"></canvas></div></div>`).join('\n')}
</div>
<script>${chartJsBundle()}</script>
<script>
const charts = ${inlineJson(page.charts)};
for (const c of charts) {
  const options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false, interaction: { mode: 'index', intersect: false },
    plugins: { legend: { labels: { boxWidth: 12, font: { size: 11 } } } } }, c.config.options);
  options.scales = Object.assign({ x: { title: { display: true, text: ${inlineJson(page.xLabel)} } } }, options.scales || {});
  new Chart(document.getElementById(c.id), { type: c.config.type, data: c.config.data, options });
}
</script>
</body>
</html>
`;
}
