/**
 * One sandboxed OS process: spawning it in its own process group, the framed pipes, bounded capture
 * of stdout/stderr, and killing the whole group. It knows nothing of the request protocol.
 */
import * as fs from 'node:fs';
import { FrameEvent, FrameReader } from './frames';
import { startProcess, type StartedProcess } from './launcher';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Start and end of stderr, at most EXCERPT_BYTES in all. */
  stderr: string;
  /** The first stderr line that says memory ran out, if any. */
  oomLine: string | null;
  spawnError: string | null;
}

const EXCERPT_BYTES = 4096;
const OOM = /out of memory|bad_alloc|allocation failed|Cannot allocate memory/i;
/** How long we wait, after the group is killed, for every holder of the pipes to go. */
const CLOSE_GRACE_MS = 2000;
/** How long the namespace's init gets to die and be reaped before the whole group is killed. */
const ESCALATE_MS = 300;

const live = new Set<SandboxChild>();
let exitHookInstalled = false;

/** Keeps head and tail of a stream within a byte budget and remembers the first OOM line seen. */
class Excerpt {
  private head = '';
  private tail = '';
  private total = 0;
  private carry = '';
  oomLine: string | null = null;

  add(chunk: Buffer): void {
    const text = chunk.toString('utf8');
    this.total += text.length;
    if (this.oomLine === null) {
      const lines = (this.carry + text).split('\n');
      this.oomLine =
        lines
          .find((l) => OOM.test(l))
          ?.trim()
          .slice(0, 300) ?? null;
      this.carry = (lines[lines.length - 1] ?? '').slice(-300);
    }
    const half = EXCERPT_BYTES / 2;
    let rest = text;
    if (this.head.length < half) {
      const take = rest.slice(0, half - this.head.length);
      this.head += take;
      rest = rest.slice(take.length);
    }
    if (rest) this.tail = (this.tail + rest).slice(-half);
  }

  toString(): string {
    return this.total > EXCERPT_BYTES ? `${this.head}\n…\n${this.tail}` : this.head + this.tail;
  }
}

export class SandboxChild {
  /** The process-group id (the pid of the outermost wrapper, which leads the group). */
  readonly pgid: number;
  readonly exited: Promise<ChildExit>;
  onFrame: (e: FrameEvent) => void = () => undefined;
  private readonly proc: StartedProcess;
  private readonly stderr = new Excerpt();
  private readonly stdout = new Excerpt();
  private groupGone = false;
  /** The outermost process has ended (its pipes may still be draining). */
  hasExited = false;

  /** Starts `argv` in a process group of its own (launcher.ts), with the pipes the runner expects. */
  static async start(argv: string[], cwd: string, maxMessageBytes: number): Promise<SandboxChild> {
    installExitHook();
    return new SandboxChild(await startProcess(argv, cwd), maxMessageBytes);
  }

  private constructor(proc: StartedProcess, maxMessageBytes: number) {
    this.proc = proc;
    this.pgid = this.proc.pid ?? -1;
    live.add(this);
    const [, out, err, req, res] = this.proc.stdio;
    // An idle sandbox must not keep the grader alive: if it forgets close(), its exit hook still kills us.
    // While a call, a start or a close is pending, a timer of ours keeps the loop running.
    this.proc.unref();
    for (const s of [out, err, req, res]) {
      s.on('error', () => undefined); // EPIPE and friends after a death
      (s as unknown as { unref?: () => void }).unref?.();
    }
    out.on('data', (c: Buffer) => this.stdout.add(c));
    err.on('data', (c: Buffer) => this.stderr.add(c));
    const reader = new FrameReader(maxMessageBytes);
    res.on('data', (c: Buffer) => {
      for (const e of reader.push(c)) this.onFrame(e);
    });
    this.exited = new Promise((resolve) => {
      let spawnError: string | null = null;
      let status: { code: number | null; signal: NodeJS.Signals | null } | null = null;
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        live.delete(this);
        const exit = {
          ...(status ?? { code: null, signal: null }),
          stderr: this.stderr.toString(),
          oomLine: this.stderr.oomLine,
          spawnError,
        };
        void (this.pgid > 0 ? groupEmpty(this.pgid, CLOSE_GRACE_MS) : Promise.resolve()).then(() => resolve(exit));
      };
      this.proc.on('error', (e) => {
        spawnError = e.message;
        this.hasExited ||= this.pgid < 0;
        if (this.pgid < 0) finish();
      });
      this.proc.on('exit', (code, signal) => {
        status = { code, signal };
        this.hasExited = true;
        this.killGroup(); // whatever is left of the group goes with its leader
        setTimeout(finish, CLOSE_GRACE_MS).unref();
      });
      this.proc.on('close', () => {
        this.groupGone = true;
        finish();
      });
    });
  }

  get stdoutExcerpt(): string {
    return this.stdout.toString();
  }

  send(frame: Buffer): void {
    this.proc.stdio[3].write(frame);
  }

  /**
   * Kills the sandboxed process tree. Under unshare we first kill the namespace's init (unshare's
   * child) so that unshare reaps it and exits: killing both at once leaves the inner process a zombie
   * for whatever reaps orphans on this machine, which can take seconds. The group kill follows as the
   * guarantee.
   */
  kill(): void {
    if (this.groupGone || this.pgid < 0) return;
    const inner = innerChildren(this.pgid);
    for (const pid of inner) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    if (inner.length === 0) this.killGroup();
    else setTimeout(() => this.killGroup(), ESCALATE_MS).unref();
  }

  /** SIGKILL to the whole process group; harmless once it is gone. */
  killGroup(): void {
    if (this.groupGone || this.pgid < 0) return;
    try {
      process.kill(-this.pgid, 'SIGKILL');
    } catch {
      // ESRCH: the group is already empty.
    }
  }
}

function innerChildren(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(/\s+/)
      .filter((x) => /^\d+$/.test(x))
      .map(Number);
  } catch {
    return [];
  }
}

/** Resolves once no process of the group is left (zombies included), or after `ms`. */
async function groupEmpty(pgid: number, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** If the grader exits, its sandboxes must not outlive it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of live) c.killGroup();
  });
}
