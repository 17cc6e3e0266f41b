/**
 * Hostile submissions against the sandbox and the values it returns, end to end through `grade` (one shared
 * Vitest runner). For each, what the teacher is promised: no points, a results.json that stays small, nothing
 * broken on the grader's side, and the reason in the report.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../grader/shared/catalog';
import { grade } from '../../grader/grade';
import { SuiteRunner } from '../../grader/grade/run-suites';
import { wallBoundMs } from '../../grader/sandbox/clock';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import { copySubmission, SUBMISSIONS, TEST_LIMITS, tempDir } from './helpers';

const full = loadCatalog(PACKAGE_ROOT);
const catalog = { ...full, exercises: full.exercises.filter((e) => e.id === '02-forget-gate') };
const kitFiles = () => readdirSync(path.join(PACKAGE_ROOT, 'solutions', '02-forget-gate')).sort();
const kitBefore = kitFiles();
let runner: SuiteRunner;

beforeAll(async () => {
  runner = await SuiteRunner.start({ kitRoot: PACKAGE_ROOT, testTimeoutMs: wallBoundMs(TEST_LIMITS), maxBatch: 4 });
}, 300_000);
afterAll(async () => {
  await runner?.close();
  expect(kitFiles()).toEqual(kitBefore);
}, 300_000);

interface Graded {
  results: Results;
  diagnoses: string[];
  notes: string[];
  outcomes: Set<string>;
  feedback: string;
}

/** Grades a hostile submission and checks the promises every one of them shares. */
async function gradeHostile(kind: string, dir = path.join(SUBMISSIONS, kind)): Promise<Graded> {
  const out = tempDir('hostile-sb');
  const results = await grade({
    kitRoot: PACKAGE_ROOT,
    catalog,
    submission: dir,
    out,
    student: kind,
    seed: `seed-${kind}`,
    lang: 'en',
    limits: TEST_LIMITS,
    runner,
  });
  // No points; a result written, small, and saying for every check why it earned nothing.
  expect(results.final_milli).toBe(0);
  expect(results.sandbox?.ran).toBe(true);
  expect(statSync(path.join(out, 'results.json')).size).toBeLessThan(200_000);
  expect(statSync(path.join(out, 'feedback.html')).size).toBeLessThan(500_000);
  const diagnoses = results.tests.map((t) => t.gatelab.diagnosis?.en ?? '');
  expect(diagnoses.every((d) => d.length > 0)).toBe(true);
  const feedback = readFileSync(path.join(out, 'feedback.md'), 'utf8');
  return {
    results,
    diagnoses,
    notes: results.integrity.map((n) => n.kind),
    outcomes: new Set(results.tests.map((t) => t.gatelab.outcome)),
    feedback,
  };
}

