/**
 * The clock the sandbox's time limits count: wall time minus the time the student's process spent waiting for a
 * CPU that others held (the kernel's run-queue wait of its main thread, /proc/<pid>/schedstat). On a busy machine
 * a student's code runs slower but is not timed out for it; an endless loop or a sleep still meets the limit as
 * before, since running and sleeping both count.
 *
 * Two guards keep the student from stretching the clock:
 *   - the process's CPU time over all its threads (/proc/<pid>/stat) counts too, whichever is more: worker
 *     threads that keep the main thread waiting for a CPU use CPU time themselves;
 *   - the clock never runs slower than wall time divided by MAX_SLOWDOWN.
 * The exercise's budget is charged the process's CPU time instead (`charged`), at least a tenth of the wall time.
 * Where the kernel does not tell (no /proc: macOS, Windows), the clock is the wall clock.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

/** However busy the machine, a limit of L ms ends at the latest after L × MAX_SLOWDOWN ms of wall time. */
export const MAX_SLOWDOWN = 10;

/**
 * How long, in wall time, whoever waits for a sandbox with this total budget may have to wait: the budget at the
 * clock's slowest pace, plus a margin for starting and closing it. Test timeouts around checks use this, so that
 * a busy machine slows a check without the test runner cutting it off.
 */
export function wallBoundMs(limits: { totalMs: number }): number {
  return limits.totalMs * MAX_SLOWDOWN + 30_000;
}
/** Linux reports CPU time in /proc/<pid>/stat in USER_HZ ticks, which is 100 per second on every architecture. */
const TICK_MS = 10;
/** Readings closer together than this share one reading of /proc (see `mark`). */
const FRESH_MS = 1;
/** Wrappers (setpriv, unshare, prlimit) stand between the group leader and node: this many at most. */
const MAX_WRAPPERS = 8;

export interface Reading {
  wall: number;
  /** Run-queue wait of the main thread, ms. */
  waited: number;
  /** User and system time of the whole process, ms. */
  cpu: number;
}

/** The innermost process below `pid` (each wrapper has exactly one child; node has none of its own). */
function innermost(pid: number): number {
  for (let i = 0; i < MAX_WRAPPERS; i++) {
    let children: string;
    try {
      children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    } catch {
      return pid;
    }
    if (children === '') return pid;
    pid = Number(children.split(' ')[0]);
  }
  return pid;
}

/**
 * The two /proc files of the sandboxed process, opened once and read from their start at each reading: a grading
 * reads the clock a few times per call, thousands of times per student, and opening the files each time cost the
 * worker about 0.3 s per student. An open /proc file stays bound to its process: once that ends, reading fails,
 * rather than reading a later process that got the same pid.
 */
class ProcFiles {
  private readonly buffer = Buffer.alloc(1024);
  private fds: [number, number] | null;

  constructor(pid: number) {
    try {
      const schedstat = openSync(`/proc/${pid}/schedstat`, 'r');
      try {
        this.fds = [schedstat, openSync(`/proc/${pid}/stat`, 'r')];
      } catch (err) {
        closeSync(schedstat);
        throw err;
      }
    } catch {
      this.fds = null;
    }
  }

  read(): Omit<Reading, 'wall'> | null {
    if (this.fds === null) return null;
    try {
      const waited = Number(this.text(this.fds[0]).split(' ')[1]) / 1e6;
      const stat = this.text(this.fds[1]);
      // Fields after the command name (which may hold spaces) start after its closing parenthesis; utime and stime
      // are fields 14 and 15 of the line, 12 and 13 after it.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpu = (Number(f[11]) + Number(f[12])) * TICK_MS;
      return Number.isFinite(waited) && Number.isFinite(cpu) ? { waited, cpu } : null;
    } catch {
      return null;
    }
  }

  close(): void {
    if (this.fds === null) return;
    for (const fd of this.fds) closeSync(fd);
    this.fds = null;
  }

  private text(fd: number): string {
    const n = readSync(fd, this.buffer, 0, this.buffer.length, 0);
    return this.buffer.toString('latin1', 0, n);
  }
}

/**
 * One sandboxed process's clock. `mark()` starts an interval; `since(mark)` is how much of the interval counts.
 * Before `attach` (the process has not said it is ready), and once its /proc entry is gone, it counts wall time.
 */
export class SandboxClock {
  private files: ProcFiles | null = null;
  private last: Omit<Reading, 'wall'> = { waited: 0, cpu: 0 };
  private readAt = -Infinity;

  /** Finds the sandboxed node process below the group leader `pgid`, once every wrapper has started it. */
  attach(pgid: number): void {
    if (process.platform !== 'linux' || pgid <= 0) return;
    const files = new ProcFiles(innermost(pgid));
    const first = files.read();
    if (first === null) return files.close();
    this.files = files;
    this.last = first;
    this.readAt = performance.now();
  }

  /** Closes the /proc files once the process is gone; readings then keep its last values. */
  close(): void {
    this.files?.close();
  }

  /**
   * Now, on this clock. A reading less than FRESH_MS after the last one reuses its CPU and wait figures (the grader
   * reads the clock twice at each answer, microseconds apart): a limit may be counted at most FRESH_MS late.
   */
  mark(): Reading {
    const wall = performance.now();
    if (this.files !== null && wall - this.readAt >= FRESH_MS) {
      this.last = this.files.read() ?? this.last;
      this.readAt = wall;
    }
    return { wall, ...this.last };
  }

  /**
   * What the interval since `start` costs the exercise's budget: the CPU time the process used, at least
   * wall / MAX_SLOWDOWN, at most wall. Unlike `since`, waiting for the grader (a busy grader reads answers late)
   * costs the student nothing; a student who sleeps is bounded by each call's own limit, timed by `since`.
   */
  charged(start: Reading): number {
    const now = this.mark();
    const wall = now.wall - start.wall;
    if (this.files === null) return wall;
    return Math.min(wall, Math.max(now.cpu - start.cpu, wall / MAX_SLOWDOWN));
  }

  /** Milliseconds counted since `start`: never more than wall time, never less than wall time / MAX_SLOWDOWN. */
  since(start: Reading): number {
    const now = this.mark();
    const wall = now.wall - start.wall;
    const counted = Math.max(wall - (now.waited - start.waited), now.cpu - start.cpu);
    return Math.min(wall, Math.max(counted, wall / MAX_SLOWDOWN));
  }
}
