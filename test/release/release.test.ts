import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { list as listTar } from 'tar';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../grader/shared/errors';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { release, type ReleaseResult } from '../../grader/release';
import { listFiles } from '../../grader/release/datasets';
import { tempDir } from './helpers';

const HAS_DATASETS = existsSync(path.join(PACKAGE_ROOT, 'datasets', 'datasets.json'));
const HAS_TRAIN = existsSync(path.join(PACKAGE_ROOT, 'exercises', '05-weather-forecaster', 'train.ts'));

let kit: string;
let result: ReleaseResult;

beforeAll(async () => {
  kit = path.join(tempDir('out'), 'kit');
  result = await release({ kitRoot: PACKAGE_ROOT, out: kit, secret: 'a-course-secret-for-the-test' });
});

/** A course repository made of links to this one, with some parts left out or copied to be changed. */
function courseCopy(opts: { without?: string[]; copy?: string[] }): string {
  const root = tempDir('course');
  for (const name of readdirSync(PACKAGE_ROOT)) {
    if (name.startsWith('.') || name === 'out' || opts.without?.includes(name)) continue;
    if (opts.copy?.includes(name)) cpSync(path.join(PACKAGE_ROOT, name), path.join(root, name), { recursive: true });
    else symlinkSync(path.join(PACKAGE_ROOT, name), path.join(root, name));
  }
  return root;
}

