/**
 * What `gatelab return` puts in a student's `feedback/` folder: their feedback rendered from
 * results.json (so a TA's manual.json, applied by `gatelab report`, is in it), as README.md (which
 * GitHub shows under the folder's file list), feedback.html and the plots' SVG files.
 *
 * Hidden checks follow course.json's visibility.hiddenChecks. Returning feedback is publishing it,
 * after the deadline: `visible`, `after_due_date` and `after_published` all show the hidden checks
 * in full. `hidden` keeps their titles and points (the parts must add up to the total the student
 * sees) but withholds what would describe the hidden cases: the diagnosis, the hint, the numeric
 * differences and the case counts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../shared/catalog';
import { renderFeedback, renderFigures } from '../feedback/render';
import { validateResults } from '../feedback/validate';
import type { Results } from '../shared/results';

export const FEEDBACK_FOLDER = 'feedback';

/** The results a student may see under the course's visibility setting. */
export function studentView(results: Results, catalog: Catalog): Results {
  if (catalog.visibility.hiddenChecks !== 'hidden') return results;
  return {
    ...results,
    tests: results.tests.map((test) => {
      if (!test.gatelab.hidden) return test;
      const { diagnosis: _d, hint: _h, cases: _c, ...check } = test.gatelab;
      return { ...test, output: '', gatelab: { ...check, diffs: [] } };
    }),
  };
}

/** File name (inside feedback/) → contents, for one student's reports folder. */
export async function feedbackFiles(studentReports: string, catalog: Catalog): Promise<Map<string, string>> {
  const file = path.join(studentReports, 'results.json');
  const results = studentView(validateResults(JSON.parse(readFileSync(file, 'utf8')), file), catalog);
  const figures = await renderFigures(results, results.lang);
  const { markdown, html } = renderFeedback(results, results.lang, figures);
  const files = new Map<string, string>([
    ['README.md', markdown],
    ['feedback.html', html],
  ]);
  for (const figure of figures) files.set(figure.file, figure.svg);
  return files;
}
