/**
 * What the grader hands to the suites running inside Vitest (through `provide`/`inject`):
 * where the compiled submission is, the student's seed, the sandbox limits, and what the
 * compile step already found.
 */
import { createHash } from 'node:crypto';
import type { Acceptance, IsolationDetails, SandboxLimits } from '../sandbox';
import type { Localized } from '../shared/results';

/**
 * A data file a submission hands in (course.json `artifacts`), copied by grade/artifacts.ts, or the reason it could not
 * be taken (missing, not a regular file, too large, JSON nested deeper than BOUNDS.jsonDepth); `message`, when there
 * is one, is what the suite tells the student.
 */
export type Artifact =
  | { path: string }
  | { problem: 'missing' | 'not-a-file' | 'too-large' | 'too-deep'; limitBytes: number; message?: Localized };

/** Exercise id → file name (as course.json names it) → the artifact. */
export type Artifacts = Record<string, Record<string, Artifact>>;

export interface CompileProblem {
  file: string;
  line: number;
  message: string;
}

export interface GradingContext {
  /** `grade` runs public and hidden suites for a teacher; `check` runs public ones for a student. */
  mode: 'grade' | 'check';
  /** The staging folder holding the compiled submission, the toolkit and the sandbox runner. */
  staging: string;
  /** The per-student seed (hex) the hidden cases are drawn from. */
  seed: string;
  limits: SandboxLimits;
  /** Exercise id → the first compile error in it. */
  compileErrors: Record<string, CompileProblem>;
  /** Exercise id → file of fresh public cases drawn from the student's seed (grade mode; binary, codec.ts serializeFixture). */
  freshFixtures: Record<string, string>;
  /** Exercise id → data file → its copy in the grader's work folder, or why there is none (see grade/artifacts.ts). */
  artifacts?: Artifacts;
  /**
   * Exercise id → a staging folder where the student's code of that exercise runs on the reference modules of the
   * exercises it requires (grade only; see grade/reference-cells.ts and forecast/cell.ts).
   */
  referenceStaging?: Record<string, string>;
  /** The sandbox's isolation layers as the trusted process probed them, so worker threads need not probe again. */
  isolation?: IsolationDetails;
  /** Sandbox layers the teacher accepted missing (`--allow-weak-sandbox`); none by default. `check` accepts all. */
  acceptWeak?: Acceptance;
}

/** A 32-bit case seed from the student's seed and any labels (exercise, check, case number). */
export function caseSeed(studentSeed: string, ...parts: (string | number)[]): number {
  const digest = createHash('sha256')
    .update([studentSeed, ...parts].join('\u0000'))
    .digest();
  return digest.readUInt32LE(0);
}
