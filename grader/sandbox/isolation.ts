/**
 * The OS layers around the sandboxed Node process, probed once per grader process.
 *
 *   setpriv --pdeathsig KILL                  the tree dies with the grader, even if the grader is
 *                                             SIGKILLed (the wrapper and the inner process each get it:
 *                                             dropping the uid clears what unshare --kill-child set)
 *   unshare --pid --net --fork --kill-child   own PID and network namespaces: the child cannot signal
 *                                             the grader nor reach the network; it dies with unshare
 *   setpriv --reuid=65534 --regid=65534       (as root) the child runs as nobody and cannot read
 *                                             root-only files even if the permission model slipped
 *   prlimit --as --cpu --core=0               an address-space cap that also covers ArrayBuffers
 *                                             (V8's heap flag does not), a CPU backstop for orphans
 *   node --experimental-permission            reads only inside the staging root; no writes, no child
 *                                             processes, no workers, no addons
 * Each layer that is unavailable is reported here (probeIsolation; layers.ts names them and says how
 * to enable each) and, unless the teacher accepted running without it, the sandbox refuses to start
 * (fail closed, see Sandbox.start). GATELAB_SANDBOX_DISABLE=namespaces,user,memory,permission,pdeathsig
 * (pid and net stand for namespaces) switches layers off, for debugging and for the tests of the
 * missing-layer paths; it is read from the grader's environment, which students do not control.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_MESSAGE_BYTES, SandboxLimits } from './types';

export interface IsolationReport {
  pidNamespace: boolean;
  netNamespace: boolean;
  dropUser: boolean;
  memoryLimit: boolean;
}

export interface IsolationDetails extends IsolationReport {
  /** Absolute paths of the wrappers (the child's empty environment has no PATH to find them by). */
  tools: { unshare: string; setpriv: string; prlimit: string };
  /** The child gets SIGKILL when its parent dies (setpriv --pdeathsig). */
  parentDeathSignal: boolean;
  /** VmPeak of an idle Node in bytes; the address-space cap is this plus memoryMb plus headroom. */
  baselineBytes: number;
  /** Node's permission model works (reads limited, no writes, no child processes). */
  permissionModel: boolean;
  /** The grader runs as root, so the child must drop to uid 65534. */
  root: boolean;
  /** Why each missing probe failed, by probe. */
  why: Partial<Record<'namespaces' | 'user' | 'memory' | 'permission' | 'pdeathsig', string>>;
  /** Why a layer is missing, one line each. */
  notes: string[];
}

const MiB = 1024 * 1024;
/** Room for what an idle Node does not map yet: libuv's thread pool stacks, code space, malloc arenas. */
const HEADROOM_MB = 64;
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];
export const DEATH = ['--pdeathsig', 'KILL'];
/** Fewer malloc arenas keep Node's virtual size (and so the calibration) stable across machines. */
export const CHILD_ENV: Readonly<Record<string, string>> = Object.freeze({ MALLOC_ARENA_MAX: '2' });

function findTool(name: string): string {
  // Only absolute PATH entries: a relative one would let the working directory choose our wrappers.
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/bin', '/usr/sbin', '/sbin'];
  for (const dir of dirs.filter((d) => path.isAbsolute(d))) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // Not here.
    }
  }
  return name; // Let the probe fail with ENOENT and say so.
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

function namespaceArgs(): string[] {
  const ns = ['--pid', '--net', '--fork', '--kill-child'];
  return isRoot() ? ns : ['--user', '--map-root-user', ...ns];
}

function run(cmd: string, args: string[]): Promise<{ ok: boolean; stdout: string; why: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env: { ...CHILD_ENV }, timeout: 15_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const why = err ? `${String(stderr).trim().split('\n')[0] || err.message}`.slice(0, 200) : '';
      resolve({ ok: !err, stdout: String(stdout), why });
    });
  });
}

// Warm the heap a little so the young generation and code space are mapped, then report VmPeak.
const CALIBRATE = [
  'const keep = []; for (let i = 0; i < 200000; i++) keep.push({ i });',
  'keep.push(new Float64Array(1 << 17));',
  'setTimeout(() => { const m = /VmPeak:\\s+(\\d+) kB/.exec(require("fs").readFileSync("/proc/self/status", "utf8"));',
  'process.stdout.write(m ? m[1] : ""); }, 20);',
].join('\n');

