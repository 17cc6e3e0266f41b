/**
 * `gatelab export gradescope --out autograder.zip`: the Gradescope autograder bundle, built offline.
 *
 * The bundle is teacher-side: the grader, the reference and hidden suites (solutions/), the
 * exercises, the report templates, course.json, package.json with its lock file (setup.sh runs
 * `npm ci --omit=dev`), the datasets with their held-out rows when there are any, and the course
 * secret. Students never see it: on Gradescope it lives in /autograder/source, and their code runs
 * in the sandbox, which may read only its own staging folder.
 */
import type { Acceptance } from '../../sandbox';
import AdmZip from 'adm-zip';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { listSubmission, UNBOUNDED } from '../../submission';
import { loadCatalog } from '../../shared/catalog';
import { UsageError } from '../../shared/errors';
import type { Lang } from '../../shared/results';
import { BUNDLE_README, runAutograderScript, setupScript } from './scripts';
import { CONFIG_FILE, SECRET_FILE, type AutograderConfig, type StudentIdField } from './layout';

/** What the autograder needs of the kit, relative to its root. */
const KIT_FOLDERS = ['bin', 'grader', 'solutions', 'exercises', 'templates', 'datasets'];
const KIT_FILES = ['course.json', 'package.json', 'package-lock.json', 'tsconfig.json'];
const REQUIRED = [
  'bin',
  'grader',
  'solutions',
  'exercises',
  'templates',
  'course.json',
  'package.json',
  'package-lock.json',
];
/** Every entry gets this time, so the same kit and secret give the same bytes. */
const FIXED_TIME = new Date(2000, 0, 1);

export interface ExportGradescopeOptions {
  kitRoot: string;
  out: string;
  secret: string;
  lang?: Lang;
  studentId?: StudentIdField;
  /** Sandbox layers accepted as missing on Gradescope's machines (default: none; the sandbox fails closed). */
  allowWeak?: Acceptance;
}

export interface ExportGradescopeResult {
  file: string;
  entries: string[];
  /** Symbolic links and other non-regular files that were left out. */
  skipped: string[];
}

export function exportGradescope(opts: ExportGradescopeOptions): ExportGradescopeResult {
  const catalog = loadCatalog(opts.kitRoot);
  for (const name of REQUIRED) {
    if (!existsSync(path.join(opts.kitRoot, name))) {
      const fix =
        name === 'package-lock.json'
          ? 'run npm install once to create it'
          : "run the export from the kit's root folder or pass --kit <dir>";
      throw new UsageError(`${path.join(opts.kitRoot, name)}: not found, and the autograder needs it; ${fix}`);
    }
  }
  const zip = new AdmZip();
  const entries: string[] = [];
  const skipped: string[] = [];
  const add = (name: string, content: Buffer, mode: number) => {
    const entry = zip.addFile(name, content, '', mode);
    entry.header.time = FIXED_TIME;
    entries.push(name);
  };
  add('setup.sh', Buffer.from(setupScript()), 0o755);
  add('run_autograder', Buffer.from(runAutograderScript()), 0o755);
  const config: AutograderConfig = {
    lang: opts.lang ?? catalog.defaultLanguage,
    studentId: opts.studentId ?? 'email',
    ...(opts.allowWeak ? { allowWeak: opts.allowWeak } : {}),
  };
  add(CONFIG_FILE, Buffer.from(JSON.stringify(config, null, 2) + '\n'), 0o644);
  add(SECRET_FILE, Buffer.from(opts.secret + '\n'), 0o600);
  add('AUTOGRADER.md', Buffer.from(BUNDLE_README), 0o644);
  for (const file of KIT_FILES) {
    const from = path.join(opts.kitRoot, file);
    if (existsSync(from)) add(file, readFileSync(from), 0o644);
  }
  for (const folder of KIT_FOLDERS) {
    for (const rel of walk(opts.kitRoot, folder, skipped)) add(rel, readFileSync(path.join(opts.kitRoot, rel)), 0o644);
  }
  const out = path.resolve(opts.out);
  mkdirSync(path.dirname(out), { recursive: true });
  // Written beside the target, then renamed: an interrupted export never leaves half a zip.
  const partial = `${out}.${process.pid}.partial`;
  try {
    writeFileSync(partial, zip.toBuffer());
    renameSync(partial, out);
  } finally {
    rmSync(partial, { force: true });
  }
  return { file: out, entries, skipped };
}

/**
 * Regular files under `folder`, sorted, as zip paths, from the one listing (grader/submission) with the kit's own
 * (unbounded) limits: dot-files and node_modules are left out, and so is every symbolic link, pipe or device, which
 * goes to `skipped`: a link could point anywhere on the teacher's machine, and the bundle takes only what is really
 * in the kit.
 */
function walk(root: string, folder: string, skipped: string[]): string[] {
  const listing = listSubmission(path.join(root, folder), UNBOUNDED);
  const files: string[] = [];
  for (const entry of listing.entries) (entry.kind === 'file' ? files : skipped).push(`${folder}/${entry.rel}`);
  return files;
}
