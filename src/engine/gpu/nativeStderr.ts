/**
 * Node-only, Linux-only: hides Dawn's known, benign warnings from stderr.
 *
 * Dawn's native code prints `Warning: maxDynamic…BuffersPerPipelineLayout artificially reduced …`
 * with fprintf(stderr) whenever it clamps an adapter's limits: on every adapter, in every GPU
 * run, whatever `--quiet` says, and users read the lines as errors. JavaScript cannot intercept a
 * native fprintf, but it can point file descriptor 2 somewhere else while Dawn runs. So, around
 * each synchronous Dawn call that may print (create(), and the synchronous part of
 * requestAdapter() and requestDevice(): Dawn discovers adapters and clamps their limits inside
 * the requestAdapter call itself, before its promise is returned), fd 2 is redirected to an
 * unlinked temporary file; afterwards it is restored and every captured line that is not a known
 * benign warning is written back to process.stderr, so a real Dawn error is never hidden.
 *
 * The window is synchronous on purpose: no JavaScript runs inside it, so nothing of our own can
 * be captured or reordered. Native threads that write to fd 2 meanwhile are captured and forwarded.
 *
 * Node has no dup2, so the swap is close(2) then open(), which takes the lowest free descriptor;
 * every descriptor that must land on 2 is checked, and the swap is undone or skipped otherwise.
 * It is done only when fd 2 is a pipe or a terminal:
 *   - not a regular file: with `> log 2>&1` fds 1 and 2 share one open file description (one
 *     offset); the reopened fd 2 would have its own, and stdout's later writes would overwrite
 *     stderr's bytes;
 *   - not a socket: /proc/self/fd/N of a socket cannot be opened.
 * It is also skipped while process.stderr has writes queued (they would land in the capture), on
 * platforms other than Linux, and when MARGIN_DAWN_STDERR=show.
 *
 * The restored fd 2 is a new open file description of the same pipe or terminal with the original
 * access mode and O_APPEND/O_NONBLOCK flags (read from /proc/self/fdinfo/2, so libuv's
 * non-blocking pipe writes keep their behaviour). Node opens it close-on-exec; libuv clears that
 * flag in a child it spawns with inherited stdio, so children still get stderr.
 * Residual risk: another thread opening a file between close(2) and open() would take fd 2; the
 * check then fails, and if stderr cannot be put back the error is written to the original stderr.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isatty } from 'node:tty';

/** Env var: `show` leaves Dawn's stderr alone (no redirection, nothing filtered). */
export const DAWN_STDERR_ENV = 'MARGIN_DAWN_STDERR';

/**
 * Dawn's known benign lines (dawn::WarningLog). The limit-clamping warning: Dawn reduces the
 * adapter's dynamic-buffer limits to what its dynamic-offset allocation holds (16). WebGPU's
 * defaults (8 uniform, 4 storage) are below that, and the engine binds no dynamic offsets.
 */
const BENIGN_DAWN_LINES: readonly RegExp[] = [
  /^Warning: maxDynamic(?:Uniform|Storage)BuffersPerPipelineLayout artificially reduced from \d+ to \d+ to fit dynamic offset allocation limit\.?\s*$/,
];

/** Whether one line (without its newline) is a known benign Dawn warning. */
export function isBenignDawnLine(line: string): boolean {
  return BENIGN_DAWN_LINES.some((pattern) => pattern.test(line));
}

/**
 * Splits captured native stderr into the bytes to forward (every line that is not benign, byte
 * for byte, a last unterminated line included) and the count of benign lines dropped.
 */
export function filterNativeStderr(captured: Uint8Array): { forward: Buffer; dropped: number } {
  const bytes = Buffer.from(captured.buffer, captured.byteOffset, captured.byteLength);
  const kept: Buffer[] = [];
  let dropped = 0;
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline + 1;
    const line = bytes.subarray(start, end);
    // latin1 maps bytes one to one, so a non-UTF-8 line cannot match by accident or throw.
    if (isBenignDawnLine(line.toString('latin1').replace(/\r?\n$/, ''))) dropped++;
    else kept.push(line);
    start = end;
  }
  return { forward: Buffer.concat(kept), dropped };
}

/** Runs native calls with their stderr filtered; counts what it dropped. */
export interface NativeStderrFilter {
  /**
   * Runs `call` with Dawn's benign warnings filtered out of fd 2 when that is safe, else plainly.
   * Only the synchronous part of `call` is covered: pass the Dawn call, not an async function.
   */
  around<T>(call: () => T): T;
  /** Benign lines dropped so far. */
  readonly dropped: number;
}

type Env = Record<string, string | undefined>;

