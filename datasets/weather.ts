/**
 * The daily NOAA weather files in datasets/noaa/ (provenance, units and checksums: datasets/README.md and
 * datasets/datasets.json) and a loader that checks every line before anything trains on it.
 *
 *     loadSeattle()                 Seattle, 2012-01-01 … 2015-12-31 (or … 2014-12-31 in the student kit)
 *     loadWeather('New York')       one city of the two-city file
 *     verifyChecksum(file)          is this the original file, or the student kit's copy of it?
 *
 * A malformed or truncated file throws a DatasetError whose message is one line: the file, the line, what is
 * wrong and how to fix it, e.g.
 *     datasets/noaa/seattle-weather.csv line 412: temp_max "abc" is not a number; restore the file from the kit …
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

/** One day of observations, with the file's column names. */
export interface WeatherDay {
  date: string; //          YYYY-MM-DD
  precipitation: number; // mm
  temp_max: number; //      °C
  temp_min: number; //      °C
  wind: number; //          m/s, daily mean
  weather: string; //       drizzle | rain | snow | sun | fog
}

export type Location = 'Seattle' | 'New York';

export const SEATTLE_FILE = path.join(__dirname, 'noaa', 'seattle-weather.csv');
export const TWO_CITIES_FILE = path.join(__dirname, 'noaa', 'weather.csv');
export const DATASETS_JSON = path.join(__dirname, 'datasets.json');

/** What datasets.json records about one file (the fields the loader uses). */
export interface DatasetEntry {
  path: string;
  sha256: string;
  first: string;
  last: string;
  locations: string[];
  columns: { name: string }[];
  heldOut: { column: string; from: string };
  studentKit: { sha256: string; last: string };
}

const RESTORE = 'restore the file from the kit (sha256 in datasets/README.md)';

/** A problem with a data file; `line` counts from 1 (the header), undefined for the file as a whole. */
export class DatasetError extends Error {
  constructor(readonly file: string, readonly line: number | undefined, problem: string, fix = RESTORE) {
    super(`${file}${line === undefined ? '' : ` line ${line}`}: ${problem}; ${fix}`);
    this.name = 'DatasetError';
  }
}

/** Plausible ranges, far wider than any Seattle or New York day, so only broken values fall outside. */
const RANGES: Record<'precipitation' | 'temp_max' | 'temp_min' | 'wind', [number, number, string]> = {
  precipitation: [0, 500, 'mm'],
  temp_max: [-60, 60, '°C'],
  temp_min: [-60, 60, '°C'],
  wind: [0, 75, 'm/s'],
};
const WEATHER = ['drizzle', 'rain', 'snow', 'sun', 'fog'];
const NUMBER = /^-?\d+(\.\d+)?$/; // what the files hold; "3." or "1e3" means a damaged cell
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The entry of datasets.json for a file, matched by its name (so a copy elsewhere is checked as the original). */
export function datasetEntry(file: string, manifest = DATASETS_JSON): DatasetEntry {
  const entries = (JSON.parse(readFileSync(manifest, 'utf8')) as { files: DatasetEntry[] }).files;
  const entry = entries.find((e) => path.basename(e.path) === path.basename(file));
  if (!entry) throw new DatasetError(shown(manifest), undefined, `no entry for ${path.basename(file)}`, 'restore datasets.json from the kit');
  return entry;
}

/** Seattle's days in date order, checked line by line. */
export function loadSeattle(file = SEATTLE_FILE): WeatherDay[] {
  return readChecked(file, datasetEntry(SEATTLE_FILE)).get('Seattle') ?? [];
}

/** One city's days from the two-city file, in date order, checked line by line. */
export function loadWeather(location: Location, file = TWO_CITIES_FILE): WeatherDay[] {
  return readChecked(file, datasetEntry(TWO_CITIES_FILE)).get(location) ?? [];
}

/**
 * Checks a file's SHA-256 against datasets.json: 'full' for the original, 'studentKit' for the kit's copy without
 * the held-out rows; throws a DatasetError for anything else.
 */
export function verifyChecksum(file: string, manifest = DATASETS_JSON): 'full' | 'studentKit' {
  const entry = datasetEntry(file, manifest);
  const actual = createHash('sha256').update(readFileSync(file)).digest('hex');
  if (actual === entry.sha256) return 'full';
  if (actual === entry.studentKit.sha256) return 'studentKit';
  throw new DatasetError(shown(file), undefined,
    `SHA-256 is ${actual}, expected ${entry.sha256} (full file) or ${entry.studentKit.sha256} (student kit)`,
    `${RESTORE}; if git changed its line endings, keep datasets/.gitattributes`);
}

