/** Number formats of the page: USD without cents, ratios, percentages, prices. */
export const usd = (value: number): string => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—');
export const signedUsd = (value: number): string => `${value > 0 ? '+' : ''}${usd(value)}`;
export const ratio = (value: number | null | undefined): string => (value === null || value === undefined ? '∞' : value.toFixed(2));
export const percent = (value: number, digits = 1): string => `${(value * 100).toFixed(digits)}%`;
export const price = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : value.toLocaleString('en-US', { maximumSignificantDigits: 6 }));
export const compact = (value: number): string => Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 }).format(value);
export const seconds = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
