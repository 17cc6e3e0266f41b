/**
 * What a check body works with and what it leaves: CheckTools, through which it reaches the student's modules, draws
 * case seeds, compares results and gives its verdict, and the CheckRecord built from that verdict, which `check`
 * (check.ts) keeps in the test's task meta for the grader.
 */
import { Matrix } from '../../exercises/lib/matrix';
import type { SandboxEvent } from '../sandbox';
import type { Localized, ReportTable, NumericDiff, Outcome, Plot } from '../shared/results';
import { cleanPlot } from './check-outcome';
import { caseSeed, type Artifact, type GradingContext } from './context';
import { closeNumber, compareMatrix } from './compare';
import { diffText } from './messages';
import type { StudentModule } from './student';
import { text } from '../shared/messages';

export interface CheckRecord {
  outcome: Outcome;
  cases?: { passed: number; total: number };
  diagnosis?: Localized;
  hint?: Localized;
  diffs: NumericDiff[];
  duration_ms: number;
  /** What the sandbox saw during the check (exits, timeouts, denied access …), for the integrity notes. */
  events?: SandboxEvent[];
  /** A plot for the report, already cleaned by `CheckTools.plot`. */
  plot?: Plot;
  /** A table for the report (trusted text only). */
  table?: ReportTable;
  /** Findings for a teacher to look at (a forecast too good to be true …): integrity notes of kind `review`. */
  flags?: Localized[];
  /** Things the student should know whatever the outcome (the check ran on the reference cell …), shown in the report. */
  notes?: Localized[];
}

const MAX_DIFFS = 6;

/** The tools a check body gets: the student's modules, seeds, comparisons and a place for the verdict. */
export class CheckTools {
  private passed = 0;
  private total = 0;
  private failed = false;
  private diagnosisText?: Localized;
  private hintText?: Localized;
  private plotData?: Plot;
  private tableData?: ReportTable;
  private readonly flagged: Localized[] = [];
  private readonly noted: Localized[] = [];
  /** Functions a self-consistency case built on that were wrong on that case (see consistencyCase). */
  private readonly unproven = new Set<string>();
  /** Quantities compared with vector(): 1-D results, whose diffs are worded with one index. */
  private readonly vectors = new Set<string>();
  readonly diffs: NumericDiff[] = [];

  constructor(
    readonly exercise: string,
    readonly checkId: string,
    private readonly modules: (name: string, exercise?: string) => StudentModule,
    /** The grading context the check was registered under (see inject.ts). */
    private readonly context: GradingContext,
  ) {}

  /** The student's module `name` (file name without .ts) of this exercise. */
  module(name: string): StudentModule {
    return this.modules(name);
  }

  /** The student's module `name` of exercise `other`, one this exercise builds on (course.json `requires`). */
  requiredModule(other: string, name: string): StudentModule {
    return this.modules(name, other);
  }

  /** A case seed for this student, exercise and check; `k` tells cases apart. */
  seed(k: number | string = 0): number {
    return caseSeed(this.context.seed, this.exercise, this.checkId, k);
  }

  /** Compares a returned value with the expected matrix; records the diff when it differs. */
  matrix(quantity: string, actual: unknown, expected: Matrix): boolean {
    const got = actual instanceof Matrix ? actual : null;
    const diff = compareMatrix(quantity, got, expected);
    if (!diff.ok) this.keepDiff(diff);
    return diff.ok;
  }

  /**
   * Compares a 1-D result (number[]) with the expected one, as matrix() does a 1×n row; its diagnosis then says
   * "at index k", in the shape of the result, not "at [0, k]".
   */
  vector(quantity: string, actual: readonly number[], expected: readonly number[]): boolean {
    this.vectors.add(quantity);
    const row = (v: readonly number[]) => new Matrix(1, v.length, Float64Array.from(v));
    return this.matrix(quantity, row(actual), row(expected));
  }

  /** Compares a returned number with the expected one (same tolerances as matrices). */
  number(quantity: string, actual: unknown, expected: number): boolean {
    if (typeof actual !== 'number') {
      this.diagnose(text('harness.notANumber', { q: quantity, got: actual === null ? 'null' : typeof actual }));
      return false;
    }
    const ok = closeNumber(actual, expected);
    if (!ok) this.diagnose(text('harness.numberDiffers', { q: quantity }));
    return ok;
  }

  /** Counts one case; a check with `partial` credit scores the share of passed cases. */
  case(ok: boolean): boolean {
    this.total++;
    if (ok) this.passed++;
    return ok;
  }