/** A filter for this process (a no-op off Linux or with MARGIN_DAWN_STDERR=show). */
export function nativeStderrFilter(env: Env = process.env, platform: string = process.platform): NativeStderrFilter {
  let dropped = 0;
  const active = platform === 'linux' && env[DAWN_STDERR_ENV]?.trim().toLowerCase() !== 'show';
  return {
    around<T>(call: () => T): T {
      if (!active) return call();
      const { value, captured } = captureFd2(call);
      if (captured && captured.length > 0) {
        const { forward, dropped: n } = filterNativeStderr(captured);
        dropped += n;
        if (forward.length > 0) process.stderr.write(forward);
      }
      return value;
    },
    get dropped() {
      return dropped;
    },
  };
}

/** The descriptors of one capture: the original stderr, kept open, and the capture file. */
interface CaptureSession {
  saved: number;
  capture: number;
  /** Flags to reopen stderr with: its access mode, O_APPEND and O_NONBLOCK. */
  flags: number;
}

let captureCounter = 0;

/** The access-mode bits of open(2)'s flags (POSIX; not in fs.constants). */
const O_ACCMODE = 3;

/**
 * Runs `call` with fd 2 pointing at a temporary file and returns what was written there
 * (undefined when fd 2 was left alone). Restores fd 2 before returning or throwing.
 */
function captureFd2<T>(call: () => T): { value: T; captured: Buffer | undefined } {
  const session = openCaptureSession();
  if (!session) return { value: call(), captured: undefined };
  try {
    closeSync(2);
    const redirected = openAt2(`/proc/self/fd/${session.capture}`, constants.O_WRONLY);
    if (!redirected) {
      restoreFd2(session);
      return { value: call(), captured: undefined };
    }
    let value: T;
    try {
      value = call();
    } finally {
      closeSync(2);
      restoreFd2(session);
    }
    return { value, captured: readWhole(session.capture) };
  } finally {
    closeSync(session.saved);
    closeSync(session.capture);
  }
}

/** Opens the second handle on stderr and the capture file, or returns undefined when unsafe. */
function openCaptureSession(): CaptureSession | undefined {
  // Queued JavaScript writes on a pipe would be flushed into the capture file.
  if (process.stderr.writableLength > 0) return undefined;
  try {
    // BigInt stats: in Node 20, a plain fstatSync of a pipe left later ESM resolution unable to
    // follow node_modules symlinks (a GPU backend loaded after Dawn started failed with
    // ERR_MODULE_NOT_FOUND for typegpu's own dependencies; test/package's snippet run caught it).
    const stat = fstatSync(2, { bigint: true });
    if (!stat.isFIFO() && !isatty(2)) return undefined;
  } catch {
    return undefined; // fd 2 is closed
  }
  const flags = fd2ReopenFlags();
  if (flags === undefined) return undefined;
  let saved = -1;
  try {
    saved = openSync('/proc/self/fd/2', flags);
    const path = join(tmpdir(), `margin-dawn-stderr-${process.pid}-${captureCounter++}`);
    const capture = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o600);
    // Unlinked at once: nothing is left behind even if the process dies inside the window.
    unlinkSync(path);
    return { saved, capture, flags };
  } catch {
    if (saved >= 0) closeSync(saved);
    return undefined;
  }
}

/** The flags fd 2 was opened with that a reopened handle should keep, from /proc/self/fdinfo/2. */
function fd2ReopenFlags(): number | undefined {
  try {
    const match = /^flags:\s*([0-7]+)$/m.exec(readFileSync('/proc/self/fdinfo/2', 'latin1'));
    if (!match) return undefined;
    return Number.parseInt(match[1], 8) & (O_ACCMODE | constants.O_APPEND | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
}

/** Opens `path` expecting to get descriptor 2 (the lowest free one); closes it and says false otherwise. */
function openAt2(path: string, flags: number): boolean {
  let fd: number;
  try {
    fd = openSync(path, flags);
  } catch {
    return false;
  }
  if (fd === 2) return true;
  closeSync(fd);
  return false;
}

/** Puts the original stderr back on the (free) descriptor 2. */
function restoreFd2(session: CaptureSession): void {
  if (openAt2(`/proc/self/fd/${session.saved}`, session.flags)) return;
  const message = 'margin: could not restore stderr on file descriptor 2 after filtering Dawn warnings';
  try {
    writeSync(session.saved, `${message}\n`);
  } catch {
    // nothing left to report it on
  }
  throw new Error(message);
}

function readWhole(fd: number): Buffer {
  const size = fstatSync(fd).size;
  const out = Buffer.alloc(size);
  let read = 0;
  while (read < size) {
    const n = readSync(fd, out, read, size - read, read);
    if (n === 0) break;
    read += n;
  }
  return out.subarray(0, read);
}
