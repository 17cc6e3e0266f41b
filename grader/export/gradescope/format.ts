/**
 * Gradescope's results.json, exactly as its autograder specification lists it (docs/specs.md of
 * gradescope/autograder_samples, published at gradescope-autograders.readthedocs.io/en/latest/specs/).
 *
 * gatelab's own results.json is a superset of this format, but Gradescope documents no other keys,
 * so the file written for Gradescope carries only the documented ones: gatelab's data (student,
 * seed, kit version, milli-points, late days, integrity notes, per-check outcome) moves into the
 * `extra_data` objects Gradescope stores for the teacher. Numeric diffs and plots stay out: they
 * belong to the feedback reports, not to an upload with a size Gradescope keeps for every try.
 */
import type { ValidateFunction } from 'ajv';
import Handlebars from 'handlebars';
import type { Catalog } from '../../shared/catalog';
import { formatMessage, lookup } from '../../shared/messages';
import { formatMilli } from '../../shared/points';
import type { Lang, Localized, Results, Visibility } from '../../shared/results';
import { compileSchemaObject } from '../../schemas';
import schema from '../../schemas/gradescope-results.schema.json';

export type GradescopeFormat = 'text' | 'simple_format' | 'html' | 'md' | 'ansi';

export interface GradescopeTest {
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  name: string;
  name_format: GradescopeFormat;
  number: string;
  output: string;
  output_format: GradescopeFormat;
  tags: string[];
  visibility: Visibility;
  extra_data: Record<string, unknown>;
}

export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  output_format: GradescopeFormat;
  test_output_format?: GradescopeFormat;
  test_name_format?: GradescopeFormat;
  visibility: Visibility;
  stdout_visibility: Visibility;
  extra_data: Record<string, unknown>;
  tests: GradescopeTest[];
  leaderboard?: { name: string; value: number | string; order?: 'asc' | 'desc' }[];
}

/**
 * The text above the tests. While hidden checks are not yet visible to students, it must not give
 * their result away either: then it shows the public checks' points only.
 */
function overview(results: Results, catalog: Catalog, deadlineNote?: Localized): string {
  const lang = results.lang;
  const t = (key: string): string => lookup(lang, `teacher.gradescope.${key}`);
  const hiddenShown = catalog.visibility.hiddenChecks === 'visible';
  const lines: string[] = [];
  if (hiddenShown) {
    lines.push(results.output, '', `${t('exercises')}:`);
    for (const e of results.exercises)
      lines.push(`  ${e.id} · ${e.title[lang]}: ${formatMilli(e.score_milli)} / ${formatMilli(e.max_milli)}`);
  } else {
    lines.push(`${t('open')}:`);
    for (const e of results.exercises) {
      const open = results.tests.filter((test) => test.gatelab.exercise === e.id && !test.gatelab.hidden);
      const sum = (key: 'score_milli' | 'max_milli') => open.reduce((s, test) => s + test.gatelab[key], 0);
      lines.push(`  ${e.id} · ${e.title[lang]}: ${formatMilli(sum('score_milli'))} / ${formatMilli(sum('max_milli'))}`);
    }
    const hiddenMax = results.tests
      .filter((test) => test.gatelab.hidden)
      .reduce((s, test) => s + test.gatelab.max_milli, 0);
    if (hiddenMax > 0) lines.push('', formatMessage(t('hidden'), { points: formatMilli(hiddenMax) }));
    if (results.submission.late_days > 0)
      lines.push('', formatMessage(t('late'), { days: results.submission.late_days }));
  }
  if (deadlineNote) lines.push('', deadlineNote[lang]);
  if (results.integrity.length > 0) {
    lines.push('', `${t('notes')}:`);
    for (const note of results.integrity)
      lines.push(`  • ${note.file ? `${note.file}${note.line ? `:${note.line}` : ''}: ` : ''}${note.message[lang]}`);
  }
  return lines.join('\n');
}

/** What toGradescope is told of the deadline it used: the note for the student, the dates, where they came from. */
type DeadlineUsed = { note: Localized; deadline: string; cutoff: string | null; source: string };

