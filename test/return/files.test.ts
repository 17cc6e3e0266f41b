/** What a student may see of the hidden checks, by course.json's visibility.hiddenChecks. */
import { describe, expect, it } from 'vitest';
import { loadCatalog, type Catalog } from '../../grader/shared/catalog';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import { studentView } from '../../grader/return/files';

const catalog = loadCatalog(PACKAGE_ROOT);
const withHidden = (hiddenChecks: Catalog['visibility']['hiddenChecks']): Catalog => ({
  ...catalog,
  visibility: { ...catalog.visibility, hiddenChecks },
});

/** Two failed checks with everything a report can say: one public, one hidden. */
function results(): Results {
  const check = (id: string, hidden: boolean) => ({
    name: id,
    output: `${id} output`,
    gatelab: {
      id,
      exercise: '02-forget-gate',
      hidden,
      score_milli: 500,
      max_milli: 2000,
      outcome: 'partial',
      title: { en: id, ru: id },
      diagnosis: { en: 'the forget gate uses tanh', ru: 'вентиль забывания использует tanh' },
      hint: { en: 'sigmoid', ru: 'сигмоида' },
      cases: { passed: 1, total: 4 },
      diffs: [{ label: 'f' }],
      duration_ms: 3,
    },
  });
  return { score: 1, tests: [check('public-forward', false), check('forget-values', true)] } as unknown as Results;
}

describe('the student’s view of the hidden checks', () => {
  it('hidden: titles and points stay, diagnosis, hint, cases, differences and output go', () => {
    const view = studentView(results(), withHidden('hidden'));
    const [open, hidden] = view.tests;
    expect(open).toEqual(results().tests[0]);
    expect(hidden.output).toBe('');
    expect(hidden.gatelab).toEqual({
      id: 'forget-values',
      exercise: '02-forget-gate',
      hidden: true,
      score_milli: 500,
      max_milli: 2000,
      outcome: 'partial',
      title: { en: 'forget-values', ru: 'forget-values' },
      diffs: [],
      duration_ms: 3,
    });
  });

  it('visible, after_due_date and after_published: returning is publishing, so everything shows', () => {
    for (const v of ['visible', 'after_due_date', 'after_published'] as const)
      expect(studentView(results(), withHidden(v))).toEqual(results());
  });
});
