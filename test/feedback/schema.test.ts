import { describe, expect, it } from 'vitest';
import type {
  CheckResult,
  ExerciseSummary,
  IntegrityNote,
  NumericDiff,
  Outcome,
  Results,
  SubmissionInfo,
  TestEntry,
} from '../../grader/shared/results';
import { ResultsValidationError, validateResults } from '../../grader/feedback/validate';
import schema from '../../grader/schemas/results.schema.json';
import { makeResults } from './fixture';

const FILE = 'out/ivan-petrov/results.json';

function problem(mutate: (data: Record<string, unknown>) => void): string {
  const data = makeResults() as unknown as Record<string, unknown>;
  mutate(data);
  try {
    validateResults(data, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ResultsValidationError);
    return (error as Error).message;
  }
  throw new Error('validateResults accepted invalid data');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const at = (data: Record<string, unknown>, ...keys: (string | number)[]): any =>
  keys.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], data);

describe('validateResults', () => {
  it('accepts the realistic fixture and returns it', () => {
    const data = makeResults();
    expect(validateResults(data, FILE)).toBe(data);
  });

  it('accepts any object in Gradescope extra_data and a string leaderboard value', () => {
    const data = makeResults();
    data.tests[0].extra_data = { anything: [1, 'two', { three: null }] };
    data.leaderboard = [{ name: 'MAE', value: '2.03', order: 'asc' }];
    expect(() => validateResults(data, FILE)).not.toThrow();
  });

  it('rejects a non-integer milli value, naming the file and the JSON path', () => {
    const message = problem((d) => {
      at(d, 'tests', 3, 'gatelab').score_milli = 8333.5;
    });
    expect(message).toBe(`${FILE}: /tests/3/gatelab/score_milli must be integer (got 8333.5)`);
  });

  it('rejects a missing required field, naming its path', () => {
    const message = problem((d) => {
      delete at(d, 'tests', 4, 'gatelab').title;
    });
    expect(message).toBe(`${FILE}: /tests/4/gatelab/title is required`);
  });

  it('rejects a missing top-level field', () => {
    expect(problem((d) => delete d.final_milli)).toBe(`${FILE}: /final_milli is required`);
  });

  it('rejects an unknown outcome and lists the allowed ones', () => {
    const message = problem((d) => {
      at(d, 'tests', 0, 'gatelab').outcome = 'almost';
    });
    expect(message).toMatch(
      /^out\/ivan-petrov\/results\.json: \/tests\/0\/gatelab\/outcome must be one of "passed", "partial",/,
    );
    expect(message).toContain('(got "almost")');
  });

  it('rejects an unknown property on gatelab objects', () => {
    const message = problem((d) => {
      at(d, 'tests', 4, 'gatelab', 'diffs', 0).expected = [[1]];
    });
    expect(message).toContain(`${FILE}: /tests/4/gatelab/diffs/0 has unknown property "expected"`);
  });

  it('rejects a shape that is not a pair of counts', () => {
    const message = problem((d) => {
      at(d, 'tests', 4, 'gatelab', 'diffs', 0).actualShape = [3, 12, 1];
    });
    expect(message).toMatch(/^out\/ivan-petrov\/results\.json: \/tests\/4\/gatelab\/diffs\/0\/actualShape must /);
  });

  it('rejects NaN where JSON could never carry it', () => {
    const message = problem((d) => {
      at(d, 'tests', 3, 'gatelab', 'diffs', 0).maxAbsError = NaN;
    });
    expect(message).toBe(`${FILE}: /tests/3/gatelab/diffs/0/maxAbsError must be number or null (got NaN)`);
  });

  it('rejects a score above its maximum', () => {
    const message = problem((d) => {
      at(d, 'exercises', 1).score_milli = 25001;
    });
    expect(message).toBe(`${FILE}: /exercises/1/score_milli must be at most max_milli 25000 (got 25001)`);
  });

  it("rejects a Gradescope score that is not the check's milli-points / 1000", () => {
    const message = problem((d) => {
      at(d, 'tests', 3).score = 8.33;
    });
    expect(message).toBe(`${FILE}: /tests/3/score must equal gatelab.score_milli / 1000 = 8.333 (got 8.33)`);
  });

  it('rejects a top-level score that is not final_milli / 1000', () => {
    expect(problem((d) => (d.score = 23.333))).toBe(`${FILE}: /score must equal final_milli / 1000 = 21 (got 23.333)`);
  });

  it('rejects a check of an exercise that is not listed', () => {
    const message = problem((d) => {
      at(d, 'tests', 0, 'gatelab').exercise = '06-attention';
    });
    expect(message).toBe(
      `${FILE}: /tests/0/gatelab/exercise must name an exercise listed in /exercises (got "06-attention")`,
    );
  });

  it('reports a value that is not an object at the top level', () => {
    expect(() => validateResults([], FILE)).toThrow(`${FILE}: (top level) must be object (got an empty array)`);
  });
});

