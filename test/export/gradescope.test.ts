/**
 * `gatelab export gradescope`: the bundle is built, unzipped into a temporary folder laid out like
 * Gradescope's /autograder (source/ = the zip's files, submission/, submission_metadata.json,
 * results/), and its run_autograder is executed as Gradescope would, with GATELAB_AUTOGRADER_ROOT
 * pointing at that folder. setup.sh is not run (it installs Node and runs `npm ci`, which needs the
 * internet): the repository's node_modules is linked into source/ instead, which is what setup.sh
 * would have produced. results.json is checked against Gradescope's schema and against what
 * `gatelab grade` gives for the same submission, secret, student id and submission time.
 */
import AdmZip from 'adm-zip';
import Ajv2020 from 'ajv/dist/2020';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogMaxMilli, loadCatalog } from '../../grader/shared/catalog';
import { exportGradescope } from '../../grader/export';
import { failureResults } from '../../grader/export/gradescope/format';
import { locateExercises, readMetadata } from '../../grader/export/gradescope/submission';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { Results } from '../../grader/shared/results';
import { EXAMPLES, tempDir } from '../grader/helpers';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'gatelab.js');
const SECRET = 'gradescope-export-test-secret';
const catalog = loadCatalog(PACKAGE_ROOT);
const schema = JSON.parse(
  readFileSync(path.join(PACKAGE_ROOT, 'grader', 'schemas', 'gradescope-results.schema.json'), 'utf8'),
) as object;
const validate = new Ajv2020({ strict: true, strictNumbers: true, allowUnionTypes: true }).compile(schema);

interface GradescopeTestEntry {
  score: number;
  max_score: number;
  status: string;
  visibility: string;
  extra_data: { gatelab: { hidden: boolean; exercise: string } };
}
interface GradescopeOut {
  score: number;
  output: string;
  visibility: string;
  stdout_visibility: string;
  tests: GradescopeTestEntry[];
  extra_data: {
    gatelab: {
      student?: string;
      seed?: string;
      submission?: { late_days: number };
      failure?: string;
      deadline?: object;
    };
  };
}

const dirs: string[] = [];
let zipFile: string;

beforeAll(() => {
  const out = tempDir('gradescope-zip');
  dirs.push(out);
  zipFile = exportGradescope({ kitRoot: PACKAGE_ROOT, out: path.join(out, 'autograder.zip'), secret: SECRET }).file;
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh /autograder: the zip unpacked into source/, the submission copied, Gradescope's metadata written. */
function simulate(opts: {
  submission: string | null;
  metadata: object | null;
  linkNodeModules?: boolean;
  zip?: string;
  env?: Record<string, string>;
}): { root: string; run: () => { stdout: string; results: GradescopeOut } } {
  const root = tempDir('autograder');
  dirs.push(root);
  new AdmZip(opts.zip ?? zipFile).extractAllTo(path.join(root, 'source'), true, true);
  if (opts.linkNodeModules !== false)
    symlinkSync(path.join(PACKAGE_ROOT, 'node_modules'), path.join(root, 'source', 'node_modules'));
  mkdirSync(path.join(root, 'submission'), { recursive: true });
  if (opts.submission) cpSync(opts.submission, path.join(root, 'submission'), { recursive: true });
  if (opts.metadata) writeFileSync(path.join(root, 'submission_metadata.json'), JSON.stringify(opts.metadata));
  mkdirSync(path.join(root, 'results'));
  return {
    root,
    run: () => {
      // Gradescope runs /autograder/run_autograder (a copy of the zip's) from /autograder.
      const r = spawnSync(path.join(root, 'source', 'run_autograder'), [], {
        cwd: root,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, GATELAB_AUTOGRADER_ROOT: root, ...opts.env },
        encoding: 'utf8',
        timeout: 300_000,
      });
      expect(r.status, r.stderr).toBe(0);
      return {
        stdout: r.stdout + r.stderr,
        results: JSON.parse(readFileSync(path.join(root, 'results', 'results.json'), 'utf8')) as GradescopeOut,
      };
    },
  };
}

function metadata(email: string, createdAt: string): object {
  return {
    id: 123456,
    created_at: createdAt,
    assignment: { due_date: '2026-12-20T23:59:00.000000+03:00', title: 'gatelab', total_points: '75.0' },
    users: [{ email, id: 1234, name: 'Student User' }],
    previous_submissions: [],
  };
}

/** `gatelab grade` on the same submission, as a teacher would run it. */
function gatelabGrade(submission: string, student: string, submittedAt: string): Results {
  const out = tempDir('gradescope-grade');
  dirs.push(out);
  const r = spawnSync(
    process.execPath,
    [BIN, 'grade', submission, '--out', out, '--student', student, '--submitted-at', submittedAt],
    {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, GATELAB_SECRET: SECRET },
      timeout: 300_000,
    },
  );
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
}