  /**
   * One case of a self-consistency check: the student's result against their own other result (gradients against
   * finite differences of their own forward, a second call against the first, the arguments against what was sent).
   * Agreeing with oneself proves nothing alone: zeros with zero gradients agree, and so does a plain linear map with
   * its exact gradient. So the case counts only when every result it builds on is right on the same case: `builtOn`
   * maps each function it builds on to whether that function's result, compared with the reference, is right there.
   * This is the one place the rule is written; every such check of every exercise goes through it.
   */
  consistencyCase(builtOn: Record<string, boolean>, consistent: boolean): boolean {
    const wrong = Object.keys(builtOn).filter((fn) => !builtOn[fn]);
    for (const fn of wrong) this.unproven.add(fn);
    return this.case(wrong.length === 0 && consistent);
  }

  /** The functions some self-consistency case built on while they were wrong (empty when there were none). */
  get unprovenFoundations(): string[] {
    return [...this.unproven];
  }

  /** The first specific diagnosis wins: it is usually the root cause of the later ones. */
  diagnose(diagnosis: Localized, hint?: Localized): void {
    this.failed = true;
    this.diagnosisText ??= diagnosis;
    if (hint) this.hintText ??= hint;
  }

  hint(hint: Localized): void {
    this.hintText ??= hint;
  }

  /**
   * Records a plot for the report (one per check; a later call replaces it). Student curves are untrusted data: only
   * finite points are kept, and series, points and labels are cut to PLOT_LIMITS.
   */
  plot(plot: Plot): void {
    this.plotData = cleanPlot(plot);
  }

  /** Records a table for the report (one per check). Its text must come from the trusted side, never the student. */
  table(table: ReportTable): void {
    this.tableData = table;
  }

  /** A finding for the teacher, shown as an integrity note of kind `review`; it does not change the points. */
  flag(message: Localized): void {
    this.flagged.push(message);
  }

  /** A note for the student shown with the check whatever its outcome (not a diagnosis: it costs nothing). */
  note(message: Localized): void {
    this.noted.push(message);
  }

  /** A data file the student handed in with this exercise (course.json `artifacts`): its copy, or why there is none. */
  artifact(file: string): Artifact | undefined {
    return this.context.artifacts?.[this.exercise]?.[file];
  }

  /** The recorded table and flags, for the record. */
  get extras(): Pick<CheckRecord, 'table' | 'flags' | 'notes'> {
    return {
      ...(this.tableData ? { table: this.tableData } : {}),
      ...(this.flagged.length ? { flags: [...this.flagged] } : {}),
      ...(this.noted.length ? { notes: [...this.noted] } : {}),
    };
  }

  /** The recorded plot, for the record. */
  get recordedPlot(): Plot | undefined {
    return this.plotData;
  }

  get anyFailed(): boolean {
    return this.failed || this.passed < this.total;
  }

  /** One diff per quantity (the first case that shows it), at most MAX_DIFFS. */
  private keepDiff(diff: NumericDiff & { ok?: boolean }): void {
    if (this.diffs.length >= MAX_DIFFS || this.diffs.some((d) => d.quantity === diff.quantity)) return;
    const { ok: _ok, ...plain } = diff;
    this.diffs.push(plain);
  }

  record(durationMs: number): CheckRecord {
    const ran = this.total > 0;
    let outcome: Outcome = 'passed';
    if (this.anyFailed) outcome = this.passed > 0 ? 'partial' : 'failed';
    const located = this.diffs[0] ? this.locate(this.diffs[0]) : undefined;
    const diagnosis = this.anyFailed ? (this.diagnosisText ?? located ?? this.unprovenText()) : undefined;
    return {
      outcome,
      ...(ran ? { cases: { passed: this.passed, total: this.total } } : {}),
      ...(diagnosis ? { diagnosis } : {}),
      ...(this.anyFailed && this.hintText ? { hint: this.hintText } : {}),
      diffs: this.anyFailed ? this.diffs : [],
      duration_ms: Math.round(durationMs),
      ...(this.plotData ? { plot: this.plotData } : {}),
      ...this.extras,
    };
  }

  /** Where a result differs, worded in the result's own shape (one index for a 1-D result). */
  private locate(d: NumericDiff): Localized {
    const sameShape =
      d.actualShape && d.actualShape[0] === d.expectedShape[0] && d.actualShape[1] === d.expectedShape[1];
    if (!this.vectors.has(d.quantity) || !sameShape || d.nanCount > 0 || !d.worstIndex) return diffText(d);
    return text('diagnosis.atIndex', { q: d.quantity, m: d.mismatches, t: d.total, at: d.worstIndex[1] });
  }

  /**
   * Why self-consistency cases did not count, when nothing more specific was said. A check whose cases are all of
   * that kind should not add "you disagree with yourself" while `unprovenFoundations` is not empty: next to a wrong
   * forward that may be said of a right backward.
   */
  private unprovenText(): Localized | undefined {
    if (this.unproven.size === 0) return undefined;
    return text('diagnosis.unproven', { fns: [...this.unproven].join(', ') });
  }
}
