/** Small DOM helpers: build an element with attributes and children; replace a node's content. */
/** Set as properties (live state); everything else is an attribute. */
const PROPERTIES = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'multiple', 'title']);

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    else if (key === 'class') element.className = String(value);
    else if (value === true) element.setAttribute(key, '');
    else if (PROPERTIES.has(key)) (element as unknown as Record<string, unknown>)[key] = value;
    else element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

export function replace(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A simple table: header and rows of cells (numbers right-aligned). */
export function table(head: string[], rows: Child[][], attrs: Attrs = {}): HTMLTableElement {
  return h(
    'table',
    { class: 'plain', ...attrs },
    h('thead', {}, h('tr', {}, head.map((c) => h('th', {}, c)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, row.map((c) => h('td', { class: typeof c === 'number' ? 'num' : undefined }, c))))),
  );
}
