/**
 * The course catalog, `course.json`: exercises in order, points per check, languages, deadline,
 * late policy and Gradescope visibility. Loaded once per command and checked against its schema.
 * A course.json that passed its checks is remembered by its hash and the schema's (shared/cache.ts),
 * so the same file is not checked again: compiling the schema was a fifth of a student's cold `check`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020';
import { compileSchema, firstSchemaError } from '../schemas';
import { cachedText } from './cache';
import { UsageError } from './errors';
import type { Lang, Localized, Visibility } from './results';
import { toMilli } from './points';

export interface CheckSpec {
  id: string;
  title: Localized;
  points: number;
  visibility: 'public' | 'hidden';
  partial?: boolean;
}

export interface ExerciseSpec {
  id: string;
  title: Localized;
  modules: string[];
  points: number;
  answers?: { file: string; question: Localized }[];
  /** Exercises whose modules this one imports (05 runs the student's own 03 cell): compiled with it. */
  requires?: string[];
  /** Files of solutions/<id>/ copied unchanged into the kit (a training script): given, not graded. */
  given?: string[];
  /** Data files handed in besides code (a trained model.json): read by the trusted suites, never run. */
  artifacts?: { file: string; maxBytes: number }[];
  checks: CheckSpec[];
}

export interface LatePolicy {
  graceMinutes: number;
  unit: 'day' | 'hour';
  deductionPercent: number;
  floorPercent: number;
  cutoff: number;
}

export interface Catalog {
  course: Localized;
  kitVersion: string;
  languages: Lang[];
  defaultLanguage: Lang;
  deadline: string;
  latePolicy: LatePolicy;
  visibility: { results: Visibility; stdout: Visibility; hiddenChecks: Visibility };
  exercises: ExerciseSpec[];
}

const SCHEMA = 'course.schema.json';
let validateCatalog: ValidateFunction<Catalog> | undefined;

/** Reads and checks `course.json` in `kitRoot`; every problem is a one-line UsageError. */
export function loadCatalog(kitRoot: string): Catalog {
  const file = path.join(kitRoot, 'course.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(
      `${file}: not found; run gatelab from the kit's root folder (the one with course.json) or pass --kit <dir>`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message}); fix the syntax and run again`);
  }
  const schema = readFileSync(path.join(__dirname, '..', 'schemas', SCHEMA), 'utf8');
  cachedText(kitRoot, 'course.json.checked', [schema, text], () => {
    validateCatalog ??= compileSchema<Catalog>(SCHEMA);
    if (!validateCatalog(data)) throw new UsageError(`${file}: ${firstSchemaError(validateCatalog.errors)}`);
    checkConsistency(data as Catalog, file);
    return '';
  });
  return data as Catalog;
}

/** Rules a JSON Schema cannot say: unique ids, points that add up, languages that agree. */
function checkConsistency(catalog: Catalog, file: string): void {
  if (!catalog.languages.includes(catalog.defaultLanguage)) {
    throw new UsageError(
      `${file}: defaultLanguage "${catalog.defaultLanguage}" is not in languages [${catalog.languages.join(', ')}]; add it or pick one of them`,
    );
  }
  const exerciseIds = new Set<string>();
  catalog.exercises.forEach((exercise, i) => {
    const where = `${file}: /exercises/${i} (${exercise.id})`;
    if (exerciseIds.has(exercise.id))
      throw new UsageError(`${where}: duplicate exercise id; give each exercise its own id`);
    exerciseIds.add(exercise.id);
    const checkIds = new Set<string>();
    let sum = 0;
    for (const check of exercise.checks) {
      if (checkIds.has(check.id))
        throw new UsageError(`${where}: duplicate check id "${check.id}"; check ids must be unique within an exercise`);
      checkIds.add(check.id);
      sum += toMilli(check.points);
    }
    if (sum !== toMilli(exercise.points)) {
      throw new UsageError(
        `${where}: checks add up to ${sum / 1000} points but the exercise says ${exercise.points}; make "points" equal the sum of its checks`,
      );
    }
  });
}

export function findExercise(catalog: Catalog, id: string): ExerciseSpec {
  const exercise = catalog.exercises.find((e) => e.id === id || e.id.slice(3) === id || e.id.slice(0, 2) === id);
  if (!exercise) {
    const known = catalog.exercises.map((e) => e.id).join(', ');
    throw new UsageError(`unknown exercise "${id}"; the catalog has: ${known}`);
  }
  return exercise;
}

export function catalogMaxMilli(catalog: Catalog): number {
  return catalog.exercises.reduce((sum, e) => sum + toMilli(e.points), 0);
}
