/**
 * The launcher: a small helper process of the grader's that starts sandbox processes for it (see launcher.ts, which
 * starts it with `node -e` on this file transpiled alone, so it needs nothing but Node). It is trusted code and runs
 * as the grader. Asked over its IPC channel, it spawns the given argv in a process group of its own with four pipes
 * (stdout, stderr, requests, answers), stops reading them at once, hands their grader ends back over the channel,
 * and says when the process exits. When the grader goes (the channel closes), every process it started is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

interface SpawnRequest {
  t: 'spawn';
  id: number;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

const started = new Map<number, ChildProcess>();

function send(message: object, handle?: Socket): void {
  try {
    process.send?.(message, handle);
  } catch {
    // The grader is gone: 'disconnect' ends this process.
  }
}

/** A pipe's end that nothing here must read: the grader reads it, once it has it. */
function held(stream: unknown): Socket {
  const socket = stream as Socket & { _handle: { reading: boolean; readStop(): number } | null };
  if (socket._handle) {
    socket._handle.reading = false;
    socket._handle.readStop();
  }
  return socket;
}

function start(req: SpawnRequest): void {
  let child: ChildProcess;
  try {
    child = spawn(req.argv[0], req.argv.slice(1), {
      cwd: req.cwd,
      env: req.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
    });
  } catch {
    // The grader spawns it itself then, and reports what goes wrong as it always did.
    send({ t: 'error', id: req.id });
    return;
  }
  if (child.pid === undefined) {
    child.on('error', () => send({ t: 'error', id: req.id }));
    return;
  }
  const pipes = child.stdio.slice(1).map(held);
  started.set(req.id, child);
  child.on('error', () => undefined);
  child.on('exit', (code, signal) => {
    started.delete(req.id);
    send({ t: 'exit', id: req.id, code, signal });
  });
  send({ t: 'pid', id: req.id, pid: child.pid });
  pipes.forEach((pipe, i) => send({ t: 'pipe', id: req.id, fd: i + 1 }, pipe));
}

process.on('message', (message: unknown) => {
  const req = message as Partial<SpawnRequest> | null;
  if (req?.t === 'spawn' && typeof req.id === 'number' && Array.isArray(req.argv)) start(req as SpawnRequest);
});

process.on('disconnect', () => {
  for (const child of started.values()) {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  process.exit(0);
});
