/**
 * The per-student results file, `results.json`.
 *
 * It is a superset of Gradescope's autograder results format: every field Gradescope reads
 * (score, execution_time, output, visibility, stdout_visibility, tests[], leaderboard; per test
 * score, max_score, status, name, number, output, tags, visibility, extra_data) keeps its meaning,
 * and gatelab's own data sits beside it under names Gradescope ignores.
 *
 * Points inside gatelab are integer milli-points (`*_milli`); the Gradescope fields `score` and
 * `max_score` are the same values divided by 1000, computed once when the file is written.
 */

export type Lang = 'en' | 'ru';
export const LANGS: readonly Lang[] = ['en', 'ru'];

/** A student-facing text in every course language. */
export interface Localized {
  en: string;
  ru: string;
}

export type Visibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';

/** How one check ended. `passed` and `failed` are Gradescope's; the rest say why it failed. */
export type Outcome =
  'passed' | 'partial' | 'failed' | 'not-implemented' | 'error' | 'timeout' | 'out-of-memory' | 'crashed' | 'missing';

/** Where a student's matrix differs from the reference (or from finite differences). */
export interface NumericDiff {
  /** What was compared, e.g. `f`, `dWfx`, `dhPrev (finite differences)`. */
  quantity: string;
  expectedShape: [number, number];
  actualShape: [number, number] | null;
  /** Largest |a − r| over the elements; null when shapes differ. */
  maxAbsError: number | null;
  /** Largest |a − r| / max(|r|, tiny); null when shapes differ. */
  maxRelError: number | null;
  /** [row, col] of the element that exceeds the tolerance the most; null when none does. */
  worstIndex: [number, number] | null;
  /** Elements outside `atol + rtol·|r|`. */
  mismatches: number;
  total: number;
  nanCount: number;
  infCount: number;
}

/** Something the grader noticed about the submission itself, not about the math. */
export interface IntegrityNote {
  kind:
    | 'tampered'
    | 'forbidden-import'
    | 'process-exit'
    | 'timeout'
    | 'out-of-memory'
    | 'crashed'
    | 'access-denied'
    | 'global-patch'
    | 'compile-error'
    | 'sandbox'
    | 'review';
  /** File (relative to the submission) the note is about, when there is one. */
  file?: string;
  line?: number;
  message: Localized;
}

export interface CheckResult {
  /** Stable id from course.json, e.g. `forward-values`. */
  id: string;
  exercise: string;
  hidden: boolean;
  score_milli: number;
  max_milli: number;
  outcome: Outcome;
  /** Short statement of what the check proves. */
  title: Localized;
  /** What is wrong, naming the gate or the line of math; absent when the check passed. */
  diagnosis?: Localized;
  hint?: Localized;
  /** What the student should know whatever the outcome (the check ran on the reference cell …); costs nothing. */
  notes?: Localized[];
  /** Cases passed out of cases tried, for partial credit. */
  cases?: { passed: number; total: number };
  diffs: NumericDiff[];
  /** Milliseconds the check took. */
  duration_ms: number;
}

/** One Gradescope test entry, with gatelab's check attached. */
export interface TestEntry {
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  name: string;
  number: string;
  output: string;
  tags: string[];
  visibility: Visibility;
  extra_data: Record<string, unknown>;
  gatelab: CheckResult;
}

export interface ExerciseSummary {
  id: string;
  title: Localized;
  score_milli: number;
  max_milli: number;
  /** Free-text answers collected for the TA (manually graded; no automatic points). */
  answers?: { question: Localized; text: string }[];
  /** Plots the checks recorded for the report (e.g. the student's curves beside the reference's). */
  plots?: Plot[];
  /** Tables the checks recorded for the report (e.g. a forecast's error beside the baselines'). */
  tables?: ReportTable[];
}

/** A small table for the report, written by a trusted suite: a row label and one text cell per column. */
export interface ReportTable {
  title: Localized;
  columns: Localized[];
  rows: { label: Localized; cells: string[] }[];
}

