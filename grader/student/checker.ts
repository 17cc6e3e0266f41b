/**
 * `gatelab check [exercise]` for students: the public tests on their own files, a progress
 * table like rustlings', and for the first failing check what is wrong and a hint.
 *
 * A Checker keeps what does not change between runs warm (the compiled toolkit and runner, the loaded
 * harness, the sandbox's isolation probe), so `watch` and `hint` pay only for the run. The public suites
 * run in this process without Vitest (public-suites.ts): the same suites and harness grading runs in
 * Vitest, so a check gives the diagnosis grading gives on the same cases.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { findExercise, loadCatalog, type Catalog } from '../shared/catalog';
import { copyArtifacts } from '../grade/artifacts';
import { compileSubmission, compileKitRuntime } from '../grade/compile';
import { score, type Scored } from '../grade/score';
import { suiteFiles } from '../grade/suites';
import type { Lang } from '../shared/results';
import { DEFAULT_LIMITS, isolationDetails, ownedTempDir, removeTempDir, type IsolationDetails } from '../sandbox';
import type { GradingContext } from '../harness/context';
import { UsageError } from '../shared/errors';
import { checkNotice } from '../grade/sandbox-notes';
import { renderCheck } from './render';
import { placeThrows } from '../grade/source-lines';
import { PublicSuites } from './public-suites';

export { describeProblem, firstProblem, renderCheck } from './render';

export interface CheckReport {
  scored: Scored;
  lines: string[];
  allPassed: boolean;
}

/** Compiles the student's files into `staging`; the context `check` runs the public suites with. */
export async function publicContext(o: {
  exercisesDir: string;
  staging: string;
  runtimeDir: string;
  catalog: Catalog;
  artifactsDir: string;
  isolation: IsolationDetails;
}): Promise<GradingContext> {
  const compiled = await compileSubmission({
    exercisesDir: o.exercisesDir,
    staging: o.staging,
    runtimeDir: o.runtimeDir,
    catalog: o.catalog,
  });
  const artifacts = copyArtifacts(o.exercisesDir, o.catalog, o.artifactsDir);
  return {
    mode: 'check',
    staging: o.staging,
    seed: 'public',
    limits: DEFAULT_LIMITS,
    compileErrors: compiled.compileErrors,
    freshFixtures: {},
    artifacts,
    isolation: o.isolation,
  };
}

/** Public checks, run again and again on the same kit with everything but the submission kept warm. */
export class Checker {
  private runs = 0;

  private constructor(
    readonly kitRoot: string,
    readonly catalog: Catalog,
    private readonly work: string,
    private readonly runner: PublicSuites,
    private readonly isolation: IsolationDetails,
  ) {}

  static async start(opts: { kitRoot: string; catalog?: Catalog }): Promise<Checker> {
    const catalog = opts.catalog ?? loadCatalog(opts.kitRoot);
    const work = ownedTempDir('check');
    try {
      // The probe's processes and the toolkit's compiler, once started, run while the harness loads (which blocks).
      const [isolation, , runner] = await Promise.all([
        isolationDetails(),
        compileKitRuntime(opts.kitRoot, path.join(work, 'runtime')),
        Promise.resolve().then(() => PublicSuites.start(opts.kitRoot)),
      ]);
      return new Checker(opts.kitRoot, catalog, work, runner, isolation);
    } catch (err) {
      removeTempDir(work);
      throw err;
    }
  }

  /** The toolkit changed (it is compiled once per Checker): compile it again before the next run. */
  async refreshToolkit(): Promise<void> {
    await compileKitRuntime(this.kitRoot, path.join(this.work, 'runtime'));
  }

  /** Runs the public checks of one exercise (id or number), or of every exercise. */
  async run(opts: { exercise?: string; lang?: Lang } = {}): Promise<CheckReport> {
    const lang = opts.lang ?? this.catalog.defaultLanguage;
    const catalog: Catalog = opts.exercise
      ? { ...this.catalog, exercises: [findExercise(this.catalog, opts.exercise)] }
      : this.catalog;
    const files = suiteFiles(this.kitRoot, catalog, 'public');
    if (files.length === 0)
      throw new UsageError(
        `no public tests found under ${path.join(this.kitRoot, 'exercises')}; run check from the kit's root folder`,
      );
    // A fresh staging folder per run: the sandbox loads modules once, so a changed file needs a new folder.
    const staging = path.join(this.work, `staging-${++this.runs}`);
    mkdirSync(staging, { recursive: true });
    try {
      const context = await publicContext({
        exercisesDir: path.join(this.kitRoot, 'exercises'),
        staging,
        runtimeDir: path.join(this.work, 'runtime'),
        catalog,
        artifactsDir: path.join(this.work, `artifacts-${this.runs}`),
        isolation: this.isolation,
      });
      const ran = await this.runner.run(files, context);
      const scored = score(catalog, ran.checks, 'public');
      placeThrows(scored, staging, path.join(this.kitRoot, 'exercises'));
      // A missing sandbox layer is said once per Checker (so once per watch session), and is not fatal here.
      const notice = this.runs === 1 ? checkNotice(this.isolation, lang) : [];
      return {
        scored,
        lines: [...notice, ...renderCheck(scored, lang, { detailed: Boolean(opts.exercise), notes: this.catalog })],
        allPassed: scored.checks.every((c) => c.outcome === 'passed'),
      };
    } finally {
      rmSync(staging, { recursive: true, force: true });
      rmSync(path.join(this.work, `artifacts-${this.runs}`), { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {
    try {
      await this.runner.close();
    } finally {
      removeTempDir(this.work);
    }
  }
}

export async function checkWork(opts: {
  kitRoot: string;
  exercise?: string;
  lang?: Lang;
  catalog?: Catalog;
}): Promise<CheckReport> {
  const catalog = opts.catalog ?? loadCatalog(opts.kitRoot);
  // A bad exercise name is bad input: say so before anything starts.
  if (opts.exercise) findExercise(catalog, opts.exercise);
  const checker = await Checker.start({ kitRoot: opts.kitRoot, catalog });
  try {
    return await checker.run({ exercise: opts.exercise, lang: opts.lang });
  } finally {
    await checker.close();
  }
}
