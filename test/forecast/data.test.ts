// The NOAA files and their loader: the files are the ones datasets.json describes (checked against its schema), the
// loader accepts the full file and the student kit's copy, and a damaged file gives one line that names the file,
// the line and the fix. The kit copy's SHA-256 was computed independently (Python: the header and every row dated
// before 2015-01-01, byte for byte), so withoutHeldOut is checked against it rather than against itself.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DATASETS_JSON,
  DatasetError,
  SEATTLE_FILE,
  TWO_CITIES_FILE,
  datasetEntry,
  loadSeattle,
  loadWeather,
  verifyChecksum,
  withoutHeldOut,
} from '../../datasets/weather';
import { compileSchema } from '../../grader/schemas';

const work = mkdtempSync(path.join(os.tmpdir(), 'gatelab-weather-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const original = readFileSync(SEATTLE_FILE, 'utf8');
/** A copy of the Seattle file with `edit` applied, under the original's name (so datasets.json's entry applies). */
function copy(name: string, text: string): string {
  const dir = mkdtempSync(path.join(work, `${name}-`));
  const file = path.join(dir, 'seattle-weather.csv');
  writeFileSync(file, text);
  return file;
}
function errorOf(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DatasetError);
    return err as DatasetError;
  }
  throw new Error('expected a DatasetError');
}

describe('datasets.json', () => {
  it('matches its schema and the files on disk', () => {
    const validate = compileSchema('datasets.schema.json');
    const manifest = JSON.parse(readFileSync(DATASETS_JSON, 'utf8')) as unknown;
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    expect(verifyChecksum(SEATTLE_FILE)).toBe('full');
    expect(verifyChecksum(TWO_CITIES_FILE)).toBe('full');
  });
});

describe('loader: the real files', () => {
  it('loads Seattle: 1461 consecutive days from 2012-01-01 to 2015-12-31 with the first row as in the file', () => {
    const days = loadSeattle();
    expect(days).toHaveLength(1461);
    expect(days[0]).toEqual({
      date: '2012-01-01',
      precipitation: 0,
      temp_max: 12.8,
      temp_min: 5,
      wind: 4.7,
      weather: 'drizzle',
    });
    expect(days[1460].date).toBe('2015-12-31');
  });

  it('loads each city of the two-city file; its Seattle rows equal seattle-weather.csv', () => {
    expect(loadWeather('Seattle')).toEqual(loadSeattle());
    const ny = loadWeather('New York');
    expect(ny).toHaveLength(1461);
    expect(ny[0].date).toBe('2012-01-01');
    expect(ny[1460].date).toBe('2015-12-31');
  });

  it("loads the student kit's copy (rows to 2014-12-31), whose checksum is the one datasets.json records", () => {
    const kitText = withoutHeldOut(original, datasetEntry(SEATTLE_FILE).heldOut);
    const file = copy('kit', kitText);
    expect(verifyChecksum(file)).toBe('studentKit');
    const days = loadSeattle(file);
    expect(days).toHaveLength(1096);
    expect(days[days.length - 1].date).toBe('2014-12-31');
    // Independently derived (see the header comment).
    expect(datasetEntry(SEATTLE_FILE).studentKit.sha256).toBe(
      '443f56bf18016297a48723966c1a07b143c5c57fefa96df7c76e8cdbaa24cc22',
    );
    const twoCities = withoutHeldOut(readFileSync(TWO_CITIES_FILE, 'utf8'), datasetEntry(TWO_CITIES_FILE).heldOut);
    const twoFile = path.join(mkdtempSync(path.join(work, 'kit2-')), 'weather.csv');
    writeFileSync(twoFile, twoCities);
    expect(verifyChecksum(twoFile)).toBe('studentKit');
    expect(loadWeather('New York', twoFile)).toHaveLength(1096);
  });
});

describe('loader: damaged files', () => {
  const lines = original.split('\n');

  it('a malformed value names the file, the line and the fix', () => {
    const cells = lines[411].split(','); // line 412 of the file: the header is line 1
    cells[2] = 'abc';
    const bad = [...lines.slice(0, 411), cells.join(','), ...lines.slice(412)].join('\n');
    const err = errorOf(() => loadSeattle(copy('abc', bad)));
    expect(err.line).toBe(412);
    expect(err.message).toMatch(
      /seattle-weather\.csv line 412: temp_max "abc" is not a number; restore the file from the kit \(sha256 in datasets\/README\.md\)$/,
    );
    expect(err.message).not.toContain('\n');
  });

  it('a file cut in the middle of a line is reported at that line', () => {
    const cut = original.slice(0, original.indexOf('\n', 5000) + 12); // 11 characters into the next line
    const lineNo = cut.split('\n').length;
    const err = errorOf(() => loadSeattle(copy('cut', cut)));
    expect(err.line).toBe(lineNo);
    expect(err.message).toContain('cut short');
  });

  it('a file cut at a line boundary is reported as ending too early', () => {
    const err = errorOf(() => loadSeattle(copy('short', lines.slice(0, 400).join('\n') + '\n')));
    expect(err.message).toMatch(
      /line 400: Seattle's days end on 2013-02-02 but should run to 2015-12-31 \(2014-12-31 in the student kit\)/,
    );
  });

  it('a missing day, a wrong header, a value out of range and temp_min above temp_max are each named', () => {
    const without = (i: number) => [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
    expect(errorOf(() => loadSeattle(copy('gap', without(100)))).message).toMatch(
      /line 101: Seattle: 2012-04-10 follows 2012-04-08/,
    );
    const header = ['date,precip,temp_max,temp_min,wind,weather', ...lines.slice(1)].join('\n');
    expect(errorOf(() => loadSeattle(copy('header', header))).line).toBe(1);
    const hot = original.replace('2012-01-02,10.9,10.6,', '2012-01-02,10.9,106,');
    expect(errorOf(() => loadSeattle(copy('hot', hot))).message).toMatch(
      /line 3: temp_max 106 is outside the plausible range/,
    );
    const inverted = original.replace('2012-01-03,0.8,11.7,7.2,', '2012-01-03,0.8,7.2,11.7,');
    expect(errorOf(() => loadSeattle(copy('inverted', inverted))).message).toMatch(
      /line 4: temp_min 11.7 is above temp_max 7.2/,
    );
  });

  it('a checksum mismatch names both expected hashes even when every value is plausible', () => {
    const file = copy('edited', original.replace('2012-01-01,0.0,12.8,', '2012-01-01,0.0,12.9,'));
    expect(loadSeattle(file)[0].temp_max).toBe(12.9); // still a well-formed file
    const err = errorOf(() => verifyChecksum(file));
    expect(err.message).toContain('0845078a290b48e3149ab8639966824110a251db4e06fc144c06ebb534af23be');
    expect(err.message).toContain('443f56bf18016297a48723966c1a07b143c5c57fefa96df7c76e8cdbaa24cc22');
    expect(err.message).toMatch(/restore the file from the kit/);
  });
});