/** Bounds on a plot, so a submission cannot bloat results.json or the report. */
export const PLOT_LIMITS = { series: 30, points: 201, families: 6, label: 80 } as const;

/** One curve of a plot: finite [x, y] points, drawn solid for the reference and dashed for the student. */
export interface PlotSeries {
  /** The curve's id, shown in the legend when it has no `title` (a formula such as `w = 0.5` needs none). */
  label: string;
  /** The curve's name in every language, for the legend (`observed`, `your model` …). */
  title?: Localized;
  /** The panel it is drawn in: one of the plot's `families`. */
  family: string;
  source: 'student' | 'reference';
  points: [number, number][];
}

/** A line plot for the report, one panel per family, rendered server-side as SVG. */
export interface Plot {
  /** Part of the SVG file's name: lower-case letters, digits and dashes. */
  id: string;
  title: Localized;
  xTitle: Localized;
  yTitle: Localized;
  families: { id: string; title: Localized }[];
  series: PlotSeries[];
  /** The y values are log₁₀ of the quantity (01's gradients): the caption says so and 0 stays on the axis. */
  yScale?: 'log10';
  /** The x values are whole numbers (epochs, days): the axis is ticked at whole numbers only. */
  xInteger?: boolean;
}

export type SubmissionTimeSource = 'commit' | 'collected' | 'given' | 'upload';

export interface SubmissionInfo {
  /** Git commit of the collected submission, when known. */
  commit: string | null;
  /** ISO time of the submission (commit time or collection time). */
  time: string | null;
  /**
   * What `time` is: the commit's own date (`commit`, written by the student's machine), when collect first fetched the
   * commit (`collected`), a time the teacher gave (`given`) or the upload time of a platform (`upload`).
   */
  time_source?: SubmissionTimeSource;
  /** When collect first fetched the commit (the manifest's seen_at): proof the work existed then. */
  seen_at?: string | null;
  late_days: number;
  /** Late penalty in milli-points, subtracted from the raw score. */
  penalty_milli: number;
}

/** What a TA added by hand (reports/<student>/manual.json), applied by `gatelab report`. */
export interface ManualGrading {
  comments: { exercise?: string; author?: string; text: string }[];
  adjustments: { exercise?: string; milli: number; reason: string }[];
  /** Sum of the adjustments, in milli-points (may be negative). */
  total_milli: number;
}

export interface Results {
  // --- Gradescope's fields ---
  score: number;
  execution_time: number;
  output: string;
  visibility: Visibility;
  stdout_visibility: Visibility;
  tests: TestEntry[];
  leaderboard: { name: string; value: number | string; order?: 'asc' | 'desc' }[];
  // --- gatelab's fields ---
  schema_version: 1;
  student: string;
  lang: Lang;
  submission: SubmissionInfo;
  kit_version: string;
  /** The per-student seed the hidden cases were drawn from (derived from the course secret; safe to show). */
  seed: string;
  graded_at: string;
  raw_milli: number;
  final_milli: number;
  max_milli: number;
  exercises: ExerciseSummary[];
  integrity: IntegrityNote[];
  /** Points and comments from a TA; final_milli = clamp(raw − late penalty + manual, 0, max). */
  manual?: ManualGrading;
  /** Time spent in each pipeline step, in milliseconds. */
  timings: Record<string, number>;
  /** The sandbox's layers for this student, and whether the code ran (fail closed; see grader/sandbox/layers.ts). */
  sandbox?: SandboxRecord;
}

export type SandboxLayerName = 'user' | 'pid' | 'net' | 'memory' | 'permission' | 'pdeathsig';

export interface SandboxRecord {
  /** False when a missing layer was not accepted: none of the student's code ran. */
  ran: boolean;
  layers: Record<SandboxLayerName, 'in-force' | 'missing' | 'not-needed'>;
  /** Missing layers the teacher accepted with --allow-weak-sandbox. */
  accepted_missing: SandboxLayerName[];
  /** Missing layers nobody accepted: why the code did not run. */
  refused: SandboxLayerName[];
}