const skipped = { ok: false, stdout: '', why: 'disabled by GATELAB_SANDBOX_DISABLE' };

// The permission model is in force when a write and a child process are both refused.
const PERMISSION_PROBE =
  "process.stdout.write(String(!!process.permission && !process.permission.has('fs.write') && !process.permission.has('child')))";

function disabledLayers(): Set<string> {
  const off = new Set((process.env.GATELAB_SANDBOX_DISABLE ?? '').split(',').map((x) => x.trim()));
  if (off.has('pid') || off.has('net')) off.add('namespaces');
  return off;
}

type Probed = { ok: boolean; stdout: string; why: string };
type Tools = IsolationDetails['tools'];
/** Namespaces, parent-death signal, dropping the user (null when not root), permission model. */
type LayerProbes = [Probed, Probed, Probed | null, Probed];

/** The wrappers, by absolute path. */
export function toolPaths(): Tools {
  return { unshare: findTool('unshare'), setpriv: findTool('setpriv'), prlimit: findTool('prlimit') };
}

/** Each layer but the memory cap alone, so that a missing one is named. Exported for its test, as probeTogether. */
export function probeEach(off: Set<string>, tools: Tools): Promise<LayerProbes> {
  const node = [process.execPath, '-e', '0'];
  return Promise.all([
    off.has('namespaces') ? skipped : run(tools.unshare, [...namespaceArgs(), '--', ...node]),
    off.has('pdeathsig') ? skipped : run(tools.setpriv, [...DEATH, '--', ...node]),
    !isRoot() ? null : off.has('user') ? skipped : run(tools.setpriv, [...NOBODY, ...DEATH, '--', ...node]),
    off.has('permission')
      ? skipped
      : run(process.execPath, [
          '--experimental-permission',
          '--no-warnings',
          `--allow-fs-read=${os.tmpdir()}`,
          '-e',
          PERMISSION_PROBE,
        ]),
  ]);
}

/**
 * The same layers in one process, stacked as buildCommand stacks them for the sandbox: one Node start instead of four
 * when every layer works, the usual case (each Node start was a tenth of a cold `check`). Null when any of them fails
 * or is switched off; then probeEach says which.
 */
export async function probeTogether(off: Set<string>, tools: Tools): Promise<LayerProbes | null> {
  if (['namespaces', 'pdeathsig', 'user', 'permission'].some((layer) => off.has(layer))) return null;
  let argv = [
    process.execPath,
    '--experimental-permission',
    '--no-warnings',
    `--allow-fs-read=${os.tmpdir()}`,
    '-e',
    PERMISSION_PROBE,
  ];
  if (isRoot()) argv = [tools.setpriv, ...NOBODY, ...DEATH, '--', ...argv];
  argv = [tools.setpriv, ...DEATH, '--', tools.unshare, ...namespaceArgs(), '--', ...argv];
  const all = await run(argv[0], argv.slice(1));
  if (!all.ok || all.stdout.trim() !== 'true') return null;
  return [all, all, isRoot() ? all : null, all];
}

async function probe(): Promise<IsolationDetails> {
  const off = disabledLayers();
  const tools = toolPaths();
  const notes: string[] = [];
  const [[ns, death, drop, perm], cal] = await Promise.all([
    probeTogether(off, tools).then((together) => together ?? probeEach(off, tools)),
    off.has('memory')
      ? skipped
      : run(tools.prlimit, [
          `--as=${16 * 1024 * MiB}`,
          '--',
          process.execPath,
          '--max-old-space-size=64',
          '-e',
          CALIBRATE,
        ]),
  ]);
  const why: IsolationDetails['why'] = {};
  if (!ns.ok)
    notes.push(
      `no PID/network namespace (unshare: ${(why.namespaces = ns.why)}); the child can use the network and signal processes of its user`,
    );
  if (!death.ok)
    notes.push(
      `no parent-death signal (setpriv: ${(why.pdeathsig = death.why)}); a child can outlive a grader that is killed`,
    );
  if (drop === null)
    notes.push('not running as root: the child keeps the grader user (inside a user namespace when available)');
  else if (!drop.ok) notes.push(`cannot drop to uid 65534 (setpriv: ${(why.user = drop.why)})`);
  const kb = Number(cal.stdout.trim());
  const memoryLimit = cal.ok && Number.isFinite(kb) && kb > 0;
  if (!memoryLimit)
    notes.push(
      `no address-space cap (prlimit/calibration: ${(why.memory = cal.why || 'no VmPeak')}); ArrayBuffers are not limited`,
    );
  const permissionModel = perm.ok && perm.stdout.trim() === 'true';
  if (!permissionModel)
    notes.push(
      `no permission model (node --experimental-permission: ${(why.permission = perm.why || 'not enforced')}); the child can write files and start processes`,
    );
  return {
    pidNamespace: ns.ok,
    netNamespace: ns.ok,
    dropUser: drop !== null && drop.ok,
    memoryLimit,
    tools,
    parentDeathSignal: death.ok,
    baselineBytes: memoryLimit ? kb * 1024 : 0,
    permissionModel,
    root: isRoot(),
    why,
    notes,
  };
}

