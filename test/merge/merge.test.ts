/**
 * A class graded in shards and merged gives what one run over the whole class gives: the same files, and in each
 * the same content but for times (when it was graded, how long it took). And merge refuses, in one line naming the
 * shard and the difference, shards that do not make up one such run: another secret, another course.json or kit,
 * one shard twice, one missing, an incomplete one. Nothing is written then.
 *
 * The class: anna (the reference), boris (anna's code with one mistake: a look-alike pair, in another shard of
 * three), иванова (the untouched stub), dmitri (no exercises folder: a row with the error), and absent (on the
 * roster, no submission). Which shard each lands in is derived below from the rule the README states, not read
 * from the code under test.
 */
import { spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CollectManifest } from '../../grader/collect';
import { gradeAll } from '../../grader/grade-all';
import { merge } from '../../grader/merge';
import { report } from '../../grader/review';
import { loadCatalog } from '../../grader/shared/catalog';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import type { ShardDescription } from '../../grader/shard';
import { EXAMPLES, tempDir } from '../grader/helpers';

const SECRET = 'merge-test-secret';
const LIMITS = { callMs: 3_000, totalMs: 20_000, memoryMb: 256 };
const full = loadCatalog(PACKAGE_ROOT);
// Exercises with a figure (01), plain code (02) and a handed-in model with its plots (05); the rest only add time.
const catalog = {
  ...full,
  exercises: full.exercises.filter((e) =>
    ['01-vanishing-gradient', '02-forget-gate', '05-weather-forecaster'].includes(e.id),
  ),
};
const CLASS = { anna: 's01-perfect', boris: 's03-wrong-backward', иванова: 's02-untouched' } as const;

/** The README's rule, derived here: the first 32 bits of SHA-256("gatelab:shard:" + id), mod n, plus one. */
const shardOf = (id: string, n: number) =>
  (createHash('sha256').update(`gatelab:shard:${id}`).digest().readUInt32BE(0) % n) + 1;

/** A folder path as a regular expression's literal text. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function makeClass(): string {
  const dir = tempDir('shard-class');
  for (const [id, example] of Object.entries(CLASS))
    cpSync(path.join(EXAMPLES, example), path.join(dir, id), { recursive: true });
  mkdirSync(path.join(dir, 'dmitri'));
  writeFileSync(path.join(dir, 'dmitri', 'notes.txt'), 'no exercises here');
  const entry = (id: string) => ({
    id,
    name: `Student ${id}`,
    repo: `/repos/${id}`,
    status: 'collected' as const,
    commit: 'c'.repeat(40),
    commit_time: '2026-12-19T10:00:00Z',
    seen_at: '2026-12-19T11:00:00Z',
    deadline: full.deadline,
    extension_days: 0,
    late_days: 0,
  });
  const manifest: CollectManifest = {
    schema_version: 1,
    collected_at: '2026-12-21T00:00:00Z',
    roster: 'roster.csv',
    deadline: full.deadline,
    late_window_days: 0,
    students: [
      ...Object.keys(CLASS).map(entry),
      {
        ...entry('absent'),
        status: 'missing',
        commit: null,
        commit_time: null,
        seen_at: null,
        message: 'repository not found',
      },
    ],
  };
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel))
    .flatMap((name) =>
      statSync(path.join(dir, rel, name)).isDirectory()
        ? filesUnder(dir, path.join(rel, name))
        : [path.join(rel, name)],
    )
    .sort();
}

/** A file's content without what depends on the clock: times of grading and generating, and durations. */
function timeless(file: string, text: string): string {
  if (file.endsWith('.json')) {
    const drop = new Set(['execution_time', 'graded_at', 'timings', 'duration_ms', 'runtimeSeconds']);
    return JSON.stringify(
      JSON.parse(text, (key, value: unknown) => (drop.has(key) ? undefined : value)),
      null,
      1,
    );
  }
  return text
    .replace(/(\*\*Graded:\*\* |<dt>Graded<\/dt><dd>)[^<\n]+/g, '$1<time>')
    .replace(/(· Generated )[^<]+/g, '$1<time>')
    .replace(/(Grading time per submission \(median \/ 90th percentile\): )[^.]+\.\d s \/ [\d.]+ s/g, '$1<durations>');
}

