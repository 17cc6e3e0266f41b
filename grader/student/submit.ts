/**
 * `gatelab submit`: hand in the work. In order:
 *   1. every required file (each exercise's modules and answer files) exists and compiles (submit-problems.ts);
 *   2. the public checks run once, for the summary;
 *   3. submission.json is written: student, kit version, time, SHA-256 of every submitted file, the summary;
 *   4. in a git clone with a remote: commit and push (simple-git); anywhere else: a .tgz to hand in.
 * Nothing is committed or packed when step 1 finds a problem, unless the student says --anyway.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CheckRepoActions, simpleGit, type SimpleGit } from 'simple-git';
import { create as createTar } from 'tar';
import { loadCatalog, type Catalog } from '../shared/catalog';
import { Checker } from './checker';
import { UsageError } from '../shared/errors';
import { loadManifest, sha256 } from '../shared/manifest';
import { text } from '../shared/messages';
import type { Lang, Localized } from '../shared/results';
import { BOUNDS, listSubmission, readInside, unreadText } from '../submission';
import { findProblems } from './submit-problems';

export const SUBMISSION_FILE = 'submission.json';
/** Kit files in an exercise folder that are not the student's work (besides the protected ones in the manifest). */
const KIT_FILES = new Set(['README.md', 'README.ru.md', 'hints.json']);
const PUSH_TIMEOUT_MS = 120_000;

export interface SubmittedFile {
  /** Relative to the kit root, with forward slashes. */
  path: string;
  sha256: string;
  bytes: number;
}

export interface SubmissionManifest {
  student: string;
  kitVersion: string;
  submittedAt: string;
  files: SubmittedFile[];
  check: {
    passed: number;
    total: number;
    exercises: { id: string; passed: number; total: number; score_milli: number; max_milli: number }[];
  } | null;
  /** Problems (with --anyway) and warnings found before submitting, in English. */
  problems: string[];
}

export interface SubmitResult {
  manifest: SubmissionManifest;
  manifestFile: string;
  mode: 'git' | 'archive';
  /** Set in git mode. */
  commit?: string;
  pushed?: boolean;
  /** Set in archive mode. */
  archive?: string;
  /** Everything to print, in the student's language. */
  lines: string[];
  ok: boolean;
}

/** Problems that stop a submission: each a line saying what and where. */
export class SubmissionRefused extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/**
 * Each exercise's files that are the student's work: everything but the kit's protected files, statements and hints,
 * from the one listing the grader uses (grader/submission), so what is submitted is what will be graded: regular
 * files only, never a link. `unread` gets why each other entry is left out (a link, a pipe, a file over the bound).
 */
export function submittedFiles(kitRoot: string, catalog: Catalog, unread: Localized[] = []): string[] {
  const protectedFiles = new Set(Object.keys(loadManifest(kitRoot).protected));
  const listing = listSubmission(path.join(kitRoot, 'exercises'));
  const files: string[] = [];
  for (const exercise of catalog.exercises) {
    for (const entry of listing.entries.filter((e) => e.rel.startsWith(`${exercise.id}/`))) {
      const top = !entry.rel.slice(exercise.id.length + 1).includes('/');
      if (protectedFiles.has(entry.rel) || (top && KIT_FILES.has(path.posix.basename(entry.rel)))) continue;
      const why = unreadText(entry, listing.bounds.fileBytes);
      if (why) unread.push(why);
      else files.push(`exercises/${entry.rel}`);
    }
  }
  return files;
}

/** The student's id: --student, else git's user.email, else user.name. */
async function studentId(kitRoot: string, given: string | undefined, lang: Lang): Promise<string> {
  if (given?.trim()) return given.trim();
  const git = simpleGit(kitRoot);
  for (const key of ['user.email', 'user.name']) {
    try {
      const value = (await git.getConfig(key)).value?.trim();
      if (value) return value;
    } catch {
      // git missing or no config: fall through to the next source.
    }
  }
  throw new UsageError(text('student.submitNoStudent')[lang]);
}

/** A git clone with a remote, rooted at the kit: the only case where submit commits and pushes. */
async function gitRemote(kitRoot: string): Promise<{ git: SimpleGit; remote: string } | null> {
  const git = simpleGit({ baseDir: kitRoot, timeout: { block: PUSH_TIMEOUT_MS } });
  try {
    if (!(await git.checkIsRepo(CheckRepoActions.IS_REPO_ROOT))) return null;
    const remotes = await git.getRemotes();
    if (remotes.length === 0) return null;
    return { git, remote: remotes.some((r) => r.name === 'origin') ? 'origin' : remotes[0].name };
  } catch {
    return null;
  }
}

const firstLine = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^hint:/i.test(l))
    .slice(0, 2)
    .join(' ')
    .slice(0, 300);

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