function expectValid(results: unknown): void {
  const ok = validate(results);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

describe('the Gradescope bundle', () => {
  it('has setup.sh and run_autograder at the root, executable, and the teacher-side kit with the secret', () => {
    const zip = new AdmZip(zipFile);
    const entries = new Map(zip.getEntries().map((e) => [e.entryName, e]));
    const mode = (name: string) => ((entries.get(name)?.attr ?? 0) >>> 16) & 0o777;
    expect(mode('setup.sh')).toBe(0o755);
    expect(mode('run_autograder')).toBe(0o755);
    expect(mode('course-secret.txt')).toBe(0o600);
    expect(zip.readAsText('course-secret.txt').trim()).toBe(SECRET);
    for (const name of [
      'course.json',
      'package.json',
      'package-lock.json',
      'bin/gatelab.js',
      'grader/export/gradescope/run.ts',
      'exercises/manifest.json',
      'exercises/lib/matrix.ts',
    ]) {
      expect(entries.has(name), name).toBe(true);
    }
    for (const exercise of catalog.exercises) {
      expect(
        [...entries.keys()].some((n) => n.startsWith(`solutions/${exercise.id}/`) && n.endsWith('.hidden.test.ts')),
        exercise.id,
      ).toBe(true);
    }
    for (const name of entries.keys())
      expect(name).not.toMatch(/^(node_modules|test|examples|out|scripts|\.git)\/|\/node_modules\//);
    for (const script of ['setup.sh', 'run_autograder']) {
      const syntax = spawnSync('bash', ['-n'], { input: zip.readAsText(script), encoding: 'utf8' });
      expect(syntax.stderr, script).toBe('');
    }
    // The same kit and secret give the same bytes.
    const again = exportGradescope({
      kitRoot: PACKAGE_ROOT,
      out: path.join(path.dirname(zipFile), 'again.zip'),
      secret: SECRET,
    });
    expect(readFileSync(again.file).equals(readFileSync(zipFile))).toBe(true);
  });

  it('a perfect submission on time: full marks, valid Gradescope results, the same score as gatelab grade', () => {
    const submittedAt = '2026-12-20T10:00:00.123456+03:00';
    const email = 'anna@example.edu';
    const sim = simulate({ submission: path.join(EXAMPLES, 's01-perfect'), metadata: metadata(email, submittedAt) });
    const { results, stdout } = sim.run();
    expectValid(results);
    expect(results.score).toBe(catalogMaxMilli(catalog) / 1000);
    expect(results.tests).toHaveLength(catalog.exercises.reduce((s, e) => s + e.checks.length, 0));
    expect(results.tests.every((t) => t.status === 'passed' && t.score === t.max_score)).toBe(true);
    expect(results.visibility).toBe(catalog.visibility.results);
    expect(results.stdout_visibility).toBe(catalog.visibility.stdout);
    for (const t of results.tests)
      expect(t.visibility).toBe(t.extra_data.gatelab.hidden ? catalog.visibility.hiddenChecks : 'visible');
    expect(results.extra_data.gatelab.student).toBe(email);
    expect(stdout).toContain(`grading submission/exercises for ${email}`);
    expect(results.score).toBe(gatelabGrade(path.join(EXAMPLES, 's01-perfect'), email, submittedAt).score);
  }, 300_000);

  it('a wrong backward pass submitted over two days late: the same score as gatelab grade, late policy included', () => {
    const submittedAt = '2026-12-22T20:00:00-08:00'; // 2 days 7 h 1 min after the deadline (23:59 +03:00 on the 20th): 3 started days
    const email = 'boris@example.edu';
    const sim = simulate({
      submission: path.join(EXAMPLES, 's03-wrong-backward'),
      metadata: metadata(email, submittedAt),
    });
    const { results } = sim.run();
    expectValid(results);
    const reference = gatelabGrade(path.join(EXAMPLES, 's03-wrong-backward'), email, submittedAt);
    expect(results.score).toBe(reference.score);
    expect(results.extra_data.gatelab.seed).toBe(reference.seed);
    // Independently: the tests' points add up to the raw score, and the course's policy takes its
    // percentage per started late day (3 here), never beyond the floor.
    const rawMilli = results.tests.reduce((s, t) => s + Math.round(t.score * 1000), 0);
    expect(rawMilli).toBeLessThan(catalogMaxMilli(catalog));
    const { deductionPercent, floorPercent } = catalog.latePolicy;
    const percent = Math.min(deductionPercent * 3, 100 - floorPercent);
    expect(Math.round(results.score * 1000)).toBe(rawMilli - Math.floor((rawMilli * percent) / 100));
    expect(results.extra_data.gatelab.submission?.late_days).toBe(3);
    const backward = results.tests.find(
      (t) => t.extra_data.gatelab.exercise === '02-forget-gate' && t.status === 'failed',
    );
    expect(backward).toBeDefined();
  }, 300_000);

  it("Gradescope's dates win over course.json's: a student's own due date (an extension) sets the late penalty, and the report says so", () => {
    const submittedAt = '2026-12-20T10:00:00+03:00'; // on time by course.json; 10 h 1 min after this student's own due date
    const email = 'vera@example.edu';
    const meta = {
      ...metadata(email, submittedAt),
      assignment: {
        due_date: '2026-12-18T23:59:00.000000+03:00',
        late_due_date: '2026-12-25T23:59:00.000000+03:00',
        title: 'gatelab',
        total_points: '100.0',
      },
      users: [
        {
          email,
          id: 77,
          name: 'Vera',
          assignment: {
            due_date: '2026-12-19T23:59:00.000000+03:00',
            late_due_date: '2026-12-26T23:59:00.000000+03:00',
          },
        },
      ],
    };
    const { results, stdout } = simulate({
      submission: path.join(EXAMPLES, 's03-wrong-backward'),
      metadata: meta,
    }).run();
    expectValid(results);
    // Independently: one started late day, so the course's deduction once.
    const rawMilli = results.tests.reduce((s, t) => s + Math.round(t.score * 1000), 0);
    expect(Math.round(results.score * 1000)).toBe(
      rawMilli - Math.floor((rawMilli * catalog.latePolicy.deductionPercent) / 100),
    );
    expect(results.extra_data.gatelab.deadline).toEqual({
      used: '2026-12-19T23:59:00.000000+03:00',
      cutoff: '2026-12-26T23:59:00.000000+03:00',
      source: 'extension',
    });
    expect(results.output).toContain(
      'Правило опоздания: ваш личный срок в Gradescope (продление), 2026-12-19T23:59:00.000000+03:00.',
    );
    expect(stdout).toContain(
      "the late policy uses the student's own Gradescope due date (an extension) 2026-12-19T23:59:00.000000+03:00",
    );
  }, 300_000);

  it('fails closed on a machine without namespaces, unless the bundle was exported accepting them as missing', () => {
    // GATELAB_SANDBOX_DISABLE stands in for a Gradescope container without namespaces.
    const env = { GATELAB_SANDBOX_DISABLE: 'namespaces' };
    const submission = path.join(EXAMPLES, 's01-perfect');
    const strict = simulate({
      submission,
      metadata: metadata('strict@example.edu', '2026-12-20T10:00:00+03:00'),
      env,
    }).run();
    expect(strict.results.score).toBe(0);
    const weakDir = tempDir('gradescope-weak');
    dirs.push(weakDir);
    const weakZip = exportGradescope({
      kitRoot: PACKAGE_ROOT,
      out: path.join(weakDir, 'autograder.zip'),
      secret: SECRET,
      allowWeak: ['pid', 'net'],
    }).file;
    const config = JSON.parse(new AdmZip(weakZip).readAsText('gatelab-autograder.json')) as { allowWeak?: string[] };
    expect(config.allowWeak).toEqual(['pid', 'net']);
    const weak = simulate({
      submission,
      metadata: metadata('weak@example.edu', '2026-12-20T10:00:00+03:00'),
      zip: weakZip,
      env,
    }).run();
    expect(weak.results.score).toBe(catalogMaxMilli(catalog) / 1000);
    expect(weak.results.output).toMatch(/pid|PID/);
  });

  it('an empty submission folder: score 0, no tests, and an output that says what to upload', () => {
    const sim = simulate({ submission: null, metadata: metadata('empty@example.edu', '2026-12-19T12:00:00Z') });
    const { results } = sim.run();
    expectValid(results);
    expect(results.score).toBe(0);
    expect(results.tests).toEqual([]);
    expect(results.visibility).toBe('visible');
    expect(results.output).toMatch(/No exercises were found in your upload\. Upload your kit folder/);
    expect(results.output).toMatch(/В загруженных файлах не найдено упражнений/);
    expect(results.extra_data.gatelab.failure).toBe('submission');
  });

  it('no metadata: score 0 and a message to tell the teacher', () => {
    const sim = simulate({ submission: path.join(EXAMPLES, 's02-untouched'), metadata: null });
    const { results } = sim.run();
    expectValid(results);
    expect(results.score).toBe(0);
    expect(results.output).toMatch(/please tell your teacher/);
    expect(results.extra_data.gatelab.failure).toBe('grader');
  });

  it('when Node cannot even load the grader, run_autograder still writes a valid results.json with score 0', () => {
    const sim = simulate({
      submission: path.join(EXAMPLES, 's01-perfect'),
      metadata: metadata('x@example.edu', '2026-12-19T12:00:00Z'),
      linkNodeModules: false,
    });
    const { results, stdout } = sim.run();
    expectValid(results);
    expect(results.score).toBe(0);
    expect(results.output).toMatch(/The grader could not start/);
    expect(stdout).toMatch(/without writing results\.json/);
  });

  it('refuses to export without a course secret (exit 2, one line)', () => {
    const out = tempDir('gradescope-nosecret');
    dirs.push(out);
    const r = spawnSync(process.execPath, [BIN, 'export', 'gradescope', '--out', path.join(out, 'a.zip')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^gatelab: no course secret: set GATELAB_SECRET or pass --secret-file/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('reading what Gradescope hands over', () => {
  it('the student id is users[0] in the chosen field, else the next one that is set', () => {
    const dir = tempDir('gradescope-meta');
    dirs.push(dir);
    const file = path.join(dir, 'submission_metadata.json');
    writeFileSync(
      file,
      JSON.stringify({
        created_at: '2026-12-19T12:00:00Z',
        users: [{ email: 'a@x.org', sid: 'S-17', id: 9 }, { email: 'b@x.org' }],
      }),
    );
    expect(readMetadata(file, 'email')).toMatchObject({
      student: 'a@x.org',
      idField: 'email',
      createdAt: '2026-12-19T12:00:00Z',
      groupSize: 2,
    });
    expect(readMetadata(file, 'sid')).toMatchObject({ student: 'S-17', idField: 'sid' });
    writeFileSync(file, JSON.stringify({ users: [{ email: '', id: 9 }] }));
    expect(readMetadata(file, 'email')).toMatchObject({ student: '9', idField: 'id', createdAt: null });
    writeFileSync(file, JSON.stringify({ users: [] }));
    expect(() => readMetadata(file, 'email')).toThrow(/no user/);
  });

  it('finds the exercises in a kit folder, one folder down, or as loose files laid over the kit', () => {
    const work = tempDir('gradescope-locate');
    dirs.push(work);
    const nested = path.join(work, 'upload-nested');
    cpSync(path.join(EXAMPLES, 's01-perfect'), path.join(nested, 'my-kit'), { recursive: true });
    expect(locateExercises(nested, PACKAGE_ROOT, catalog, path.join(work, 'w1'))).toBe(
      path.join(nested, 'my-kit', 'exercises'),
    );

    const loose = path.join(work, 'upload-loose');
    mkdirSync(loose);
    const mine = path.join(EXAMPLES, 's01-perfect', 'exercises', '02-forget-gate', 'forget-gate.ts');
    cpSync(mine, path.join(loose, 'forget-gate.ts'));
    const found = locateExercises(loose, PACKAGE_ROOT, catalog, path.join(work, 'w2'));
    expect(readFileSync(path.join(found, '02-forget-gate', 'forget-gate.ts'), 'utf8')).toBe(readFileSync(mine, 'utf8'));
    // Everything else is the kit's own: public tests and the other exercises' stubs.
    for (const f of ['02-forget-gate/forget-gate.test.ts', '03-lstm-cell/lstm.ts']) {
      expect(readFileSync(path.join(found, f), 'utf8')).toBe(
        readFileSync(path.join(PACKAGE_ROOT, 'exercises', f), 'utf8'),
      );
    }

    const junk = path.join(work, 'upload-junk');
    mkdirSync(junk);
    writeFileSync(path.join(junk, 'notes.txt'), 'hello');
    expect(() => locateExercises(junk, PACKAGE_ROOT, catalog, path.join(work, 'w3'))).toThrow(
      /No exercises were found/,
    );
  });
});

describe('the text Gradescope shows as HTML', () => {
  it('is escaped, quotes and apostrophes included (simple_format renders HTML), in every course language', () => {
    const r = failureResults({
      kind: 'submission',
      detail: { en: `<b>"x" & 'y'</b>`, ru: '<i>"х"</i>' },
      langs: ['en', 'ru'],
      seconds: 1,
    });
    expect(r.output_format).toBe('simple_format');
    expect(r.output).toContain('&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt;');
    expect(r.output).toContain('&lt;i&gt;&quot;х&quot;&lt;/i&gt;');
    expect(r.output).not.toMatch(/[<>"']/);
  });
});
