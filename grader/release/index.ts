/**
 * `gatelab release --out <dir>`: the student kit, as a folder and `<dir>.tgz` next to it. The steps,
 * in order (each later one relies on the earlier):
 *   1. the generated stubs and fixtures are up to date (generate's --check), or nothing is written;
 *   2. the --out folder is new or empty (or --force), and is not the course repository itself (kit-folder.ts);
 *   3. exercises/ is copied whole: stubs, public tests, fixtures, statements, hints, the toolkit;
 *   4. the grader runtime that `check` needs, found by tracing imports from the student CLI and every
 *      file in exercises/ (trace.ts), plus the files it reads at run time (the message catalog without the
 *      areas the kit never reads: KIT_OMITS in grader/shared/messages.ts);
 *   5. the training part of datasets/ (datasets.ts) and course.json;
 *   6. package.json (dependencies pinned as in our lock), package-lock.json, tsconfig, README in both
 *      languages, .gitignore and the `gatelab` command (with its TypeScript loader, bin/load-typescript.js);
 *   7. the leak scan (scan.ts, fingerprints.ts) over the finished folder: any leak stops the release before packing;
 *   8. the .tgz.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { create as createTar } from 'tar';
import { loadCatalog, type Catalog } from '../shared/catalog';
import { UsageError } from '../shared/errors';
import { generate } from '../generate/index';
import { kitCatalog, type Strings } from '../shared/messages';
import { copyDatasets, listFiles } from './datasets';
import { KitFolder, prepareOut } from './kit-folder';
import {
  BASE_PACKAGES,
  kitAllowScripts,
  kitPackageJson,
  pinnedVersions,
  prunedLock,
  readLock,
  TRAIN_SCRIPT,
} from './package';
import { studentReadme } from './readme';
import { formatLeak, scanKit, type Leak } from './scan';
import { RUNTIME_ASSETS, traceImports } from './trace';

export { scanKit, formatLeak, type Leak } from './scan';

export interface ReleaseResult {
  dir: string;
  /** Null when the scan found leaks: nothing is packed then. */
  archive: string | null;
  /** Kit-relative paths of every file written. */
  files: string[];
  dependencies: Record<string, string>;
  leaks: Leak[];
  lines: string[];
}

const KIT_BIN = `#!/usr/bin/env node
// The kit's gatelab command: the student's verbs (check, watch, hint, submit), its TypeScript compiled by
// load-typescript.js (once: the result is cached in .gatelab/cache/).
'use strict';
require('./load-typescript');
require('../grader/student/cli.ts')
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
`;
/** The message catalog's files among the runtime assets. */
const CATALOG_FILE = /^templates\/strings\.\w+\.json$/;
const GITIGNORE = ['node_modules/', '.gatelab/', 'submission-*.tgz', ''].join('\n');

function kitTsconfig(kitRoot: string, include: string[]): string {
  const ours = JSON.parse(readFileSync(path.join(kitRoot, 'tsconfig.json'), 'utf8')) as {
    compilerOptions?: Record<string, unknown>;
  };
  return JSON.stringify({ compilerOptions: { ...ours.compilerOptions, noEmit: true }, include }, null, 2) + '\n';
}

function glob(kitRoot: string, pattern: string): string[] {
  if (!pattern.includes('*')) return [pattern];
  const dir = path.posix.dirname(pattern);
  const re = new RegExp(`^${path.posix.basename(pattern).replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`);
  return readdirSync(path.join(kitRoot, dir))
    .filter((name) => re.test(name))
    .sort()
    .map((name) => `${dir}/${name}`);
}

export async function release(opts: {
  kitRoot: string;
  out: string;
  force?: boolean;
  secret?: string | null;
}): Promise<ReleaseResult> {
  const kitRoot = path.resolve(opts.kitRoot);
  const out = path.resolve(opts.out);
  const catalog = loadCatalog(kitRoot);
  const lines: string[] = [];

  await checkGenerated(kitRoot, lines); // 1.
  prepareOut(kitRoot, out, Boolean(opts.force)); // 2.
  const kit = new KitFolder(kitRoot, out);
  const exerciseFiles = copyExercises(kit); // 3.
  const { packages, runtime } = copyRuntime(kit, exerciseFiles); // 4.
  const data = copyDatasets(kitRoot, out); // 5.
  kit.written.push(...data.copied);
  kit.copy('course.json');
  const dependencies = writePackageFiles(kit, catalog, packages, data.copied.length > 0, lines); // 6.

  // 7.
  const leaks = scanKit({ kitDir: out, sourceRoot: kitRoot, secret: opts.secret });
  lines.unshift(
    `student kit: ${out} (${kit.written.length} files: ${catalog.exercises.length} exercises, ${runtime.length} runtime files${data.copied.length ? `, ${data.copied.length} dataset files` : ''})`,
  );
  for (const [file, rows] of Object.entries(data.heldOut))
    lines.push(`  datasets/${file}: ${rows} held-out rows left out`);
  lines.push(
    `  dependencies: ${Object.entries(dependencies)
      .map(([n, v]) => `${n}@${v}`)
      .join(', ')}`,
  );
  lines.push(...scanLines(leaks, opts.secret));
  const files = kit.written.sort();
  if (leaks.length > 0) return { dir: out, archive: null, files, dependencies, leaks, lines };

  // 8.
  const archive = await pack(out, lines);
  return { dir: out, archive, files, dependencies, leaks, lines };
}