/** gatelab's results.json → Gradescope's: the same points, the same per-check text, nothing undocumented. */
export function toGradescope(results: Results, catalog: Catalog, deadline?: DeadlineUsed): GradescopeResults {
  const lang = results.lang;
  return {
    score: results.score,
    execution_time: results.execution_time,
    output: Handlebars.Utils.escapeExpression(overview(results, catalog, deadline?.note)),
    output_format: 'simple_format',
    test_output_format: 'text',
    test_name_format: 'text',
    visibility: results.visibility,
    stdout_visibility: results.stdout_visibility,
    extra_data: { gatelab: submissionExtra(results, lang, deadline) },
    tests: results.tests.map((test) => gradescopeTest(test, lang)),
  };
}

/** gatelab's data about the whole submission, kept in the top-level `extra_data` for the teacher. */
function submissionExtra(results: Results, lang: Lang, deadline?: DeadlineUsed): Record<string, unknown> {
  return {
    schema_version: results.schema_version,
    student: results.student,
    lang,
    seed: results.seed,
    kit_version: results.kit_version,
    graded_at: results.graded_at,
    raw_milli: results.raw_milli,
    final_milli: results.final_milli,
    max_milli: results.max_milli,
    submission: results.submission,
    ...(deadline ? { deadline: { used: deadline.deadline, cutoff: deadline.cutoff, source: deadline.source } } : {}),
    integrity: results.integrity.map((n) => ({
      kind: n.kind,
      ...(n.file ? { file: n.file } : {}),
      ...(n.line ? { line: n.line } : {}),
    })),
  };
}

/** One check as a Gradescope test: its text, and gatelab's record of it in the test's `extra_data`. */
function gradescopeTest(test: Results['tests'][number], lang: Lang): GradescopeTest {
  const check = test.gatelab;
  const cases = check.cases ? formatMessage(lookup(lang, 'teacher.gradescope.cases'), { ...check.cases }) : '';
  return {
    score: test.score,
    max_score: test.max_score,
    status: test.status,
    name: test.name,
    name_format: 'text',
    number: test.number,
    output: [test.output, check.outcome === 'passed' ? '' : cases].filter(Boolean).join('\n\n'),
    output_format: 'text',
    tags: test.tags,
    visibility: test.visibility,
    extra_data: {
      ...test.extra_data,
      gatelab: {
        exercise: check.exercise,
        check: check.id,
        hidden: check.hidden,
        outcome: check.outcome,
        score_milli: check.score_milli,
        max_milli: check.max_milli,
        ...(check.cases ? { cases: check.cases } : {}),
        duration_ms: check.duration_ms,
      },
    },
  };
}

/** What kind of problem stopped grading: one the student can fix, or one only the teacher can. */
export type FailureKind = 'submission' | 'grader';

/** The results for a submission that could not be graded: score 0 and an explanation in every course language. */
export function failureResults(opts: {
  kind: FailureKind;
  /** What went wrong, in each language; for a grader failure, a short line (details go to stdout for the teacher). */
  detail: Localized;
  langs: Lang[];
  visibility?: { results: Visibility; stdout: Visibility };
  seconds: number;
}): GradescopeResults {
  const parts = opts.langs.map(
    (lang) => `${lookup(lang, `teacher.gradescope.failure.${opts.kind}`)}\n\n${opts.detail[lang]}`,
  );
  return {
    score: 0,
    execution_time: Math.round(opts.seconds * 1000) / 1000,
    output: Handlebars.Utils.escapeExpression(parts.join('\n\n———\n\n')),
    output_format: 'simple_format',
    // The student must see why nothing was graded, whatever the course hides until later.
    visibility: 'visible',
    stdout_visibility: opts.visibility?.stdout ?? 'hidden',
    extra_data: { gatelab: { failure: opts.kind } },
    tests: [],
  };
}

let validator: ValidateFunction<GradescopeResults> | undefined;

/** Checks `data` against grader/schemas/gradescope-results.schema.json; returns the first problem, or null. */
export function gradescopeProblem(data: unknown): string | null {
  validator ??= compileSchemaObject<GradescopeResults>(schema);
  if (validator(data)) return null;
  const err = validator.errors?.[0];
  if (!err) return 'does not match the Gradescope results schema';
  const extra =
    err.keyword === 'additionalProperties'
      ? ` "${(err.params as { additionalProperty: string }).additionalProperty}"`
      : '';
  return `at ${err.instancePath || '/'}: ${err.message ?? 'is invalid'}${extra}`;
}
