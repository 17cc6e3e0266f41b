import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { release } from '../../grader/release';
import { scanKit, type Leak, type LeakKind } from '../../grader/release/scan';
import { text } from '../../grader/shared/messages';
import { tempDir } from './helpers';

const SECRET = 'correct horse battery staple, course 2026';
const HAS_DATASETS = existsSync(path.join(PACKAGE_ROOT, 'datasets', 'datasets.json'));
const SOLUTION_02 = path.join(PACKAGE_ROOT, 'solutions', '02-forget-gate', 'forget-gate.ts');
const HIDDEN_02 = path.join(PACKAGE_ROOT, 'solutions', '02-forget-gate', 'forget-gate.hidden.test.ts');

let clean: string;

beforeAll(async () => {
  clean = path.join(tempDir('scan'), 'kit');
  const r = await release({ kitRoot: PACKAGE_ROOT, out: clean, secret: SECRET });
  expect(r.leaks).toEqual([]);
});

/** A copy of the clean kit with one leak planted, scanned. */
function plant(change: (kit: string) => void, secret: string | null = SECRET): Leak[] {
  const kit = path.join(tempDir('planted'), 'kit');
  cpSync(clean, kit, { recursive: true });
  change(kit);
  return scanKit({ kitDir: kit, sourceRoot: PACKAGE_ROOT, secret });
}

const kinds = (leaks: Leak[]): LeakKind[] => [...new Set(leaks.map((l) => l.kind))].sort();

/** The first line of code (over 30 characters) inside a solution region of a reference file, as written there. */
function firstReferenceLine(file: string): string {
  let inside = false;
  for (const l of readFileSync(file, 'utf8').split('\n')) {
    if (l.trim() === '// BEGIN SOLUTION') inside = true;
    else if (l.trim() === '// END SOLUTION') inside = false;
    else if (inside && !l.trim().startsWith('//') && l.trim().length > 30) return l;
  }
  throw new Error(`${file}: no solution line found`);
}

