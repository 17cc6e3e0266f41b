import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../grader/shared/catalog';
import { validate } from '../../grader/validate/index';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { byId, EXAMPLES, gradeDir, readResults } from './helpers';

describe('grading one submission', () => {
  it('validate: the reference earns 15/15 and the pristine stub 0/15 on exercise 02', async () => {
    const { violations, reference, stub } = await validate({ kitRoot: PACKAGE_ROOT });
    expect(violations).toEqual([]);
    expect(reference.exercises.find((e) => e.id === '02-forget-gate')).toMatchObject({
      score_milli: 15000,
      max_milli: 15000,
    });
    expect(stub.exercises.find((e) => e.id === '02-forget-gate')).toMatchObject({ score_milli: 0, max_milli: 15000 });
    // Every check of code finds the stub's "not implemented yet"; the checks of exercise 05's trained model find no model.json.
    const ofModel = (id: string) => ['public-model-file', 'model-file', 'forecast'].includes(id);
    expect(stub.tests.filter((t) => !ofModel(t.gatelab.id)).every((t) => t.gatelab.outcome === 'not-implemented')).toBe(
      true,
    );
    const modelChecks = stub.tests.filter(
      (t) => t.gatelab.exercise === '05-weather-forecaster' && ofModel(t.gatelab.id),
    );
    expect(modelChecks.map((t) => t.gatelab.outcome)).toEqual(['failed', 'failed', 'failed']);
    for (const t of modelChecks) expect(t.gatelab.diagnosis?.en).toMatch(/model\.json/);
  });

  it('writes results.json, feedback.md and feedback.html, and results.json matches what grade returned', async () => {
    const { results, out } = await gradeDir(path.join(EXAMPLES, 's01-perfect'));
    for (const f of ['results.json', 'feedback.md', 'feedback.html']) expect(existsSync(path.join(out, f))).toBe(true);
    const written = readResults(out);
    expect(written.final_milli).toBe(results.final_milli);
    const forgetGate = written.tests.filter((t) => t.gatelab.exercise === '02-forget-gate');
    const checks02 = loadCatalog(PACKAGE_ROOT).exercises.find((e) => e.id === '02-forget-gate')?.checks.length ?? 0;
    expect(forgetGate.map((t) => t.gatelab.outcome)).toEqual(Array(checks02).fill('passed'));
    expect(written.exercises.find((e) => e.id === '02-forget-gate')?.score_milli).toBe(15000);
  });

  it('names the catalogued mistake: a bias gradient averaged over the batch', async () => {
    const { results, out } = await gradeDir(path.join(EXAMPLES, 's03-wrong-backward'));
    const checks = byId(results);
    expect(checks.forward.outcome).toBe('passed');
    expect(checks.backward.score_milli).toBeLessThan(checks.backward.max_milli);
    expect(checks.backward.diagnosis?.en).toMatch(/bias/i);
    expect(checks.backward.diagnosis?.en).toMatch(/sum|add/i);
    expect(checks['gradient-check'].outcome).not.toBe('passed');
    expect(readFileSync(path.join(out, 'feedback.md'), 'utf8')).toContain('bias');
  });

  it('a compile error is a result with the file and line, not a crash', async () => {
    const { results } = await gradeDir(path.join(EXAMPLES, 's04-compile-error'));
    expect(results.final_milli).toBe(0);
    const forward = byId(results).forward;
    expect(forward.outcome).toBe('error');
    expect(forward.diagnosis?.en).toMatch(/forget-gate\.ts does not compile \(line 11\)/);
    expect(results.integrity.some((n) => n.kind === 'compile-error' && n.line === 11)).toBe(true);
  });

  it('a regrade gives exactly the same result', async () => {
    const a = await gradeDir(path.join(EXAMPLES, 's03-wrong-backward'), 'same-student');
    const b = await gradeDir(path.join(EXAMPLES, 's03-wrong-backward'), 'same-student');
    const strip = (r: typeof a.results) => r.tests.map((t) => ({ ...t.gatelab, duration_ms: 0 }));
    expect(strip(b.results)).toEqual(strip(a.results));
  });
});