// Each grades a submission with time limits that hostile code uses up; the machine may be loaded.
describe.concurrent('hostile values and processes', { timeout: 400_000 }, () => {
  it('expanding value (shared references): refused at once, naming the bound and by how much', async () => {
    const g = await gradeHostile('expanding-value');
    expect(g.outcomes.has('error')).toBe(true);
    expect(g.diagnoses.find((d) => /cannot be read back/.test(d))).toMatch(
      /expands to [\d,]+ values when shared parts are counted at each use; the limit is 8,000,000 \([\d,]+× over\)/,
    );
    expect(g.feedback).toContain('the limit is 8,000,000');
  });

  it('deep nesting: refused, naming the depth bound', async () => {
    const g = await gradeHostile('deep-nesting');
    expect(g.outcomes.has('error')).toBe(true);
    expect(g.diagnoses.find((d) => /cannot be read back/.test(d))).toMatch(/nesting deeper than 64/);
  });

  it('huge strings: nothing of them reaches the report', async () => {
    const g = await gradeHostile('huge-string');
    expect(g.diagnoses.some((d) => /xxxxxxxx|ffffffff|rrrrrrrr/.test(d))).toBe(false);
  });

  it('getters and proxies that spin or throw when read: timeouts, and no false "ended its process" note', async () => {
    const g = await gradeHostile('getters-proxies');
    expect([...g.outcomes].every((o) => o === 'timeout' || o === 'error')).toBe(true);
    expect(g.notes).toContain('timeout');
    expect(g.notes).not.toContain('process-exit');
  });

  it('millions of small arrays: a timeout or refused by the node bound, never rebuilt in the grader', async () => {
    const g = await gradeHostile('million-arrays');
    expect([...g.outcomes].every((o) => o === 'timeout' || o === 'error')).toBe(true);
    for (const d of g.diagnoses.filter((x) => /cannot be read back/.test(x)))
      expect(d).toMatch(/the limit is 8,000,000|bytes, over the/);
  });

  it('kills its parent, process 1 and everything: only its own namespace is reachable; noted', async () => {
    const g = await gradeHostile('kill-parent');
    expect(g.notes).toContain('access-denied');
    expect(process.kill(process.pid, 0)).toBe(true);
  });

  it('floods stdout and stderr: a timeout; nothing of the flood in the report', async () => {
    const g = await gradeHostile('stdout-flood');
    expect(g.outcomes).toEqual(new Set(['timeout']));
    expect(g.notes).toContain('timeout');
    expect(g.feedback).not.toContain('spam spam');
  });

  it('fork bomb of workers and processes: every start refused by the permission model; noted', async () => {
    const g = await gradeHostile('worker-bomb');
    expect(g.diagnoses.some((d) => /Access to this API has been restricted/.test(d))).toBe(true);
    expect(g.diagnoses.some((d) => /(worker|fork|spawn) started/.test(d))).toBe(false);
    expect(g.notes).toEqual(expect.arrayContaining(['forbidden-import', 'access-denied']));
  });

  it('timers left running after returning: they cost it its own time, never a point; noted', async () => {
    const g = await gradeHostile('timers-after-return');
    expect(g.outcomes.has('passed')).toBe(false);
    expect(g.notes.some((n) => n === 'timeout' || n === 'process-exit')).toBe(true);
  });

  it("reads /proc/self/environ and the grader's files: refused, and its environment is empty", async () => {
    const g = await gradeHostile('read-environ');
    const threw = g.diagnoses.filter((d) => d.includes('threw an error'));
    expect(threw.length).toBeGreaterThan(0);
    for (const d of threw)
      expect(d).toMatch(
        /threw an error: `?Error: env: MALLOC_ARENA_MAX; \/proc\/self\/environ: Access to this API has been restricted/,
      );
    expect(g.diagnoses.join('\n')).not.toMatch(/GATELAB_SECRET|PATH=|root:x:0/);
    expect(g.notes).toContain('access-denied');
  });

  it("reaches for the network: no connection arrives at a port on the grader's machine", async () => {
    let connections = 0;
    const server = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const copy = copySubmission(path.join(SUBMISSIONS, 'network'));
      const file = path.join(copy, 'exercises', '02-forget-gate', 'forget-gate.ts');
      writeFileSync(file, readFileSync(file, 'utf8').replace('__PORT__', String(port)));
      const g = await gradeHostile('network', copy);
      // Each attempt ends unreachable (or the call runs out of time first on a loaded machine): never connected.
      for (const d of g.diagnoses.filter((x) => x.includes('threw an error')))
        expect(d).toMatch(/127\.0\.0\.1: (ENETUNREACH|ECONNREFUSED|timed out)/);
      expect(g.diagnoses.some((d) => d.includes('connected'))).toBe(false);
    } finally {
      server.close();
    }
    expect(connections).toBe(0);
  });

  it('stops itself with SIGSTOP: it neither hangs the grader nor earns anything', async () => {
    await gradeHostile('self-stop');
  });

  it('throws errors that spin or throw when described: crashes and timeouts, the grader unharmed', async () => {
    const g = await gradeHostile('poisoned-error');
    expect([...g.outcomes].every((o) => ['crashed', 'timeout', 'error'].includes(o))).toBe(true);
  });

  it("answers shaped to pollute prototypes: the grader's prototypes stay clean", async () => {
    await gradeHostile('proto-pollution');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'rows')).toBe(false);
    expect(existsSync(path.join(SUBMISSIONS, 'proto-pollution', 'exercises', 'pwned.txt'))).toBe(false);
  });
});
