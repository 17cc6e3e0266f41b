/**
 * `gatelab validate`: the kit proves both directions for every exercise, like rustlings' CI:
 * the reference earns every point of every check, and the untouched stub earns none.
 */
import path from 'node:path';
import { findExercise, loadCatalog } from '../shared/catalog';
import { grade } from '../grade';
import { formatMilli } from '../shared/points';
import type { Results } from '../shared/results';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';

export interface Violation {
  exercise: string;
  check: string;
  rule: 'reference-full-marks' | 'stub-zero';
  detail: string;
}

export async function validate(opts: {
  kitRoot: string;
  seed?: string;
  only?: string[];
}): Promise<{ violations: Violation[]; reference: Results; stub: Results }> {
  const full = loadCatalog(opts.kitRoot);
  const catalog = opts.only ? { ...full, exercises: opts.only.map((id) => findExercise(full, id)) } : full;
  const out = mkdtempSync(path.join(os.tmpdir(), 'gatelab-validate-'));
  const seed = opts.seed ?? 'validate';
  try {
    // The kit's own reference and stubs, on the author's machine: a missing sandbox layer is no reason not to run them.
    const common = { kitRoot: opts.kitRoot, catalog, seed, lang: 'en' as const, allowWeak: 'all' as const };
    const [reference, stub] = await Promise.all([
      grade({
        ...common,
        submission: path.join(opts.kitRoot, 'solutions'),
        out: path.join(out, 'reference'),
        student: 'reference',
      }),
      grade({
        ...common,
        submission: path.join(opts.kitRoot, 'exercises'),
        out: path.join(out, 'stub'),
        student: 'stub',
      }),
    ]);
    const violations: Violation[] = [];
    for (const test of reference.tests) {
      const c = test.gatelab;
      if (c.score_milli !== c.max_milli) {
        violations.push({
          exercise: c.exercise,
          check: c.id,
          rule: 'reference-full-marks',
          detail: `the reference earned ${formatMilli(c.score_milli)} of ${formatMilli(c.max_milli)} (${c.outcome}): ${c.diagnosis?.en ?? 'no diagnosis'}`,
        });
      }
    }
    for (const test of stub.tests) {
      const c = test.gatelab;
      if (c.score_milli !== 0) {
        violations.push({
          exercise: c.exercise,
          check: c.id,
          rule: 'stub-zero',
          detail: `the untouched stub earned ${formatMilli(c.score_milli)} (${c.outcome})`,
        });
      }
    }
    return { violations, reference, stub };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
