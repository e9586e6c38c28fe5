/**
 * The README's synopsis of `margin run` (## Commands) names exactly the options the command
 * takes, as its --help lists them, and the models --models accepts: a new option, or a renamed
 * one, fails here until the README says it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MARGIN_MODEL_NAMES } from '../../src/margin/marginModels.js';
import { marginInProcess as cli } from '../helpers/marginCli.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The `npx margin run …` synopsis lines of the Commands section (continued by trailing backslashes). */
function runSynopsis(): string {
  const lines = README.split('\n');
  const start = lines.findIndex((line) => line.startsWith('npx margin run ['));
  if (start < 0) throw new Error('README has no "npx margin run [" synopsis line');
  let end = start;
  while (lines[end].trimEnd().endsWith('\\')) end++;
  return lines.slice(start, end + 1).join('\n');
}

const longOptions = (text: string) => new Set([...text.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]));

describe('README: the margin run synopsis', () => {
  it('names every option of margin run --help and no other', async () => {
    const help = await cli(['run', '--help']);
    expect(help.code).toBe(0);
    const options = [...longOptions(help.stdout.split('Options:')[1] ?? '')].filter((o) => o !== '--help').sort();
    expect(options.length).toBeGreaterThanOrEqual(15); // the parser reads the help it should
    expect([...longOptions(runSynopsis())].sort()).toEqual(options);
  });

  it('lists every margin model --models accepts', () => {
    const models = /--models ([a-z,-]+)/.exec(runSynopsis())?.[1].split(',');
    expect(models).toEqual([...MARGIN_MODEL_NAMES]);
  });
});
