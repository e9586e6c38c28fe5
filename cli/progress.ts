import cliProgress from 'cli-progress';

/**
 * Progress of a long run on stderr: a bar on a terminal, a line per ~10% otherwise (CI logs),
 * nothing when quiet. stdout stays clean for JSON/CSV.
 */
export function progressReporter(label: string, quiet: boolean, unit = 'scenarios'): { update: (done: number, total: number) => void; stop: () => void } {
  if (quiet) return { update: () => {}, stop: () => {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: `${label} [{bar}] {percentage}% {value}/{total} ${unit}, eta {eta_formatted}`, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
      stop: () => started && bar.stop(),
    };
  }
  // Off a terminal (CI logs, pipes): a line per 10%, and only once the run has lasted a second,
  // so short runs stay quiet.
  const began = performance.now();
  let lastDecile = -1;
  return {
    update(done, total) {
      const decile = Math.floor((10 * done) / total);
      if (decile === lastDecile || performance.now() - began < 1000) return;
      lastDecile = decile;
      process.stderr.write(`${label}: ${done}/${total} ${unit} (${Math.round((100 * done) / total)}%)\n`);
    },
    stop: () => {},
  };
}