/** The student kit's copy of a file: the header and every row before `heldOut.from`, byte for byte. */
export function withoutHeldOut(text: string, heldOut: { column: string; from: string }): string {
  const lines = text.split('\n');
  const column = lines[0].split(',').indexOf(heldOut.column);
  if (column < 0) throw new Error(`withoutHeldOut: the header has no column "${heldOut.column}"`);
  const kept = lines.slice(1).filter((line) => line !== '' && line.split(',')[column] < heldOut.from);
  return [lines[0], ...kept].join('\n') + '\n';
}

/** Parses and checks a whole file; returns each location's days (a file without a location column is one city). */
function readChecked(file: string, entry: DatasetEntry): Map<string, WeatherDay[]> {
  const where = shown(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DatasetError(where, undefined, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseWeatherCsv(text, where, entry);
}

/**
 * Parses CSV text that should hold `entry`'s columns and checks it: the header; every row's cell count; ISO dates,
 * one day apart within each location; finite numbers in plausible ranges; temp_min ≤ temp_max; a known weather
 * category; the first and last day. `file` only names the text in messages.
 */
export function parseWeatherCsv(text: string, file: string, entry: DatasetEntry): Map<string, WeatherDay[]> {
  text = text.replace(/\r\n/g, '\n'); // a Windows checkout may add CRs; the values are the same
  const lineCount = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (text.trim() === '') throw new DatasetError(file, undefined, 'the file is empty');
  if (!text.endsWith('\n')) throw new DatasetError(file, lineCount, 'the file ends in the middle of this line (it was cut short)');
  // With `info: true` each record comes as { record, info }; csv-parse's types do not model that option.
  const records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: false }) as unknown as
    { record: string[]; info: { lines: number } }[];
  const expected = entry.columns.map((c) => c.name);
  const header = records[0].record;
  if (header.join(',') !== expected.join(',')) {
    throw new DatasetError(file, 1, `the header is "${header.join(',')}" but should be "${expected.join(',')}"`);
  }
  const byLocation = new Map<string, WeatherDay[]>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const fail = (problem: string): never => { throw new DatasetError(file, line, problem); };
    if (record.length === 1 && record[0] === '') fail('the line is empty');
    if (record.length !== expected.length) fail(`${record.length} cells where the header has ${expected.length}`);
    const cell = (name: string): string => record[expected.indexOf(name)];
    const location = expected.includes('location') ? cell('location') : entry.locations[0];
    if (!entry.locations.includes(location)) fail(`location "${location}" is not one of ${entry.locations.join(', ')}`);
    const date = cell('date');
    if (!isCalendarDay(date)) fail(`date "${date}" is not a calendar day written YYYY-MM-DD`);
    const days = byLocation.get(location) ?? [];
    const previous = days[days.length - 1];
    if (previous === undefined && date !== entry.first) fail(`${location} starts on ${date} but should start on ${entry.first}`);
    if (previous !== undefined && date !== nextDay(previous.date)) {
      fail(`${location}: ${date} follows ${previous.date}, but each day must follow the one before it exactly once`);
    }
    const number = (name: keyof typeof RANGES): number => {
      const raw = cell(name);
      if (!NUMBER.test(raw)) fail(`${name} "${raw}" is not a number`);
      const [low, high, unit] = RANGES[name];
      const value = Number(raw);
      if (value < low || value > high) fail(`${name} ${raw} is outside the plausible range ${low}..${high} ${unit}`);
      return value;
    };
    const day: WeatherDay = {
      date,
      precipitation: number('precipitation'),
      temp_max: number('temp_max'),
      temp_min: number('temp_min'),
      wind: number('wind'),
      weather: cell('weather'),
    };
    if (day.temp_min > day.temp_max) fail(`temp_min ${day.temp_min} is above temp_max ${day.temp_max}`);
    if (!WEATHER.includes(day.weather)) fail(`weather "${day.weather}" is not one of ${WEATHER.join(', ')}`);
    days.push(day);
    byLocation.set(location, days);
  }
  for (const location of entry.locations) {
    const days = byLocation.get(location) ?? [];
    const last = days[days.length - 1]?.date ?? 'nothing';
    if (last !== entry.last && last !== entry.studentKit.last) {
      throw new DatasetError(file, lineCount, `${location}'s days end on ${last} but should run to ${entry.last} ` +
        `(${entry.studentKit.last} in the student kit): the file was cut short`);
    }
  }
  return byLocation;
}

function isCalendarDay(text: string): boolean {
  if (!ISO_DAY.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The ISO day after `date` (UTC arithmetic, so no time zone or daylight saving can skip or repeat a day). */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** A path as people should see it: relative to the working folder when it lies inside it. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}