let submissions: string;
let whole: string;
let shards: string[];

beforeAll(async () => {
  // Every shard of three has a graded student, and the look-alike pair is split across shards.
  expect(new Set(Object.keys(CLASS).map((id) => shardOf(id, 3))).size).toBe(3);
  submissions = makeClass();
  whole = tempDir('whole');
  const settings = { kitRoot: PACKAGE_ROOT, submissions, secret: SECRET, lang: 'en' as const, limits: LIMITS, catalog };
  await gradeAll({ ...settings, out: whole });
  shards = [];
  for (const index of [3, 1, 2]) {
    const out = tempDir(`shard-${index}`);
    const summary = await gradeAll({ ...settings, out, shard: { index, count: 3 } });
    expect(summary.shard?.classSize).toBe(5);
    shards.push(out);
  }
}, 600_000);

describe('grade-all --shard i/n', () => {
  it('grades the students the rule assigns to shard i, and describes the shard without the secret', () => {
    const ids = ['absent', 'anna', 'boris', 'dmitri', 'иванова'];
    for (const [k, dir] of shards.entries()) {
      const index = [3, 1, 2][k];
      const description = JSON.parse(readFileSync(path.join(dir, 'shard.json'), 'utf8')) as {
        shard: unknown;
        secret: string;
        students: { id: string }[];
        class: { students: number };
        kit: { course: string };
      };
      expect(description.shard).toEqual({ index, count: 3 });
      expect(description.students.map((s) => s.id)).toEqual(ids.filter((id) => shardOf(id, 3) === index));
      expect(description.class.students).toBe(5);
      expect(description.secret).toBe(createHmac('sha256', SECRET).update('gatelab:shard').digest('hex'));
      expect(description.kit.course).toBe(
        createHash('sha256')
          .update(readFileSync(path.join(PACKAGE_ROOT, 'course.json')))
          .digest('hex'),
      );
      // Graded: exactly the shard's students with a submission.
      const graded = filesUnder(dir)
        .filter((f) => f.endsWith('results.json') || f.endsWith('error.txt'))
        .map((f) => path.dirname(f));
      expect(graded.sort()).toEqual(ids.filter((id) => shardOf(id, 3) === index && id !== 'absent').sort());
      for (const file of filesUnder(dir)) expect(readFileSync(path.join(dir, file), 'utf8')).not.toContain(SECRET);
    }
  });
});