/**
 * The schema mirrors grader/shared/results.ts. Each spec below is checked by the compiler against the
 * TypeScript type (every key, and whether it is optional), and by the test against the schema.
 */
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
type KeySpec<T> = { [K in keyof T]-?: K extends OptionalKeys<T> ? 'optional' : 'required' };

const RESULTS: KeySpec<Results> = {
  score: 'required',
  execution_time: 'required',
  output: 'required',
  visibility: 'required',
  stdout_visibility: 'required',
  tests: 'required',
  leaderboard: 'required',
  schema_version: 'required',
  student: 'required',
  lang: 'required',
  submission: 'required',
  kit_version: 'required',
  seed: 'required',
  graded_at: 'required',
  raw_milli: 'required',
  final_milli: 'required',
  max_milli: 'required',
  exercises: 'required',
  integrity: 'required',
  manual: 'optional',
  timings: 'required',
  sandbox: 'optional',
};
const TEST_ENTRY: KeySpec<TestEntry> = {
  score: 'required',
  max_score: 'required',
  status: 'required',
  name: 'required',
  number: 'required',
  output: 'required',
  tags: 'required',
  visibility: 'required',
  extra_data: 'required',
  gatelab: 'required',
};
const CHECK: KeySpec<CheckResult> = {
  id: 'required',
  exercise: 'required',
  hidden: 'required',
  score_milli: 'required',
  max_milli: 'required',
  outcome: 'required',
  title: 'required',
  diagnosis: 'optional',
  hint: 'optional',
  notes: 'optional',
  cases: 'optional',
  diffs: 'required',
  duration_ms: 'required',
};
const DIFF: KeySpec<NumericDiff> = {
  quantity: 'required',
  expectedShape: 'required',
  actualShape: 'required',
  maxAbsError: 'required',
  maxRelError: 'required',
  worstIndex: 'required',
  mismatches: 'required',
  total: 'required',
  nanCount: 'required',
  infCount: 'required',
};
const NOTE: KeySpec<IntegrityNote> = { kind: 'required', file: 'optional', line: 'optional', message: 'required' };
const EXERCISE: KeySpec<ExerciseSummary> = {
  id: 'required',
  title: 'required',
  score_milli: 'required',
  max_milli: 'required',
  answers: 'optional',
  plots: 'optional',
  tables: 'optional',
};
const SUBMISSION: KeySpec<SubmissionInfo> = {
  commit: 'required',
  time: 'required',
  time_source: 'optional',
  seen_at: 'optional',
  late_days: 'required',
  penalty_milli: 'required',
};
const OUTCOMES: Record<Outcome, true> = {
  passed: true,
  partial: true,
  failed: true,
  'not-implemented': true,
  error: true,
  timeout: true,
  'out-of-memory': true,
  crashed: true,
  missing: true,
};
const NOTE_KINDS: Record<IntegrityNote['kind'], true> = {
  tampered: true,
  'forbidden-import': true,
  'process-exit': true,
  timeout: true,
  'out-of-memory': true,
  crashed: true,
  'access-denied': true,
  'global-patch': true,
  'compile-error': true,
  sandbox: true,
  review: true,
};

interface ObjectSchema {
  properties: Record<string, { enum?: string[] }>;
  required: string[];
  additionalProperties: boolean;
}
const defs = schema.$defs as unknown as Record<string, ObjectSchema & { enum?: string[] }>;

describe('results.schema.json mirrors grader/shared/results.ts', () => {
  const cases: [string, ObjectSchema, Record<string, string>][] = [
    ['Results', schema as unknown as ObjectSchema, RESULTS],
    ['TestEntry', defs.TestEntry, TEST_ENTRY],
    ['CheckResult', defs.CheckResult, CHECK],
    ['NumericDiff', defs.NumericDiff, DIFF],
    ['IntegrityNote', defs.IntegrityNote, NOTE],
    ['ExerciseSummary', defs.ExerciseSummary, EXERCISE],
    ['SubmissionInfo', defs.SubmissionInfo, SUBMISSION],
  ];
  it.each(cases)('%s has the same properties, required where the type requires them', (_name, object, spec) => {
    expect(Object.keys(object.properties).sort()).toEqual(Object.keys(spec).sort());
    const required = Object.keys(spec).filter((key) => spec[key] === 'required');
    expect([...object.required].sort()).toEqual(required.sort());
    expect(object.additionalProperties).toBe(false);
  });

  it('lists every Outcome and every integrity note kind, and nothing else', () => {
    expect([...(defs.Outcome.enum ?? [])].sort()).toEqual(Object.keys(OUTCOMES).sort());
    expect([...(defs.IntegrityNote.properties.kind.enum ?? [])].sort()).toEqual(Object.keys(NOTE_KINDS).sort());
  });
});