export async function submit(opts: {
  kitRoot: string;
  student?: string;
  lang?: Lang;
  anyway?: boolean;
  now?: Date;
}): Promise<SubmitResult> {
  const catalog = loadCatalog(opts.kitRoot);
  const lang = opts.lang ?? catalog.defaultLanguage;
  // The course repository has the references: committing and pushing it as a submission helps nobody.
  if (existsSync(path.join(opts.kitRoot, 'solutions'))) {
    throw new UsageError(
      `${opts.kitRoot} is the course repository (it has solutions/), not a student kit; run submit in a kit made by gatelab release`,
    );
  }
  const student = await studentId(opts.kitRoot, opts.student, lang);

  // 1.
  const { problems, warnings } = await findProblems(opts.kitRoot, catalog);
  if (problems.length > 0 && !opts.anyway)
    throw new SubmissionRefused([...problems.map((p) => `✗ ${p[lang]}`), '', text('student.submitRefused')[lang]]);
  // 2.
  const check = await checkSummary(opts.kitRoot, catalog, lang, warnings);
  // 3.
  const submittedAt = (opts.now ?? new Date()).toISOString();
  const files = hashedFiles(opts.kitRoot, catalog, warnings);
  const manifest: SubmissionManifest = {
    student,
    kitVersion: catalog.kitVersion,
    submittedAt,
    files,
    check,
    problems: [...problems, ...warnings].map((p) => p.en),
  };
  const manifestFile = path.join(opts.kitRoot, SUBMISSION_FILE);
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  const lines = [
    ...[...problems, ...warnings].map((p) => `! ${p[lang]}`),
    text('student.submitManifest', {
      file: SUBMISSION_FILE,
      count: files.length,
      passed: check?.passed ?? '?',
      total: check?.total ?? '?',
    })[lang],
  ];
  // 4.
  const written: Written = { kitRoot: opts.kitRoot, manifest, manifestFile, lines, lang };
  const repo = await gitRemote(opts.kitRoot);
  return repo ? commitAndPush(repo, written) : packArchive(written);
}

/** The public checks' summary for the record; a checker that cannot run must not keep anyone from submitting on time. */
async function checkSummary(
  kitRoot: string,
  catalog: Catalog,
  lang: Lang,
  warnings: Localized[],
): Promise<SubmissionManifest['check']> {
  try {
    const checker = await Checker.start({ kitRoot, catalog });
    try {
      const { scored } = await checker.run({ lang });
      const exercises = scored.exercises.map((e) => {
        const checks = scored.checks.filter((c) => c.exercise === e.id);
        return {
          id: e.id,
          passed: checks.filter((c) => c.outcome === 'passed').length,
          total: checks.length,
          score_milli: e.score_milli,
          max_milli: e.max_milli,
        };
      });
      return {
        passed: exercises.reduce((s, e) => s + e.passed, 0),
        total: exercises.reduce((s, e) => s + e.total, 0),
        exercises,
      };
    } finally {
      await checker.close();
    }
  } catch (err) {
    warnings.push(text('student.submitNoCheck', { message: firstLine(err) }));
    return null;
  }
}

/** The submitted files with their SHA-256 and size; `warnings` gets why any other entry is left out. */
function hashedFiles(kitRoot: string, catalog: Catalog, warnings: Localized[]): SubmittedFile[] {
  const unread: Localized[] = [];
  const files = submittedFiles(kitRoot, catalog, unread).flatMap((rel): SubmittedFile[] => {
    const read = readInside(kitRoot, rel, BOUNDS.fileBytes);
    if ('problem' in read || read.truncated) return [];
    return [{ path: rel, sha256: sha256(read.bytes), bytes: read.bytes.length }];
  });
  warnings.push(...unread);
  return files;
}

/** What steps 1–3 left for the last step: the manifest written, and the lines to print so far. */
interface Written {
  kitRoot: string;
  manifest: SubmissionManifest;
  manifestFile: string;
  lines: string[];
  lang: Lang;
}

/** In a git clone with a remote: commit the manifest and the submitted files, then push the branch. */
async function commitAndPush({ git, remote }: { git: SimpleGit; remote: string }, w: Written): Promise<SubmitResult> {
  const { manifest, manifestFile, lines, lang } = w;
  let commit: string;
  try {
    await git.add([SUBMISSION_FILE, ...manifest.files.map((f) => f.path)]);
    await git.commit(`submit: ${manifest.submittedAt}`);
    commit = (await git.revparse(['HEAD'])).trim();
  } catch (err) {
    throw new UsageError(text('student.submitCommitFailed', { message: firstLine(err) })[lang]);
  }
  const short = commit.slice(0, 7);
  const branch = (await git.revparse(['--abbrev-ref', 'HEAD'])).trim();
  try {
    await git.push(remote, branch, ['--set-upstream']);
    lines.push(text('student.submitPushed', { remote, branch, commit: short })[lang]);
    return { manifest, manifestFile, mode: 'git', commit, pushed: true, lines, ok: true };
  } catch (err) {
    lines.push(text('student.submitPushFailed', { remote, commit: short, message: firstLine(err) })[lang]);
    return { manifest, manifestFile, mode: 'git', commit, pushed: false, lines, ok: false };
  }
}

/** Anywhere else: the manifest and the submitted files packed into a .tgz in the kit, to hand in. */
async function packArchive(w: Written): Promise<SubmitResult> {
  const { kitRoot, manifest, manifestFile, lines, lang } = w;
  const archive = path.join(
    kitRoot,
    `submission-${manifest.student.replace(/[^A-Za-z0-9._-]+/g, '_')}-${stamp(manifest.submittedAt)}.tgz`,
  );
  await createTar({ gzip: true, portable: true, cwd: kitRoot, file: archive }, [
    SUBMISSION_FILE,
    ...manifest.files.map((f) => f.path),
  ]);
  lines.push(text('student.submitArchive', { file: archive })[lang]);
  return { manifest, manifestFile, mode: 'archive', archive, lines, ok: true };
}
