/**
 * The diagnosis catalogue runner: every mistake of every test/diagnosis/NN-*.ts file applied to its own copy of the
 * perfect example submission, the whole class graded in one `gradeAll` run (batched, so about a second a mistake),
 * and each mistake judged by judge.ts. Used by catalogue.test.ts and by `npm run bench -- diagnosis`.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gradeAll } from '../../grader/grade-all';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import type { SandboxLimits } from '../../grader/sandbox';
import { describeNotes, judge, meetsGoal, type MistakeVerdict } from './judge';
import type { CatalogueMistake } from './types';

export const CATALOGUE_DIR = __dirname;
export const PERFECT = path.join(PACKAGE_ROOT, 'examples', 'class', 's01-perfect');
export const UNTOUCHED = path.join(PACKAGE_ROOT, 'examples', 'class', 's02-untouched');
/** The controls: the perfect submission and the untouched kit, graded in the same run (ids cannot clash: catalogue ids are kebab-case). */
const CONTROL = '_perfect';
const UNTOUCHED_ID = '_untouched';
/** Generous: the machine is shared, and a time-out would charge a mistake where it does not belong. */
const LIMITS: Partial<SandboxLimits> = { callMs: 5_000, totalMs: 90_000 };

/** Every entry of every NN-*.ts file of the catalogue folder, in file order. */
export async function loadCatalogue(dir = CATALOGUE_DIR): Promise<CatalogueMistake[]> {
  const files = readdirSync(dir)
    .filter((f) => /^\d\d-.+\.ts$/.test(f))
    .sort();
  const all: CatalogueMistake[] = [];
  for (const file of files) {
    const mod = (await import(path.join(dir, file))) as { MISTAKES?: CatalogueMistake[] };
    if (!Array.isArray(mod.MISTAKES)) throw new Error(`${file}: exports no MISTAKES array`);
    all.push(...mod.MISTAKES);
  }
  return all;
}

/** The perfect submission's copy of the file a mistake edits. */
export function perfectSource(m: CatalogueMistake): string {
  return readFileSync(path.join(PERFECT, 'exercises', m.file), 'utf8');
}

/** What is wrong with the entries themselves (ids, edits, words), one line each; empty when they are well formed. */
export function catalogueProblems(mistakes: CatalogueMistake[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const m of mistakes) {
    if (seen.has(m.id)) problems.push(`${m.id}: the id is used twice`);
    seen.add(m.id);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(m.id)) problems.push(`${m.id}: the id is not kebab-case`);
    if (!m.file.startsWith(`${m.exercise}/`)) problems.push(`${m.id}: ${m.file} is not a file of ${m.exercise}`);
    let source = '';
    try {
      source = perfectSource(m);
    } catch {
      problems.push(`${m.id}: examples/class/s01-perfect/exercises/${m.file} does not exist`);
      continue;
    }
    const at = source.indexOf(m.find);
    if (at < 0 || source.indexOf(m.find, at + 1) >= 0)
      problems.push(
        `${m.id}: "find" must occur exactly once in ${m.file} (it occurs ${source.split(m.find).length - 1} times)`,
      );
    if (m.find === m.replace) problems.push(`${m.id}: the replacement changes nothing`);
    if (m.losesIn.length === 0) problems.push(`${m.id}: losesIn is empty`);
    for (const lang of ['en', 'ru'] as const) {
      if (m.explains[lang].length === 0 || m.explains[lang].some((words) => words.length === 0))
        problems.push(`${m.id}: explains.${lang} needs non-empty word lists`);
    }
  }
  return problems;
}

/** The perfect submission with the mistake's edit applied, written to `dir`. */
export function writeMistake(m: CatalogueMistake, dir: string): void {
  cpSync(PERFECT, dir, { recursive: true });
  const file = path.join(dir, 'exercises', m.file);
  const source = readFileSync(file, 'utf8');
  const at = source.indexOf(m.find);
  writeFileSync(file, source.slice(0, at) + m.replace + source.slice(at + m.find.length));
}

export interface CatalogueRun {
  verdicts: MistakeVerdict[];
  /** The untouched perfect submission, graded in the same run: below full marks, every verdict is suspect. */
  control: Results;
  /** The untouched kit (examples/class/s02-untouched), graded in the same run: it must get no integrity note either. */
  untouched: Results;
  seconds: number;
}

