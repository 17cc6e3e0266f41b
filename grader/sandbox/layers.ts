/**
 * The sandbox's isolation layers by name, which of them are in force on this machine, and the
 * fail-closed rule: a layer that is missing stops the student's code from running unless the
 * teacher accepted running without it (`--allow-weak-sandbox`). A student's own `check` accepts
 * every layer: it runs the student's own code on the student's own machine.
 *
 *   user        (when the grader is root) the child runs as uid 65534
 *   pid, net    own PID and network namespaces (unshare)
 *   memory      an address-space cap that also covers ArrayBuffers (prlimit)
 *   permission  Node's permission model: reads only in the staging root, no writes, no processes
 *   pdeathsig   the child is killed when the grader dies (setpriv --pdeathsig)
 */
import * as fs from 'node:fs';
import { isolationDetails, prepareRoot, type IsolationDetails } from './isolation';

export const LAYERS = ['user', 'pid', 'net', 'memory', 'permission', 'pdeathsig'] as const;
export type Layer = (typeof LAYERS)[number];
export type LayerState = 'in-force' | 'missing' | 'not-needed';

export interface LayerStatus {
  layer: Layer;
  state: LayerState;
  /** Why it is missing (one line). */
  why?: string;
  /** The one command (or setting) that brings it back. */
  enable?: string;
}

/** What the teacher accepts missing: nothing (the default), some layers, or every layer. */
export type Acceptance = readonly Layer[] | 'all';

export class LayerNameError extends Error {
  override readonly name = 'LayerNameError';
}

/** `all`, or a comma-separated list of layer names. */
export function parseAcceptance(text: string): Acceptance {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 1 && names[0] === 'all') return 'all';
  const unknown = names.filter((n) => !(LAYERS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new LayerNameError(
      `"${unknown.join(',') || text}" is not a sandbox layer; name some of ${LAYERS.join(', ')}, or all`,
    );
  }
  return [...new Set(names)] as Layer[];
}

export function accepts(acceptance: Acceptance, layer: Layer): boolean {
  return acceptance === 'all' || acceptance.includes(layer);
}

function readSysctl(name: string): string | null {
  try {
    return fs.readFileSync(`/proc/sys/${name.replace(/\./g, '/')}`, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The one command that gives a non-root grader its namespaces, for the kernel it runs on. */
function namespaceCommand(root: boolean): string {
  const inContainer = fs.existsSync('/.dockerenv') || fs.existsSync('/run/.containerenv');
  if (root) {
    return inContainer
      ? 'run the container with --cap-add SYS_ADMIN --security-opt seccomp=unconfined --security-opt apparmor=unconfined (or --privileged)'
      : 'apt-get install util-linux (it provides unshare)';
  }
  if (readSysctl('kernel.apparmor_restrict_unprivileged_userns') === '1')
    return 'sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0';
  if (readSysctl('kernel.unprivileged_userns_clone') === '0')
    return 'sudo sysctl -w kernel.unprivileged_userns_clone=1';
  if (readSysctl('user.max_user_namespaces') === '0') return 'sudo sysctl -w user.max_user_namespaces=15000';
  if (inContainer) return 'run the container with --security-opt seccomp=unconfined --security-opt apparmor=unconfined';
  return 'sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (Ubuntu) or kernel.unprivileged_userns_clone=1 (Debian)';
}

const UTIL_LINUX = 'apt-get install util-linux (it provides setpriv and prlimit)';

/** Each layer's state on this machine, with why and how to enable it when it is missing. */
export function layerStates(d: IsolationDetails): LayerStatus[] {
  const state = (layer: Layer, inForce: boolean, why: string | undefined, enable: string): LayerStatus => {
    if (inForce) return { layer, state: 'in-force' };
    // A layer switched off on purpose is enabled by not switching it off.
    return {
      layer,
      state: 'missing',
      why,
      enable: why?.includes('GATELAB_SANDBOX_DISABLE') ? 'unset GATELAB_SANDBOX_DISABLE' : enable,
    };
  };
  const ns = namespaceCommand(d.root);
  return [
    d.root ? state('user', d.dropUser, d.why.user, UTIL_LINUX) : { layer: 'user', state: 'not-needed' },
    state('pid', d.pidNamespace, d.why.namespaces, ns),
    state('net', d.netNamespace, d.why.namespaces, ns),
    state('memory', d.memoryLimit, d.why.memory, UTIL_LINUX),
    state('permission', d.permissionModel, d.why.permission, 'install Node.js 20 or later'),
    state('pdeathsig', d.parentDeathSignal, d.why.pdeathsig, UTIL_LINUX),
  ];
}

export function missingLayers(states: readonly LayerStatus[]): Layer[] {
  return states.filter((s) => s.state === 'missing').map((s) => s.layer);
}

/** The missing layers the teacher did not accept: the reason the student's code may not run. */
export function refusedLayers(states: readonly LayerStatus[], acceptance: Acceptance): Layer[] {
  return missingLayers(states).filter((l) => !accepts(acceptance, l));
}

/** Console lines for the start of `grade`/`grade-all`: the layers in force, then each missing one and its command. */
export function describeLayers(states: readonly LayerStatus[], acceptance: Acceptance): string[] {
  const on = states
    .filter((s) => s.state !== 'missing')
    .map((s) => (s.state === 'not-needed' ? `${s.layer} (not needed: not root)` : s.layer));
  const lines = [`sandbox layers in force: ${on.join(', ') || 'none'}`];
  for (const s of states.filter((x) => x.state === 'missing')) {
    const verdict = accepts(acceptance, s.layer) ? 'accepted with --allow-weak-sandbox' : "students' code will NOT run";
    lines.push(
      `sandbox layer missing: ${s.layer} (${s.why ?? 'unavailable'}); ${verdict}; to enable it: ${s.enable ?? 'see README, Security'}`,
    );
  }
  return lines;
}

/** The sandbox would lack layers nobody accepted missing: the student's code is not run (fail closed). */
export class SandboxRefusedError extends Error {
  override readonly name = 'SandboxRefusedError';
  constructor(
    readonly layers: Layer[],
    readonly states: LayerStatus[],
  ) {
    super(
      `the sandbox lacks ${layers.map((l) => `${l} (${states.find((s) => s.layer === l)?.why ?? 'unavailable'})`).join(', ')}; student code is not run without it`,
    );
  }
}

/**
 * The layers a sandbox on `root` would have: the machine's, with the user switch missing when the root
 * cannot be made readable for uid 65534 (then the child could only run as the grader's user).
 */
export function stagingLayers(root: string, d: IsolationDetails): LayerStatus[] {
  const states = layerStates(d);
  if (!d.dropUser) return states;
  let cannotDrop: string | null;
  try {
    cannotDrop = prepareRoot(root);
  } catch (e) {
    cannotDrop = `the staging folder could not be made readable for uid 65534 (${e instanceof Error ? e.message : String(e)})`;
  }
  if (cannotDrop === null) return states;
  return states.map((s) =>
    s.layer === 'user'
      ? {
          layer: 'user',
          state: 'missing',
          why: cannotDrop,
          enable: 'keep the staging folder under the OS temp folder (TMPDIR)',
        }
      : s,
  );
}

/** The start-up lines of `grade` and `grade-all`: the layers on this machine, and for each missing one how to enable it. */
export async function startupLines(acceptance: Acceptance): Promise<string[]> {
  return describeLayers(layerStates(await isolationDetails()), acceptance);
}
