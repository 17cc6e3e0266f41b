/**
 * Sandbox processes are started by a small helper process (launcher-main.ts), not by the grader itself.
 *
 * Node starts a process by forking its caller first: from a grader of 500–600 MB (Vitest, its workers, the
 * references) that took about 35 ms per sandbox and held up the grader's other threads meanwhile; from a helper of
 * 40 MB it takes about 3 ms (`npm run bench -- class` prints both). The helper, one per thread, spawns each sandbox with
 * exactly the argv, folder, environment and process group it would have had, hands the grader ends of its pipes back
 * over the IPC channel and reports its exit. It runs with the parent-death signal when the sandbox has that layer,
 * so that when the grader goes, the helper goes and every sandbox with it (each sandbox has the signal too); it also
 * kills what it started when its channel closes. Where the helper cannot be used (not Linux, or it failed to start
 * or died before answering), the grader spawns the sandbox itself: the process is the same either way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { CHILD_ENV, DEATH, isolationDetails } from './isolation';
import { transpiledAlone } from './write-runner';

/** What SandboxChild uses of a started process: a ChildProcess, or the helper's stand-in for one. */
export interface StartedProcess {
  readonly pid: number | undefined;
  /** stdout, stderr, requests (fd 3), answers (fd 4); index 0 (stdin) is unused. */
  readonly stdio: readonly [unknown, Readable, Readable, Writable, Readable];
  on(event: 'error', listener: (e: Error) => void): this;
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
  on(event: 'close', listener: () => void): this;
  unref(): void;
}

type Message =
  | { t: 'pid'; pid: number }
  | { t: 'pipe'; fd: number }
  | { t: 'exit'; code: number | null; signal: NodeJS.Signals | null }
  | { t: 'error' };

/** The helper's stand-in for a ChildProcess. Events that come before anyone listens are kept for the first listener. */
class LaunchedProcess extends EventEmitter implements StartedProcess {
  pid: number | undefined;
  readonly pipes: (Readable | Writable | undefined)[] = [];
  /** Events that came before their first listener, kept for it. */
  private early = new Map<string, unknown[][]>();
  private open = 4;
  private exitSeen = false;

  get stdio(): StartedProcess['stdio'] {
    const [, out, err, req, res] = this.pipes;
    return [null, out as Readable, err as Readable, req as Writable, res as Readable];
  }

  get complete(): boolean {
    return this.pid !== undefined && this.pipes.filter(Boolean).length === 4;
  }

  addPipe(fd: number, socket: Readable & Writable): void {
    this.pipes[fd] = socket;
    socket.once('close', () => {
      if (--this.open === 0) this.closeIfDone();
    });
  }

  exited(code: number | null, signal: NodeJS.Signals | null): void {
    this.exitSeen = true;
    this.release();
    this.deliver('exit', [code, signal]);
    this.closeIfDone();
  }

  override on(event: string | symbol, listener: Parameters<EventEmitter['on']>[1]): this {
    super.on(event, listener);
    const kept = this.early.get(String(event));
    if (kept) {
      this.early.delete(String(event));
      for (const args of kept) process.nextTick(() => this.emit(event, ...args));
    }
    return this;
  }

  /** Called once, at unref() or at the exit, whichever comes first: the process no longer keeps the grader up. */
  release: () => void = () => undefined;

  /** Like ChildProcess.unref: the grader may end while this process runs (its pipes are unref'd by their owner). */
  unref(): void {
    this.release();
  }

  private closeIfDone(): void {
    if (this.exitSeen && this.open === 0) this.deliver('close', []);
  }

  private deliver(event: string, args: unknown[]): void {
    if (this.listenerCount(event) > 0) this.emit(event, ...args);
    else this.early.set(event, [...(this.early.get(event) ?? []), args]);
  }
}

interface Pending {
  proc: LaunchedProcess;
  resolve: (p: StartedProcess | null) => void;
  settled: boolean;
}

class Helper {
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  /** Starts pending and processes running that were not unref'd: while there are any, the channel keeps us up. */
  private holds = 0;
  private gone = false;

  private constructor(private readonly proc: ChildProcess) {
    proc.on('message', (m: unknown, handle: unknown) => this.onMessage(m as Message & { id: number }, handle));
    proc.on('error', () => this.end());
    proc.on('exit', () => this.end());
    proc.unref();
    proc.channel?.unref();
  }