describe('gatelab merge', () => {
  it('gives every file one run over the whole class gives, the same but for times', async () => {
    const out = tempDir('merged');
    const summary = await merge({ shards, out, kitRoot: PACKAGE_ROOT, catalog });
    expect(summary.students).toBe(5);
    const files = filesUnder(whole);
    expect(files).toEqual(
      expect.arrayContaining([
        'gradebook.csv',
        'stats.json',
        'index.html',
        'class.json',
        'anna/results.json',
        'anna/feedback.html',
        'anna/.input-hash',
        'dmitri/error.txt',
      ]),
    );
    expect(files.some((f) => f.startsWith('anna/') && f.endsWith('.svg'))).toBe(true);
    expect(filesUnder(out)).toEqual(files);
    for (const file of files) {
      expect([file, timeless(file, readFileSync(path.join(out, file), 'utf8'))]).toEqual([
        file,
        timeless(file, readFileSync(path.join(whole, file), 'utf8')),
      ]);
    }
    // What the comparison must have covered: the look-alike pair found across two shards, and every row.
    const stats = JSON.parse(readFileSync(path.join(out, 'stats.json'), 'utf8')) as {
      similar: { a: string; b: string }[];
      missing: string[];
    };
    expect(stats.similar.map((p) => [p.a, p.b])).toContainEqual(['anna', 'boris']);
    expect(stats.missing).toEqual(['absent']);
    expect(readFileSync(path.join(out, 'gradebook.csv'), 'utf8').trim().split('\n')).toHaveLength(6);
    // `gatelab report` takes the merged folder as it takes grade-all's: nothing to re-render without a manual.json.
    expect((await report({ reports: out, kitRoot: PACKAGE_ROOT })).updated).toEqual([]);
  });

  describe('refuses shards that are not one run, in one line, writing nothing', () => {
    /** Copies of the shards (1/3, 2/3, 3/3), one of them edited. */
    function copies(): string[] {
      const root = tempDir('shard-copies');
      return [1, 2, 3].map((i) => {
        const to = path.join(root, String(i));
        cpSync(shards[[3, 1, 2].indexOf(i)], to, { recursive: true });
        return to;
      });
    }
    function edit(dir: string, change: (d: ShardDescription) => void): void {
      const file = path.join(dir, 'shard.json');
      const d = JSON.parse(readFileSync(file, 'utf8')) as ShardDescription;
      change(d);
      writeFileSync(file, JSON.stringify(d));
    }
    async function refusal(dirs: string[]): Promise<string> {
      const out = path.join(tempDir('refused'), 'reports');
      const error = await merge({ shards: dirs, out, kitRoot: PACKAGE_ROOT, catalog }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.name).toBe('UsageError');
      expect(error?.message.split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
      return error?.message ?? '';
    }

    it('a shard graded with another secret', async () => {
      const [a, b, c] = copies();
      edit(b, (d) => (d.secret = createHmac('sha256', 'another-secret').update('gatelab:shard').digest('hex')));
      expect(await refusal([a, b, c])).toMatch(
        new RegExp(`^${literal(b)}: graded with a different course secret than ${literal(a)}`),
      );
    });

    it('a shard graded with another course.json, or another kit', async () => {
      const [a, b, c] = copies();
      const course = readFileSync(path.join(PACKAGE_ROOT, 'course.json'), 'utf8').replace('"deadline"', '"deadline" ');
      edit(c, (d) => (d.kit.course = createHash('sha256').update(course).digest('hex')));
      expect(await refusal([a, b, c])).toMatch(
        new RegExp(`^${literal(c)}: graded with a different course.json .*--kit`),
      );
      const [x, y, z] = copies();
      edit(y, (d) => (d.kit.files = '0'.repeat(64)));
      expect(await refusal([x, y, z])).toMatch(new RegExp(`^${literal(y)}: graded with a different kit`));
    });

    it('a shard missing, a shard twice, a shard of another split', async () => {
      const [a, b, c] = copies();
      expect(await refusal([a, c])).toMatch(/^shard 2\/3 missing \(given: 1\/3, 3\/3\)/);
      expect(await refusal([a, b, b, c])).toBe(`${b} and ${b}: both are shard 2/3; pass each shard once`);
      edit(c, (d) => (d.shard = { index: 3, count: 4 }));
      expect(await refusal([a, b, c])).toMatch(new RegExp(`^${literal(c)}: is shard 3/4, but ${literal(a)} is 1/3`));
    });

    it('a shard that is incomplete or chose from another class', async () => {
      const [a, b, c] = copies();
      const graded = shardOf('anna', 3);
      rmSync(path.join([a, b, c][graded - 1], 'anna', 'similarity-sources.json'));
      expect(await refusal([a, b, c])).toMatch(/anna\/similarity-sources\.json: missing; the shard is incomplete/);
      const [x, y, z] = copies();
      edit(z, (d) => (d.class = { students: 6, ids: '1'.repeat(64) }));
      expect(await refusal([x, y, z])).toMatch(
        new RegExp(`^${literal(z)}: chose its students from a class of 6 .* the submissions folder changed`),
      );
    });
  });

  it('the command: exit 0 and where the reports are; bad input is one line and exit 2', () => {
    const bin = path.join(PACKAGE_ROOT, 'bin', 'gatelab.js');
    const run = (args: string[]) =>
      spawnSync(process.execPath, [bin, ...args], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH },
        timeout: 300_000,
      });
    const out = tempDir('merged-cli');
    const ok = run(['merge', ...shards, '--out', out]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`class report: ${path.join(out, 'index.html')}`);
    const missing = run(['merge', shards[0], '--out', tempDir('merged-cli')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^gatelab: shards 1\/3, 2\/3 missing \(given: 3\/3\)/),
    ]);
    const notShard = run(['merge', submissions, '--out', tempDir('merged-cli')]);
    expect(notShard.status).toBe(2);
    expect(notShard.stderr.trim()).toBe(
      `gatelab: ${submissions}: not a shard folder (no shard.json); pass the --out folders of gatelab grade-all … --shard i/n`,
    );
  }, 600_000);
});
