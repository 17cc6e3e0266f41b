/**
 * Bench section `hostile`: what each hostile submission costs the grader, against the perfect example.
 *
 * Every submission kind in test/fixtures/submissions/ (and examples/class/s01-perfect as the baseline, graded
 * first and last) is graded by a child process of its own, as `gatelab grade` would, with the class bench's
 * limits. While it runs, /proc is sampled every 50 ms for the resident memory of the child's whole process tree
 * (the trusted process with its Vitest workers, and the sandboxed children), and of the trusted side alone (the
 * child's own process group: the sandboxes run in groups of their own). Goals printed beside: at most 3× the
 * perfect one's wall time, at most 600 MB of grader memory (the trusted side; each sandbox has its own cap).
 *
 * The child is hostile-child.ts, loaded through tsx's require hook as bin/gatelab.js loads the grader.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Figure } from './timing';

const CHILD = path.join(__dirname, 'hostile-child.ts');
const SAMPLE_MS = 50;
const MiB = 1024 * 1024;
const PAGE = 4096;

interface ProcInfo {
  ppid: number;
  pgrp: number;
  rssBytes: number;
}

function readProcs(): Map<number, ProcInfo> {
  const procs = new Map<number, ProcInfo>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start at its closing parenthesis.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(name), { ppid: Number(f[1]), pgrp: Number(f[2]), rssBytes: Number(f[21]) * PAGE });
    } catch {
      // The process ended while we looked.
    }
  }
  return procs;
}

/** Resident bytes of `root` and all its descendants, and of those in root's own process group. */
function treeMemory(root: number): { tree: number; trusted: number } {
  const procs = readProcs();
  const children = new Map<number, number[]>();
  for (const [pid, p] of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  const group = procs.get(root)?.pgrp;
  let tree = 0;
  let trusted = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    const p = procs.get(pid);
    if (p) {
      tree += p.rssBytes;
      if (p.pgrp === group) trusted += p.rssBytes;
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return { tree, trusted };
}

interface Cost {
  ms: number;
  treeMb: number;
  trustedMb: number;
  ok: boolean;
}

/** Grades one submission in a child process, sampling its process tree's memory until it ends. */
function measure(submission: string, out: string): Promise<Cost> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    // Loaded as bin/gatelab.js loads the grader (tsx's require hook), not with `--import tsx`: tsx's ESM loader
    // thread alone holds about 150 MB more while Vitest loads, which a teacher's `gatelab grade` never pays.
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', CHILD, submission, out], {
      cwd: PACKAGE_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    let peak = { tree: 0, trusted: 0 };
    const timer = setInterval(() => {
      const m = treeMemory(child.pid as number);
      peak = { tree: Math.max(peak.tree, m.tree), trusted: Math.max(peak.trusted, m.trusted) };
    }, SAMPLE_MS);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) console.error(`bench hostile: grading ${submission} ended with ${code}: ${stderr.trim()}`);
      resolve({ ms: performance.now() - t0, treeMb: peak.tree / MiB, trustedMb: peak.trusted / MiB, ok: code === 0 });
    });
  });
}

/** The hostile kinds: every folder of test/fixtures/submissions/. */
function hostileKinds(): { kind: string; dir: string }[] {
  const root = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'submissions');
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({ kind: e.name, dir: path.join(root, e.name) }))
    .sort((a, b) => a.kind.localeCompare(b.kind));
}

export async function hostileFigures(): Promise<Figure[]> {
  const { ownedTempDir, removeTempDir } = await import('../../grader/sandbox');
  const work = ownedTempDir('bench-hostile');
  try {
    const perfectDir = path.join(PACKAGE_ROOT, 'examples', 'class', 's01-perfect');
    const first = await measure(perfectDir, path.join(work, 'perfect-1'));
    const costs: { kind: string; cost: Cost }[] = [];
    for (const { kind, dir } of hostileKinds()) costs.push({ kind, cost: await measure(dir, path.join(work, kind)) });
    const last = await measure(perfectDir, path.join(work, 'perfect-2'));
    const perfectMs = (first.ms + last.ms) / 2;
    const figures: Figure[] = [
      { name: 'perfect s01: wall time (mean of first and last)', value: perfectMs / 1000, unit: 's' },
      {
        name: 'perfect s01: peak memory, grader tree / trusted',
        value: Math.max(first.treeMb, last.treeMb),
        unit: `MB / ${Math.round(Math.max(first.trustedMb, last.trustedMb))} MB`,
      },
    ];
    for (const { kind, cost } of costs) {
      figures.push({
        name: `${kind}: time / perfect${cost.ok ? '' : ' (grader FAILED)'}`,
        value: cost.ms / perfectMs,
        unit: '×',
        baseline: 'perfect s01',
        goal: '≤ 3',
        met: cost.ok && cost.ms <= 3 * perfectMs,
      });
      // The goal is the grader's own memory (its process group: the trusted process and its Vitest workers). The
      // sandboxes are capped on their own (memoryMb and the address-space layer): the tree adds them, for reference.
      figures.push({
        name: `${kind}: peak memory of the grader (tree with sandboxes ${Math.round(cost.treeMb)} MB)`,
        value: cost.trustedMb,
        unit: 'MB',
        goal: '≤ 600',
        met: cost.trustedMb <= 600,
        digits: 0,
      });
    }
    return figures;
  } finally {
    removeTempDir(work);
  }
}