  static start(prefix: readonly string[]): Helper | null {
    try {
      const argv = [...prefix, process.execPath, '-e', transpiledAlone('launcher-main.ts')];
      const proc = spawn(argv[0], argv.slice(1), {
        env: { ...CHILD_ENV },
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      });
      if (proc.pid !== undefined) return new Helper(proc);
      proc.on('error', () => undefined); // it did not start (the error comes on the next tick): the grader spawns
      return null;
    } catch {
      return null;
    }
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** The started process, or null when the helper could not start it (the caller spawns it itself then). */
  launch(argv: string[], cwd: string): Promise<StartedProcess | null> {
    const id = ++this.next;
    return new Promise((resolve) => {
      const proc = new LaunchedProcess();
      this.pending.set(id, { proc, resolve, settled: false });
      this.hold();
      let held = true;
      proc.release = () => {
        if (held) this.unhold();
        held = false;
      };
      try {
        this.proc.send({ t: 'spawn', id, argv, cwd, env: { ...CHILD_ENV } });
      } catch {
        this.end();
      }
    });
  }

  private hold(): void {
    if (this.holds++ === 0) this.proc.channel?.ref();
  }

  private unhold(): void {
    if (--this.holds === 0) this.proc.channel?.unref();
  }

  /** A start not done here (value null) holds nothing any more; a process handed over holds until it exits. */
  private settle(p: Pending, value: StartedProcess | null): void {
    if (p.settled) return;
    p.settled = true;
    if (value === null) p.proc.release();
    p.resolve(value);
  }

  private onMessage(m: Message & { id: number }, handle: unknown): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.t === 'pid') p.proc.pid = m.pid;
    else if (m.t === 'pipe' && handle) p.proc.addPipe(m.fd, handle as Readable & Writable);
    else if (m.t === 'error') {
      // The spawn failed (no such program …): the caller spawns it itself, which fails as it always did.
      this.pending.delete(m.id);
      this.settle(p, null);
    } else if (m.t === 'exit') {
      this.pending.delete(m.id);
      // Not yet handed out (the helper sends the pipes first, so only a helper gone wrong): the caller starts it.
      if (!p.settled) return this.settle(p, null);
      p.proc.exited(m.code, m.signal);
    }
    if (p.proc.complete) this.settle(p, p.proc);
  }

  /** The helper died: a start not yet answered is done by the caller; a started process died with it. */
  private end(): void {
    if (this.gone) return;
    this.gone = true;
    if (helper === this) helper = null;
    for (const p of this.pending.values()) {
      if (p.proc.pid !== undefined) killGroup(p.proc.pid);
      if (p.settled) {
        // What the helper started dies with it (parent-death signal), and its group is killed here in any case.
        p.proc.exited(null, 'SIGKILL');
        continue;
      }
      // Half handed over: what came is let go and the caller starts the process anew.
      for (const pipe of p.proc.pipes) pipe?.destroy();
      this.settle(p, null);
    }
    this.pending.clear();
  }
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

let helper: Helper | null = null;
let helperFailed = false;

/** The pid of this thread's helper, if one runs (for tests). */
export function helperPid(): number | undefined {
  return helper?.pid;
}

/** Starts this thread's helper, run under `prefix` (a wrapper command), unless one runs; false when it cannot start. */
export function startHelper(prefix: readonly string[]): boolean {
  helper ??= Helper.start(prefix);
  return helper !== null;
}

/** Starts `argv` as a sandbox process in `cwd`: through the helper where it can, otherwise by spawning it here. */
export async function startProcess(argv: string[], cwd: string): Promise<StartedProcess> {
  if (process.platform === 'linux' && !helperFailed) {
    if (helper === null) {
      // The helper dies with the grader when the sandbox's processes do (the parent-death layer).
      const d = await isolationDetails();
      if (!startHelper(d.parentDeathSignal ? [d.tools.setpriv, ...DEATH, '--'] : [])) helperFailed = true;
    }
    const started = await helper?.launch(argv, cwd);
    if (started) return started;
  }
  return spawnHere(argv, cwd);
}

function spawnHere(argv: string[], cwd: string): StartedProcess {
  const proc = spawn(argv[0], argv.slice(1), {
    cwd,
    env: { ...CHILD_ENV },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
  });
  return proc as unknown as StartedProcess;
}
