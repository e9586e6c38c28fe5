/**
 * The README's usage snippets, verbatim: each is the ```ts block right after a
 * `<!-- snippet: NAME -->` marker in the "Using the library" section. The package tests compile
 * and run them, so the README cannot drift from the published API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './packedPackage.js';

export const SNIPPET_NAMES = ['node-cpu', 'node-gpu', 'browser'] as const;
export type SnippetName = (typeof SNIPPET_NAMES)[number];

export function readmeSnippets(readme = readFileSync(join(REPO, 'README.md'), 'utf8')): Record<SnippetName, string> {
  const section = readme.match(/^## Using the library\n([\s\S]*?)(?=^## )/m)?.[1];
  if (section === undefined) throw new Error('README.md has no "## Using the library" section');
  const found = new Map<string, string>();
  for (const [, name, code] of section.matchAll(/<!-- snippet: ([\w-]+) -->\n```ts\n([\s\S]*?)\n```/g)) {
    if (found.has(name)) throw new Error(`README.md: snippet ${name} appears twice`);
    found.set(name, `${code}\n`);
  }
  const missing = SNIPPET_NAMES.filter((name) => !found.has(name));
  if (missing.length > 0) throw new Error(`README.md "Using the library" lacks the snippet(s) ${missing.join(', ')}`);
  return Object.fromEntries(SNIPPET_NAMES.map((name) => [name, found.get(name)!])) as Record<SnippetName, string>;
}
