/**
 * The kit's package.json and package-lock.json. Dependencies are the packages the kit's files
 * import, plus what runs them (tsx) and what an editor or `tsc` needs (typescript, @types/node),
 * each pinned to the exact version in our own package-lock.json. The kit's lock is ours cut down to
 * what those dependencies need, so `npm ci` in the kit installs exactly what the course was tested with.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../shared/catalog';
import { UsageError } from '../shared/errors';

/** Always in the kit: the CLI runs TypeScript through tsx; editors and `tsc` want typescript and Node's types. */
export const BASE_PACKAGES = ['tsx', 'typescript', '@types/node'];
/** The training script of exercise 05 runs with ts-node, as the course's design asks. */
export const TRAIN_SCRIPT = 'exercises/05-weather-forecaster/train.ts';

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  link?: boolean;
  [key: string]: unknown;
}

export interface Lockfile {
  name?: string;
  version?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

export function readLock(kitRoot: string): Lockfile {
  const file = path.join(kitRoot, 'package-lock.json');
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8')) as Lockfile;
    if (lock.lockfileVersion < 2 || !lock.packages) throw new Error('lockfileVersion 2 or later expected');
    return lock;
  } catch (err) {
    throw new UsageError(
      `${file}: cannot be read (${(err as Error).message}); run npm install in the course repository first`,
    );
  }
}

/** name → exact version installed at the top level, as our lock has it. */
export function pinnedVersions(lock: Lockfile, names: string[]): Record<string, string> {
  const pinned: Record<string, string> = {};
  for (const name of [...names].sort()) {
    const version = lock.packages[`node_modules/${name}`]?.version;
    if (!version)
      throw new UsageError(
        `the kit needs the package "${name}" but package-lock.json has no node_modules/${name}; add it to package.json and run npm install`,
      );
    pinned[name] = version;
  }
  return pinned;
}

export interface KitPackage {
  name: string;
  version: string;
  description: string;
  private: true;
  license?: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  /** npm's answer to each package's install script, as the kit's own package.json gives it (npm warns without). */
  allowScripts?: Record<string, boolean>;
}

export function kitPackageJson(opts: {
  catalog: Catalog;
  dependencies: Record<string, string>;
  hasTrainScript: boolean;
  license?: string;
}): KitPackage {
  const scripts: Record<string, string> = {
    check: 'node bin/gatelab.js check',
    watch: 'node bin/gatelab.js watch',
    hint: 'node bin/gatelab.js hint',
    submit: 'node bin/gatelab.js submit',
  };
  if (opts.hasTrainScript) scripts.train = `ts-node --transpile-only ${TRAIN_SCRIPT}`;
  return {
    name: 'gatelab-student-kit',
    version: opts.catalog.kitVersion,
    description: `${opts.catalog.course.en} / ${opts.catalog.course.ru}`,
    private: true,
    ...(opts.license ? { license: opts.license } : {}),
    bin: { gatelab: 'bin/gatelab.js' },
    engines: { node: '>=20' },
    scripts,
    dependencies: opts.dependencies,
  };
}

/** The teacher's `allowScripts` entries for packages the kit's lock installs: the student's npm asks no question. */
export function kitAllowScripts(lock: Lockfile, ours: Record<string, boolean> | undefined): Record<string, boolean> {
  const installed = new Set(
    Object.keys(lock.packages).map((p) => p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length)),
  );
  return Object.fromEntries(Object.entries(ours ?? {}).filter(([name]) => installed.has(name)));
}

/** Where npm finds `name` for the package installed at `from`: the nearest node_modules up the tree. */
function resolveIn(lock: Lockfile, from: string, name: string): string | null {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!dir) return null;
    const at = dir.lastIndexOf('/node_modules/');
    dir = at < 0 ? '' : dir.slice(0, at);
  }
}

/**
 * Our lock cut down to the kit's dependencies and everything they need. Returns null (and the kit
 * then ships without a lock) when a needed package is missing from ours: better no lock than a wrong one.
 */
export function prunedLock(lock: Lockfile, pkg: KitPackage): Lockfile | null {
  const keep = new Set<string>();
  const queue: string[] = [];
  for (const name of Object.keys(pkg.dependencies)) {
    const at = resolveIn(lock, '', name);
    if (!at) return null;
    queue.push(at);
  }
  while (queue.length > 0) {
    const at = queue.pop() as string;
    if (keep.has(at)) continue;
    keep.add(at);
    const entry = lock.packages[at];
    const optionalPeers = new Set(
      Object.entries(entry.peerDependenciesMeta ?? {})
        .filter(([, m]) => m.optional)
        .map(([n]) => n),
    );
    const edges: [string, boolean][] = [
      ...Object.keys(entry.dependencies ?? {}).map((n): [string, boolean] => [n, false]),
      ...Object.keys(entry.optionalDependencies ?? {}).map((n): [string, boolean] => [n, true]),
      ...Object.keys(entry.peerDependencies ?? {}).map((n): [string, boolean] => [n, optionalPeers.has(n)]),
    ];
    for (const [name, optional] of edges) {
      const target = resolveIn(lock, at, name);
      if (target) queue.push(target);
      else if (!optional) return null;
    }
  }
  const packages: Record<string, LockEntry> = {
    '': {
      name: pkg.name,
      version: pkg.version,
      ...(pkg.license ? { license: pkg.license } : {}),
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const at of [...keep].sort()) {
    // Nothing is a dev dependency in the kit; what was optional outside dev (platform binaries) stays optional.
    const { dev: _dev, devOptional, ...entry } = lock.packages[at];
    packages[at] = devOptional ? { ...entry, optional: true } : entry;
  }
  return { name: pkg.name, version: pkg.version, lockfileVersion: lock.lockfileVersion, requires: true, packages };
}