describe('gatelab release', () => {
  it('writes the kit and its archive, and the leak scan finds nothing', () => {
    expect(result.leaks).toEqual([]);
    expect(result.archive).toBe(`${kit}.tgz`);
    expect(existsSync(`${kit}.tgz`)).toBe(true);
    const top = readdirSync(kit).sort();
    // templates/: only the message catalog the student commands speak from (no report templates).
    const expected = [
      '.gitignore',
      'README.md',
      'README.ru.md',
      'bin',
      'course.json',
      'exercises',
      'grader',
      'package-lock.json',
      'package.json',
      'templates',
      'tsconfig.json',
    ];
    if (HAS_DATASETS) expected.push('datasets');
    expect(top).toEqual(expected.sort());
    expect(readdirSync(path.join(kit, 'templates')).sort()).toEqual(['strings.en.json', 'strings.ru.json']);
  });

  it('ships exercises/ exactly as committed, and no teacher-only file', () => {
    for (const rel of listFiles(path.join(PACKAGE_ROOT, 'exercises'))) {
      expect(
        readFileSync(path.join(kit, 'exercises', rel)).equals(readFileSync(path.join(PACKAGE_ROOT, 'exercises', rel))),
        rel,
      ).toBe(true);
    }
    const files = listFiles(kit);
    expect(
      files.filter(
        (f) =>
          f.startsWith('solutions/') ||
          f.endsWith('.hidden.test.ts') ||
          f.startsWith('test/') ||
          f.startsWith('examples/'),
      ),
    ).toEqual([]);
  });

  it('ships the grader runtime check needs and none of the teacher verbs', () => {
    const grader = listFiles(path.join(kit, 'grader')).map((f) => `grader/${f}`);
    for (const needed of [
      'grader/student/checker.ts',
      'grader/harness/index.ts',
      'grader/sandbox/runner.ts',
      'grader/sandbox/launcher-main.ts',
      'grader/schemas/course.schema.json',
      'grader/student/cli.ts',
      'grader/student/submit.ts',
    ]) {
      expect(grader).toContain(needed);
    }
    for (const teacherOnly of [
      'grader/cli.ts',
      'grader/generate/index.ts',
      'grader/validate/index.ts',
      'grader/shared/seed.ts',
      'grader/demo/index.ts',
      'grader/grade/index.ts',
      'grader/grade-all/index.ts',
      'grader/collect/index.ts',
      'grader/release/index.ts',
      'grader/release/scan.ts',
    ]) {
      expect(grader).not.toContain(teacherOnly);
    }
    expect(grader.filter((f) => f.startsWith('grader/export/gradescope'))).toEqual([]);
    expect(readFileSync(path.join(kit, 'bin', 'gatelab.js'), 'utf8')).toContain("require('../grader/student/cli.ts')");
  });

  it('ships the message catalog without the texts only hidden checks, the mistakes catalogues and the teacher use, every other area as it is', () => {
    for (const lang of ['en', 'ru']) {
      const read = (root: string) =>
        JSON.parse(readFileSync(path.join(root, 'templates', `strings.${lang}.json`), 'utf8')) as Record<
          string,
          unknown
        >;
      const ours = read(PACKAGE_ROOT);
      const shipped = read(kit);
      const omitted = ['hidden', 'mistakes', 'teacher'];
      expect(Object.keys(ours)).toEqual(expect.arrayContaining(omitted));
      expect(Object.keys(shipped).sort()).toEqual(
        Object.keys(ours)
          .filter((area) => !omitted.includes(area))
          .sort(),
      );
      for (const area of Object.keys(shipped)) expect(shipped[area], area).toEqual(ours[area]);
      // What public checks say when they fail ships: the harness's own texts and the shared diagnoses.
      expect(Object.keys(shipped)).toEqual(expect.arrayContaining(['harness', 'diagnosis', 'bounds', 'student']));
    }
    // What a hidden check says is nowhere in the kit.
    const hidden = (
      JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'templates', 'strings.en.json'), 'utf8')) as {
        hidden: Record<string, Record<string, Record<string, Record<string, string>>>>;
      }
    ).hidden['03'].diagnosis.probe.noneRight;
    expect(hidden.length).toBeGreaterThan(40);
    expect(
      listFiles(kit).filter(
        (f) => !f.startsWith('node_modules/') && readFileSync(path.join(kit, f), 'utf8').includes(hidden),
      ),
    ).toEqual([]);
  });

  it("the kit's catalog holds every text the kit's own code asks for by name", () => {
    const catalog = JSON.parse(readFileSync(path.join(kit, 'templates', 'strings.en.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const has = (key: string) =>
      key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalog) !==
      undefined;
    const asked = new Map<string, string>();
    for (const rel of listFiles(kit).filter((f) => f.endsWith('.ts') && !f.startsWith('node_modules/'))) {
      const source = readFileSync(path.join(kit, rel), 'utf8');
      for (const m of source.matchAll(/\b(?:text\(|lookup\(\w+, |area\(\w+, )'([\w.-]+)'/g)) asked.set(m[1], rel);
    }
    expect(asked.size).toBeGreaterThan(30);
    expect([...asked].filter(([key]) => !has(key))).toEqual([]);
  });

  it('package.json: the student scripts, and dependencies pinned to our lock', () => {
    const pkg = JSON.parse(readFileSync(path.join(kit, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
      bin: Record<string, string>;
    };
    for (const verb of ['check', 'watch', 'hint', 'submit'])
      expect(pkg.scripts[verb]).toBe(`node bin/gatelab.js ${verb}`);
    if (HAS_TRAIN) expect(pkg.scripts.train).toBe('ts-node --transpile-only exercises/05-weather-forecaster/train.ts');
    else expect(pkg.scripts.train).toBeUndefined();
    expect(pkg.bin).toEqual({ gatelab: 'bin/gatelab.js' });
    const lock = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    for (const [name, version] of Object.entries(pkg.dependencies))
      expect(version, name).toBe(lock.packages[`node_modules/${name}`].version);
    for (const needed of ['vitest', 'tsx', 'esbuild', 'commander', 'simple-git', 'tar', 'typescript'])
      expect(Object.keys(pkg.dependencies)).toContain(needed);
    for (const notForStudents of [
      'handlebars',
      'vega',
      'vega-lite',
      'adm-zip',
      '@tensorflow/tfjs',
      'playwright-core',
      'eslint',
      'fast-check',
    ]) {
      expect(Object.keys(pkg.dependencies)).not.toContain(notForStudents);
    }
    const kitLock = JSON.parse(readFileSync(path.join(kit, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; dependencies?: Record<string, string> }>;
    };
    expect(kitLock.packages[''].dependencies).toEqual(pkg.dependencies);
    for (const [at, entry] of Object.entries(kitLock.packages))
      if (at) expect(entry.version, at).toBe(lock.packages[at].version);
    // npm asks nothing about install scripts on the student's first install: the kit answers as our package.json
    // does, for the packages the kit installs (esbuild's binary check) and for no other.
    const ours = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
      allowScripts: Record<string, boolean>;
    };
    const withScripts = Object.keys(ours.allowScripts).filter((name) => kitLock.packages[`node_modules/${name}`]);
    expect(withScripts).toContain('esbuild');
    expect((pkg as { allowScripts?: Record<string, boolean> }).allowScripts).toEqual(
      Object.fromEntries(withScripts.map((n) => [n, ours.allowScripts[n]])),
    );
  });

  it('the archive holds the same files as the folder', async () => {
    const entries: string[] = [];
    await listTar({ file: `${kit}.tgz`, onReadEntry: (e) => void (e.type === 'File' && entries.push(e.path)) });
    expect(entries.sort()).toEqual(
      listFiles(kit)
        .concat(['.gitignore'])
        .map((f) => `kit/${f}`)
        .sort(),
    );
  });

  it.skipIf(!HAS_DATASETS)('datasets: every held-out row is left out, every training row kept as it was', () => {
    const rules = (
      JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'datasets', 'datasets.json'), 'utf8')) as {
        files: { path: string; heldOut?: { column: string; from: string } }[];
      }
    ).files;
    for (const rule of rules.filter((r) => r.heldOut)) {
      const { column, from } = rule.heldOut as { column: string; from: string };
      const source = readFileSync(path.join(PACKAGE_ROOT, 'datasets', rule.path), 'utf8')
        .split('\n')
        .filter(Boolean);
      const at = source[0].split(',').indexOf(column);
      const training = [source[0], ...source.slice(1).filter((row) => row.split(',')[at] < from)];
      expect(training.length).toBeLessThan(source.length);
      expect(readFileSync(path.join(kit, 'datasets', rule.path), 'utf8')).toBe(training.join('\n') + '\n');
    }
  });

  it('the student README explains check, watch, hint and submit in both languages', () => {
    const en = readFileSync(path.join(kit, 'README.md'), 'utf8');
    const ru = readFileSync(path.join(kit, 'README.ru.md'), 'utf8');
    for (const text of [en, ru])
      for (const cmd of ['npm install', 'npm run check', 'npm run watch', 'npm run hint', 'npm run submit'])
        expect(text).toContain(cmd);
    expect(ru).toContain('Сдача');
    expect(en).toContain('02-forget-gate');
  });

  it('refuses a non-empty --out without --force, naming the folder; --force replaces it', async () => {
    const out = path.join(tempDir('busy'), 'kit');
    mkdirSync(out);
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    await expect(release({ kitRoot: PACKAGE_ROOT, out })).rejects.toThrow(
      new UsageError(`${out}: the folder is not empty; pass --force to replace it, or choose another --out`),
    );
    expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
    const forced = await release({ kitRoot: PACKAGE_ROOT, out, force: true });
    expect(forced.leaks).toEqual([]);
    expect(existsSync(path.join(out, 'notes.txt'))).toBe(false);
  });

  it('never writes over the course repository', async () => {
    await expect(release({ kitRoot: PACKAGE_ROOT, out: PACKAGE_ROOT, force: true })).rejects.toThrow(
      /would write over the course repository/,
    );
    await expect(
      release({ kitRoot: PACKAGE_ROOT, out: path.join(PACKAGE_ROOT, 'solutions', 'kit'), force: true }),
    ).rejects.toThrow(/inside the course's solutions\/ folder/);
  });

  it('the CLI: a non-empty folder is bad input, exit 2, one line naming it', () => {
    const out = tempDir('busy-cli');
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const r = spawnSync(process.execPath, [path.join(PACKAGE_ROOT, 'bin', 'gatelab.js'), 'release', '--out', out], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
      timeout: 300_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      `gatelab: ${out}: the folder is not empty; pass --force to replace it, or choose another --out`,
    );
  });

  it('refuses when a generated stub is out of date, naming it', async () => {
    const course = courseCopy({ copy: ['exercises'] });
    const stub = path.join(course, 'exercises', '02-forget-gate', 'forget-gate.ts');
    writeFileSync(stub, readFileSync(stub, 'utf8') + '\n// edited by hand\n');
    await expect(release({ kitRoot: course, out: path.join(tempDir('stale'), 'kit') })).rejects.toThrow(
      /generated files are out of date \(exercises\/02-forget-gate\/forget-gate\.ts\): run gatelab generate/,
    );
  });

  // Once exercise 05 reads datasets/, a course without it cannot be released at all.
  it.skipIf(existsSync(path.join(PACKAGE_ROOT, 'exercises', '05-weather-forecaster')))(
    'without datasets/ the kit simply has none',
    async () => {
      const course = courseCopy({ without: ['datasets'] });
      const out = path.join(tempDir('nodata'), 'kit');
      const r = await release({ kitRoot: course, out });
      expect(r.leaks).toEqual([]);
      expect(existsSync(path.join(out, 'datasets'))).toBe(false);
      expect(
        (JSON.parse(readFileSync(path.join(out, 'tsconfig.json'), 'utf8')) as { include: string[] }).include,
      ).toEqual(['exercises', 'grader']);
    },
  );
});
