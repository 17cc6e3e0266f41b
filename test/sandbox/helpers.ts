/**
 * Staging folders for the sandbox tests, laid out as the grader's compile step lays them out:
 * <tmp>/gatelab-sbtest-XXXX/<student>/{runner.js, lib/matrix.js, NN-slug/*.js}, plus a sibling
 * folder standing in for the teacher's reference solution, which the student must not read.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { Sandbox, writeRunner, type SandboxLimits } from '../../grader/sandbox';

export const MATRIX_JS = `'use strict';
class Matrix {
  constructor(rows, cols, data) {
    if (data.length !== rows * cols) throw new RangeError('data length ' + data.length + ' does not match ' + rows + 'x' + cols);
    this.rows = rows; this.cols = cols; this.data = data;
  }
  get(i, j) { return this.data[i * this.cols + j]; }
  map(f) { return new Matrix(this.rows, this.cols, this.data.map(f)); }
}
module.exports = { Matrix };
`;

export interface Staging {
  /** The staging root handed to the sandbox. */
  root: string;
  /** A sibling folder with a "reference solution" that must stay unreadable. */
  secretDir: string;
  secretFile: string;
  /** Removes everything. */
  cleanup(): void;
}

export function makeStaging(files: Record<string, string>): Staging {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'gatelab-sbtest-'));
  const root = path.join(base, 'student');
  const secretDir = path.join(base, 'solutions');
  const secretFile = path.join(secretDir, 'forget-gate.js');
  fs.mkdirSync(path.join(root, 'lib'), { recursive: true });
  fs.mkdirSync(secretDir, { mode: 0o700 });
  fs.writeFileSync(secretFile, 'module.exports = { answer: 42 };\n', { mode: 0o600 });
  fs.writeFileSync(path.join(root, 'lib', 'matrix.js'), MATRIX_JS);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  writeRunner(root);
  return { root, secretDir, secretFile, cleanup: () => fs.rmSync(base, { recursive: true, force: true }) };
}

/** True while any process is in the group. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Processes of the group that are still running (zombies waiting for a reaper do not count). */
export function runningInGroup(pgid: number): number[] {
  const found: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') found.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/**
 * A sandbox on a staging folder holding `files`, started before the test file's tests and closed (its folder removed)
 * after them; the returned function gives it to the tests.
 */
export function sandboxForFile(files: Record<string, string>, limits: SandboxLimits): () => Sandbox {
  let st: Staging | undefined;
  let sb: Sandbox | undefined;
  beforeAll(async () => {
    st = makeStaging(files);
    sb = await Sandbox.start({ root: st.root, limits });
  });
  afterAll(async () => {
    await sb?.close();
    st?.cleanup();
  });
  return () => {
    if (!sb) throw new Error('the sandbox has not started');
    return sb;
  };
}