let cached: Promise<IsolationDetails> | undefined;

export function isolationDetails(): Promise<IsolationDetails> {
  cached ??= probe();
  return cached;
}

/**
 * Hands this thread the result of a probe made by the trusted process that runs it: Vitest starts
 * new worker threads for every run, and probing again in each (about half a second) is what made a
 * warm `check` slow. The first probe of the thread wins; later seeds are ignored.
 */
export function seedIsolationDetails(details: IsolationDetails): void {
  cached ??= Promise.resolve(details);
}

/** Which isolation layers work on this machine (probed once, then cached). */
export async function probeIsolation(): Promise<IsolationReport> {
  const d = await isolationDetails();
  return {
    pidNamespace: d.pidNamespace,
    netNamespace: d.netNamespace,
    dropUser: d.dropUser,
    memoryLimit: d.memoryLimit,
  };
}

export function addressSpaceBytes(details: IsolationDetails, memoryMb: number): number {
  return details.baselineBytes + (memoryMb + HEADROOM_MB) * MiB;
}

/** The full command line: wrappers first, then node and the runner. `root` must be a real path. */
export function buildCommand(root: string, limits: SandboxLimits, d: IsolationDetails, dropUser: boolean): string[] {
  let argv = [
    process.execPath,
    ...(d.permissionModel ? ['--experimental-permission', `--allow-fs-read=${root}`] : []),
    `--max-old-space-size=${Math.max(16, Math.floor(limits.memoryMb))}`,
    '--no-addons',
    '--no-warnings',
    path.join(root, 'runner.js'),
    String(MAX_MESSAGE_BYTES),
  ];
  if (d.memoryLimit) {
    // CPU seconds only as a backstop for a child orphaned by a dead grader; the sandbox's clock rules otherwise.
    const cpu = Math.ceil((limits.totalMs * 3) / 1000) + 10;
    argv = [
      d.tools.prlimit,
      `--as=${addressSpaceBytes(d, limits.memoryMb)}`,
      `--cpu=${cpu}`,
      '--core=0',
      '--',
      ...argv,
    ];
  }
  if (dropUser) argv = [d.tools.setpriv, ...NOBODY, ...(d.parentDeathSignal ? DEATH : []), '--', ...argv];
  if (d.pidNamespace) argv = [d.tools.unshare, ...namespaceArgs(), '--', ...argv];
  if (d.parentDeathSignal) argv = [d.tools.setpriv, ...DEATH, '--', ...argv];
  return argv;
}

/**
 * Makes the staging root readable by uid 65534: the tree gets o+r (and o+x on directories), and
 * ancestors inside the OS temp dir get o+x (search only, no listing). Returns why the user cannot
 * be dropped, or null when it can; the caller refuses to run (fail closed) unless that is accepted.
 */
export function prepareRoot(root: string): string | null {
  const tmp = fs.realpathSync(os.tmpdir());
  for (let dir = path.dirname(root); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const st = fs.statSync(dir);
    if ((st.mode & 0o001) !== 0) continue;
    if (!dir.startsWith(tmp + path.sep)) return `${dir} is not searchable by uid 65534 and lies outside ${tmp}`;
    fs.chmodSync(dir, (st.mode & 0o7777) | 0o001);
  }
  // No count limit here: the walk is linear in a tree the compile step wrote, and giving up would leave
  // the child unable to read its own files (the count of files is bounded where they are listed).
  const visit = (p: string): void => {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) return;
    const want = st.isDirectory() ? 0o005 : 0o004;
    if ((st.mode & want) !== want) fs.chmodSync(p, (st.mode & 0o7777) | want);
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
  };
  visit(root);
  return null;
}
