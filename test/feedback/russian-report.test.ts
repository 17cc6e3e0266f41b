/**
 * One language per report: the example class graded in Russian (examples/class, graded once per test run by
 * test/shared/results.ts with grade-all, as `npm run demo` grades it) has no
 * English sentence in any feedback.md, feedback.html or plot, outside code, formulas and student ids. The detector
 * itself is tested first, so the class test can fail for the right reasons only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderFeedback } from '../../grader/feedback/render';
import { EXAMPLE_CLASS, gradedExampleClass } from '../shared/results';
import { englishRuns, htmlProse, markdownProse } from './english';
import { makeResults } from './fixture';

describe('the English detector', () => {
  it('finds an English sentence, even inside Russian', () => {
    expect(englishRuns('Вызов остановлен: the call did not finish within 1500 ms')).toEqual([
      'the call did not finish within',
    ]);
    expect(englishRuns('Итого: Your score')).toEqual([]);
    expect(englishRuns('Your score is low')).toEqual(['Your score is low']);
  });
  it('lets identifiers, single letters, acronyms and formulas pass', () => {
    expect(
      englishRuns('блоки z, r, n; градиенты dWx, dWh, db, daz, dar, dan; MAE вашей модели; h = o.mul(c.tanh())'),
    ).toEqual([]);
  });
  it('ignores code, formulas and the student id', () => {
    const html =
      '<p>Ошибка: <code>Cannot find module lstm here</code> <math><mi>the sum of all</mi></math> ivan the terrible student</p>';
    expect(englishRuns(htmlProse(html, ['ivan the terrible student']))).toEqual([]);
    expect(englishRuns(markdownProse('Ошибка: `Cannot find module lstm here` и \\[x\\]'))).toEqual([]);
  });
  it('sees a fixture report written in the other language', () => {
    const r = makeResults();
    const { markdown, html } = renderFeedback(r, 'en');
    expect(englishRuns(markdownProse(markdown, [r.student])).length).toBeGreaterThan(5);
    expect(englishRuns(htmlProse(html, [r.student])).length).toBeGreaterThan(5);
  });
});

describe('the example class graded in Russian', () => {
  const students = readdirSync(EXAMPLE_CLASS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  let out: string;
  beforeAll(async () => {
    out = await gradedExampleClass();
  });

  it.each(students)('%s: no English sentence in feedback.md, feedback.html or a plot', (student) => {
    const dir = path.join(out, student);
    const found: string[] = [];
    for (const file of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const prose = file.endsWith('.md')
        ? markdownProse(text, [student])
        : file.endsWith('.html') || file.endsWith('.svg')
          ? htmlProse(text, [student])
          : null;
      if (prose !== null) found.push(...englishRuns(prose).map((run) => `${file}: ${run}`));
    }
    expect(found).toEqual([]);
  });
});
