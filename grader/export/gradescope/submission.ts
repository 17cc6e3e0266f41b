/**
 * Inside the autograder: who submitted (Gradescope's submission_metadata.json) and where their
 * exercises are in what they uploaded. Students upload in many shapes; each one accepted here is
 * turned into what `grade` takes, and anything else is a problem the student can fix.
 */
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../../shared/catalog';
import type { Localized } from '../../shared/results';
import { resolveSubmission } from '../../grade/resolve-submission';
import { gradescopeDates, type GradescopeDates } from './deadline';
import { BOUNDS, listSubmission, readInside } from '../../submission';
import { STUDENT_ID_FIELDS, type StudentIdField } from './layout';
import { text } from '../../shared/messages';

/** A problem with the upload or its metadata, worded for the person who can fix it. */
export class AutograderProblem extends Error {
  constructor(
    readonly kind: 'submission' | 'grader',
    readonly detail: Localized,
  ) {
    super(detail.en);
    this.name = 'AutograderProblem';
  }
}

export interface SubmissionMetadata {
  student: string;
  /** Which field of users[0] gave the id (it may differ from the configured one when that one is empty). */
  idField: StudentIdField;
  createdAt: string | null;
  /** Due date and late due date, the user's own (an extension) when Gradescope gives them. */
  dates: GradescopeDates;
  groupSize: number;
}

const given = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null;

export function readMetadata(file: string, preferred: StudentIdField): SubmissionMetadata {
  const broken = (why: 'missing' | 'invalid' | 'noUser') =>
    new AutograderProblem('grader', text(`teacher.gradescope.metadata.${why}`, { file: path.basename(file) }));
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw broken((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'invalid');
  }
  const meta = (data ?? {}) as { users?: unknown; created_at?: unknown; assignment?: unknown };
  const users = Array.isArray(meta.users) ? (meta.users as Record<string, unknown>[]) : [];
  const first = users[0] ?? {};
  // The configured field first; the others only when it is empty (e.g. no sid in the roster).
  const order = [preferred, ...STUDENT_ID_FIELDS.filter((f) => f !== preferred)];
  const idField = order.find((f) => given(first[f]) !== null);
  if (!idField) throw broken('noUser');
  const createdAt = given(meta.created_at);
  return {
    student: given(first[idField]) as string,
    idField,
    createdAt: createdAt && !Number.isNaN(Date.parse(createdAt)) ? createdAt : null,
    dates: gradescopeDates(meta),
    groupSize: users.length,
  };
}

const IGNORED = (name: string) => name.startsWith('.') || name === '__MACOSX' || name === 'node_modules';

/**
 * The exercises folder to grade, from what the student uploaded:
 *   1. their kit folder (with exercises/), their exercises/ folder, or the exercise folders themselves;
 *   2. any of those one folder down (an uploaded zip of the kit folder);
 *   3. the files they write, loose (forget-gate.ts, answer.md …): laid over a fresh copy of the
 *      kit's exercises in `work`, so the public tests and fixtures are the kit's own.
 */
export function locateExercises(submission: string, kitRoot: string, catalog: Catalog, work: string): string {
  const nothing = () =>
    new AutograderProblem('submission', text('teacher.gradescope.nothingUploaded', { modules: moduleList(catalog) }));
  if (!existsSync(submission) || !lstatSync(submission).isDirectory()) throw nothing();
  const tryResolve = (dir: string): string | null => {
    try {
      return resolveSubmission(dir, catalog);
    } catch {
      return null;
    }
  };
  const direct = tryResolve(submission);
  if (direct) return direct;
  const entries = readdirSync(submission).filter((n) => !IGNORED(n));
  for (const name of entries.sort()) {
    const dir = path.join(submission, name);
    if (!lstatSync(dir).isDirectory()) continue;
    const nested = tryResolve(dir);
    if (nested) return nested;
  }
  const loose = overlayLooseFiles(submission, kitRoot, catalog, path.join(work, 'exercises'));
  if (loose) return loose;
  throw nothing();
}

function moduleList(catalog: Catalog): string {
  return catalog.exercises.flatMap((e) => [...e.modules, ...(e.answers ?? []).map((a) => a.file)]).join(', ');
}

/** The loose files come from the upload's listing (grader/submission): regular files within its bounds, never a link. */
function overlayLooseFiles(submission: string, kitRoot: string, catalog: Catalog, target: string): string | null {
  const owners = new Map<string, string[]>();
  for (const e of catalog.exercises) {
    for (const file of [...e.modules, ...(e.answers ?? []).map((a) => a.file)])
      owners.set(file, [...(owners.get(file) ?? []), e.id]);
  }
  // A file two exercises share a name for cannot be placed: it is left out, not guessed.
  const placed = listSubmission(submission).entries.filter(
    (e) => e.kind === 'file' && !e.rel.includes('/') && owners.get(e.rel)?.length === 1,
  );
  if (placed.length === 0) return null;
  mkdirSync(target, { recursive: true });
  cpSync(path.join(kitRoot, 'exercises'), target, { recursive: true });
  for (const { rel } of placed) {
    const read = readInside(submission, rel, BOUNDS.fileBytes);
    if (!('problem' in read)) writeFileSync(path.join(target, (owners.get(rel) as string[])[0], rel), read.bytes);
  }
  return target;
}