/** Grades every mistake (well-formed ones only: see catalogueProblems) in one grade-all run and judges each. */
export async function runCatalogue(
  mistakes: CatalogueMistake[],
  opts: { jobs?: number; limits?: Partial<SandboxLimits> } = {},
): Promise<CatalogueRun> {
  const started = performance.now();
  const work = mkdtempSync(path.join(os.tmpdir(), 'gatelab-catalogue-'));
  try {
    const submissions = path.join(work, 'class');
    mkdirSync(submissions);
    cpSync(PERFECT, path.join(submissions, CONTROL), { recursive: true });
    cpSync(UNTOUCHED, path.join(submissions, UNTOUCHED_ID), { recursive: true });
    for (const m of mistakes) writeMistake(m, path.join(submissions, m.id));
    const out = path.join(work, 'reports');
    const summary = await gradeAll({
      kitRoot: PACKAGE_ROOT,
      submissions,
      out,
      secret: 'the diagnosis catalogue',
      lang: 'en',
      force: true,
      limits: { ...LIMITS, ...opts.limits },
      ...(opts.jobs ? { jobs: opts.jobs } : {}),
    });
    if (summary.failed.length > 0)
      throw new Error(`grade-all could not grade: ${summary.failed.map((f) => `${f.id} (${f.message})`).join('; ')}`);
    const read = (id: string) => JSON.parse(readFileSync(path.join(out, id, 'results.json'), 'utf8')) as Results;
    const verdicts = mistakes.map((m) => judge(m, read(m.id), perfectSource(m), mistakes));
    return {
      verdicts,
      control: read(CONTROL),
      untouched: read(UNTOUCHED_ID),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface ExerciseTally {
  exercise: string;
  mistakes: number;
  caught: number;
  nowhereElse: number;
  explained: number;
  misleading: number;
  atGoal: number;
}

/** Per exercise: how many mistakes, caught, caught nowhere else, explained in both languages, misleading. */
export function tally(verdicts: MistakeVerdict[]): ExerciseTally[] {
  const exercises = [...new Set(verdicts.map((v) => v.exercise))].sort();
  return exercises.map((exercise) => {
    const vs = verdicts.filter((v) => v.exercise === exercise);
    const count = (pred: (v: MistakeVerdict) => boolean) => vs.filter(pred).length;
    return {
      exercise,
      mistakes: vs.length,
      caught: count((v) => v.caught),
      nowhereElse: count((v) => v.nowhereElse),
      explained: count((v) => v.explained.en && v.explained.ru),
      misleading: count((v) => v.misleading.length > 0),
      atGoal: count(meetsGoal),
    };
  });
}

/** One line per verdict that misses the goal, saying what it misses and what the student was told. */
export function shortfalls(verdicts: MistakeVerdict[]): string[] {
  return verdicts
    .filter((v) => !meetsGoal(v) || v.integrity.length > 0)
    .map((v) => {
      const misses = [
        !v.caught && 'not caught',
        !v.nowhereElse && `loses points elsewhere too (${v.lostIn.join(', ')})`,
        !v.explained.en && 'not explained (en)',
        !v.explained.ru && 'not explained (ru)',
        ...v.misleading.map((m) => `misleading in ${m.check}: ${m.detail}`),
      ].filter(Boolean);
      const notes = describeNotes(v.integrity).map((n) => `    integrity note: ${n}`);
      const elsewhere = v.elsewhere.map((d) => `    (charged elsewhere) ${d.check}: ${d.en}`);
      const told = v.diagnoses.map((d) => `    ${d.check}: ${d.en}`).join('\n');
      return [`${v.id}: ${misses.join('; ')}`, told, ...elsewhere, ...notes].filter(Boolean).join('\n');
    });
}

/**
 * Every integrity note of the run, one line each with whose it is: the controls' and the mistakes'. A catalogued
 * mistake is honest work (so is the untouched kit): any note here is a false accusation.
 */
export function integrityNotes(run: CatalogueRun): string[] {
  const of = (who: string, notes: Results['integrity']) => describeNotes(notes).map((n) => `${who}: ${n}`);
  return [
    ...of('the perfect submission', run.control.integrity),
    ...of('the untouched kit', run.untouched.integrity),
    ...run.verdicts.flatMap((v) => of(v.id, v.integrity)),
  ];
}