/** Step 1: what students get is generated from solutions/: it must be what generate would write now. */
async function checkGenerated(kitRoot: string, lines: string[]): Promise<void> {
  const { drifted } = await generate({ kitRoot, check: true });
  const stale = drifted.filter((f) => f.startsWith('exercises/'));
  if (stale.length > 0) {
    throw new UsageError(
      `generated files are out of date (${stale.join(', ')}): run gatelab generate, review and commit the result, then release again`,
    );
  }
  if (drifted.length > 0)
    lines.push(`note: out of date but not in the kit: ${drifted.join(', ')} (run gatelab generate)`);
}

/** Step 3: exercises/ whole; its kit-relative files. */
function copyExercises(kit: KitFolder): string[] {
  const exerciseFiles = listFiles(path.join(kit.kitRoot, 'exercises')).map((f) => `exercises/${f}`);
  for (const rel of exerciseFiles) kit.copy(rel);
  return exerciseFiles;
}

/**
 * Step 4: the grader files that the student CLI, the exercises' and the datasets' sources import (and those they
 * import), with the files read at run time; the packages they import, for step 6.
 */
function copyRuntime(kit: KitFolder, exerciseFiles: string[]): { packages: string[]; runtime: string[] } {
  const { kitRoot } = kit;
  const studentModules = readdirSync(path.join(kitRoot, 'grader', 'student'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `grader/student/${f}`);
  const datasetSources = existsSync(path.join(kitRoot, 'datasets'))
    ? listFiles(path.join(kitRoot, 'datasets'))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `datasets/${f}`)
    : [];
  const closure = traceImports(kitRoot, [
    ...studentModules,
    ...exerciseFiles.filter((f) => f.endsWith('.ts')),
    ...datasetSources,
  ]);
  const runtime = [
    ...new Set([
      ...closure.files.filter((f) => f.startsWith('grader/')),
      ...RUNTIME_ASSETS.flatMap((p) => glob(kitRoot, p)),
    ]),
  ].sort();
  for (const rel of runtime) {
    // The message catalog ships without the texts only hidden checks (and the teacher's exports) use.
    if (CATALOG_FILE.test(rel))
      kit.write(
        rel,
        JSON.stringify(kitCatalog(JSON.parse(readFileSync(path.join(kit.kitRoot, rel), 'utf8')) as Strings), null, 2) +
          '\n',
      );
    else kit.copy(rel);
  }
  return { packages: closure.packages, runtime };
}

/** Step 6: package.json and its lock, tsconfig, the READMEs, .gitignore and the command; the pinned dependencies. */
function writePackageFiles(
  kit: KitFolder,
  catalog: Catalog,
  packages: string[],
  hasData: boolean,
  lines: string[],
): Record<string, string> {
  const { kitRoot } = kit;
  const hasTrainScript = existsSync(path.join(kitRoot, TRAIN_SCRIPT));
  const lock = readLock(kitRoot);
  const ours = JSON.parse(readFileSync(path.join(kitRoot, 'package.json'), 'utf8')) as {
    license?: string;
    allowScripts?: Record<string, boolean>;
  };
  const dependencies = pinnedVersions(lock, [
    ...new Set([...packages, ...BASE_PACKAGES, ...(hasTrainScript ? ['ts-node'] : [])]),
  ]);
  const pkg = kitPackageJson({ catalog, dependencies, hasTrainScript, license: ours.license });
  const kitLock = prunedLock(lock, pkg);
  const allowScripts = kitLock ? kitAllowScripts(kitLock, ours.allowScripts) : {};
  if (Object.keys(allowScripts).length > 0) pkg.allowScripts = allowScripts;
  kit.write('package.json', JSON.stringify(pkg, null, 2) + '\n');
  if (kitLock) kit.write('package-lock.json', JSON.stringify(kitLock, null, 2) + '\n');
  else
    lines.push(
      'note: package-lock.json could not be cut down to the kit; the kit ships without one (npm install still works)',
    );
  kit.write('tsconfig.json', kitTsconfig(kitRoot, ['exercises', 'grader', ...(hasData ? ['datasets'] : [])]));
  kit.write('README.md', studentReadme(catalog, 'en', { hasTrainScript }));
  kit.write('README.ru.md', studentReadme(catalog, 'ru', { hasTrainScript }));
  kit.write('.gitignore', GITIGNORE);
  kit.write('bin/gatelab.js', KIT_BIN);
  kit.copy('bin/load-typescript.js');
  return dependencies;
}

/** Step 7's verdict: each leak (then nothing is packed), or what the clean scan looked for. */
function scanLines(leaks: Leak[], secret: string | null | undefined): string[] {
  if (leaks.length > 0) {
    return [
      `leak scan: ${leaks.length} leak(s); nothing was packed. Fix the source of each, then release again:`,
      ...leaks.map((l) => `  ${formatLeak(l)}`),
    ];
  }
  const lines = [
    `leak scan: clean (solutions, hidden suites, reference code, held-out data${secret ? ', the course secret' : ''})`,
  ];
  if (!secret)
    lines.push('  the course secret was not looked for: set GATELAB_SECRET or pass --secret-file to include it');
  return lines;
}

/** Step 8: `<out>.tgz`, and how to try the kit. */
async function pack(out: string, lines: string[]): Promise<string> {
  const archive = `${out}.tgz`;
  rmSync(archive, { force: true });
  await createTar({ gzip: true, portable: true, cwd: path.dirname(out), file: archive }, [path.basename(out)]);
  const shown = path.relative(process.cwd(), out);
  lines.push(
    `archive: ${archive}`,
    `try it: cd ${shown.startsWith('..') ? out : shown || '.'} && npm install && npm run check`,
  );
  return archive;
}
