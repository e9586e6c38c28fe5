/** A tab of the page: its element, and what it shows as data for the JSON and CSV export. */
export interface TabView {
  element: HTMLElement;
  exportData(): { name: string; json: unknown; csv: string } | undefined;
}