describe('the leak scan', () => {
  it('finds nothing in a released kit', () => {
    expect(scanKit({ kitDir: clean, sourceRoot: PACKAGE_ROOT, secret: SECRET })).toEqual([]);
  });

  it('a file under solutions/', () => {
    const leaks = plant((kit) => {
      mkdirSync(path.join(kit, 'solutions', '02-forget-gate'), { recursive: true });
      writeFileSync(path.join(kit, 'solutions', '02-forget-gate', 'notes.txt'), 'nothing secret in here\n');
    });
    expect(leaks).toEqual([
      { kind: 'solutions-file', file: 'solutions/02-forget-gate/notes.txt', detail: expect.any(String) },
    ]);
  });

  it('a hidden suite, under its own name or another', () => {
    const named = plant((kit) =>
      copyFileSync(HIDDEN_02, path.join(kit, 'exercises', '02-forget-gate', 'forget-gate.hidden.test.ts')),
    );
    expect(kinds(named)).toContain('hidden-suite');
    const renamed = plant((kit) =>
      copyFileSync(HIDDEN_02, path.join(kit, 'exercises', '02-forget-gate', 'more.test.ts')),
    );
    expect(kinds(renamed)).toEqual(['teacher-code']);
    expect(renamed.every((l) => l.file === 'exercises/02-forget-gate/more.test.ts')).toBe(true);
  });

  it('a text only hidden checks use, as written or inside a JSON file', () => {
    const said = text('hidden.03.diagnosis.probe.noneRight');
    const quoted = plant((kit) =>
      appendFileSync(path.join(kit, 'exercises', '03-lstm-cell', 'README.md'), `\nFor example: ${said.en}\n`),
    );
    expect(quoted.map((l) => [l.kind, l.file])).toEqual([['hidden-text', 'exercises/03-lstm-cell/README.md']]);
    const inCatalog = plant((kit) => {
      const file = path.join(kit, 'templates', 'strings.ru.json');
      writeFileSync(
        file,
        JSON.stringify({ ...(JSON.parse(readFileSync(file, 'utf8')) as object), extra: { said: said.ru } }, null, 2),
      );
    });
    expect(inCatalog.map((l) => [l.kind, l.file])).toEqual([['hidden-text', 'templates/strings.ru.json']]);
  });

  it('the solution marker text', () => {
    const marker = ['// BEGIN', 'SOLUTION'].join(' ');
    const leaks = plant((kit) =>
      appendFileSync(path.join(kit, 'exercises', '02-forget-gate', 'forget-gate.ts'), `\n${marker}\n`),
    );
    expect(leaks).toEqual([
      {
        kind: 'solution-marker',
        file: 'exercises/02-forget-gate/forget-gate.ts',
        line: expect.any(Number),
        detail: expect.any(String),
      },
    ]);
  });

  it('the reference in place of the stub, and one reference line quoted in a statement', () => {
    const whole = plant((kit) =>
      copyFileSync(SOLUTION_02, path.join(kit, 'exercises', '02-forget-gate', 'forget-gate.ts')),
    );
    expect(kinds(whole)).toEqual(['reference-code', 'solution-marker']);
    const line = firstReferenceLine(SOLUTION_02).trim();
    const quoted = plant((kit) =>
      appendFileSync(path.join(kit, 'exercises', '02-forget-gate', 'README.md'), `\nFor example: ${line} and so on.\n`),
    );
    expect(quoted.map((l) => [l.kind, l.file])).toEqual([['reference-code', 'exercises/02-forget-gate/README.md']]);
  });

  it('reference lines of every exercise are recognised, reformatted or not', () => {
    const catalog = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'course.json'), 'utf8')) as {
      exercises: { id: string; modules: string[] }[];
    };
    for (const { id, modules } of catalog.exercises) {
      const line = firstReferenceLine(path.join(PACKAGE_ROOT, 'solutions', id, modules[0]));
      const spaced = `   ${line.trim().replace(/ /g, '  ')}   `;
      const leaks = plant((kit) => appendFileSync(path.join(kit, 'exercises', id, 'hints.json'), `\n${spaced}\n`));
      expect(kinds(leaks), `${id}: ${line}`).toEqual(['reference-code']);
    }
  });

  it('the course secret, when it is given', () => {
    const change = (kit: string) => writeFileSync(path.join(kit, 'exercises', 'notes.md'), `config: ${SECRET}\n`);
    expect(plant(change)).toEqual([{ kind: 'secret', file: 'exercises/notes.md', detail: expect.any(String) }]);
    expect(plant(change, null)).toEqual([]);
  });

  it.skipIf(!HAS_DATASETS)(
    'a held-out row: appended to the training data, changed or verbatim, or pasted elsewhere',
    () => {
      const source = readFileSync(path.join(PACKAGE_ROOT, 'datasets', 'noaa', 'seattle-weather.csv'), 'utf8').split(
        '\n',
      );
      const heldOut = source.find((row) => row.startsWith('2015-')) as string;
      const kitCsv = (kit: string) => path.join(kit, 'datasets', 'noaa', 'seattle-weather.csv');

      const appended = plant((kit) => appendFileSync(kitCsv(kit), `${heldOut}\n`));
      expect(kinds(appended)).toEqual(['held-out-data']);
      expect(appended.every((l) => l.file === 'datasets/noaa/seattle-weather.csv')).toBe(true);

      const changed = plant((kit) => appendFileSync(kitCsv(kit), '2015-07-04,0.0,99.9,99.9,9.9,sun\n'));
      expect(changed).toEqual([
        {
          kind: 'held-out-data',
          file: 'datasets/noaa/seattle-weather.csv',
          line: expect.any(Number),
          detail: expect.stringContaining('2015-07-04'),
        },
      ]);

      const pasted = plant((kit) =>
        appendFileSync(path.join(kit, 'exercises', '02-forget-gate', 'README.md'), `\n${heldOut}\n`),
      );
      expect(pasted.map((l) => [l.kind, l.file])).toEqual([['held-out-data', 'exercises/02-forget-gate/README.md']]);
    },
  );
});
