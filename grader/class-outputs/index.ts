/**
 * The class outputs in the reports folder: gradebook.csv, stats.json and index.html, rebuilt
 * from every student's results.json (so a resumed batch reports the whole class). index.html's
 * data is built in view.ts; who needs attention in attention.ts (also grade-all's last lines).
 */
import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../shared/atomic';
import type { Catalog } from '../shared/catalog';
import { UsageError } from '../shared/errors';
import type { StudentEntry } from '../shared/student-entry';
import { PACKAGE_ROOT } from '../shared/kit';
import { area } from '../shared/messages';
import type { Lang } from '../shared/results';
import { gradebookCsv } from './gradebook';
import { loadRows, type ClassRow } from './rows';
import { classStats, type ClassStats } from './stats';
import { similarPairs } from './similar';
import type { SimilarPair } from '../similarity';
import { classView } from './view';

export interface ClassSummary {
  rows: ClassRow[];
  stats: ClassStats;
  similar: SimilarPair[];
  files: { gradebook: string; stats: string; index: string };
}

let template: Handlebars.TemplateDelegate | undefined;

function renderIndex(
  catalog: Catalog,
  rows: ClassRow[],
  stats: ClassStats,
  similar: SimilarPair[],
  lang: Lang,
): string {
  const strings = area(lang, 'class');
  template ??= Handlebars.create().compile(
    readFileSync(path.join(PACKAGE_ROOT, 'templates', 'class-index.html.hbs'), 'utf8'),
    { strict: true },
  );
  return template(classView(catalog, rows, stats, similar, lang, strings));
}

/** What `gatelab report` needs to rebuild the class outputs without the submissions at hand. */
interface ClassState {
  lang: Lang;
  students: StudentEntry[];
  similar: SimilarPair[];
}

const STATE_FILE = 'class.json';

/** The absolute path of a reports folder named on the command line (grade-all's --out); one line when it is not one. */
export function reportsFolder(given: string): string {
  const reports = path.resolve(given);
  if (!existsSync(path.join(reports, STATE_FILE)))
    throw new UsageError(
      `${given}: not a reports folder written by gatelab grade-all (no ${STATE_FILE}); pass the --out folder of grade-all`,
    );
  return reports;
}

export function readClassState(
  out: string,
): Partial<ClassState> & { students: StudentEntry[]; similar: SimilarPair[] } {
  const file = path.join(out, STATE_FILE);
  if (!existsSync(file)) return { students: [], similar: [] };
  const state = JSON.parse(readFileSync(file, 'utf8')) as ClassState;
  return { lang: state.lang, students: state.students ?? [], similar: state.similar ?? [] };
}

export async function writeClassOutputs(opts: {
  out: string;
  kitRoot: string;
  catalog: Catalog;
  students: StudentEntry[];
  lang: Lang;
  /** Look-alike pairs found earlier (by `report`, which has no submissions to compare). */
  similar?: SimilarPair[];
}): Promise<ClassSummary> {
  const rows = loadRows(opts.out, opts.catalog, opts.students);
  const stats = classStats(opts.catalog, rows);
  const similar = opts.similar ?? similarPairs(opts.kitRoot, opts.catalog, opts.students);
  writeFileAtomicSync(
    path.join(opts.out, STATE_FILE),
    JSON.stringify({ lang: opts.lang, students: opts.students, similar } satisfies ClassState, null, 1) + '\n',
  );
  const files = {
    gradebook: path.join(opts.out, 'gradebook.csv'),
    stats: path.join(opts.out, 'stats.json'),
    index: path.join(opts.out, 'index.html'),
  };
  writeFileAtomicSync(files.gradebook, gradebookCsv(opts.catalog, rows));
  writeFileAtomicSync(files.stats, JSON.stringify({ ...stats, similar }, null, 2) + '\n');
  writeFileAtomicSync(files.index, renderIndex(opts.catalog, rows, stats, similar, opts.lang));
  return { rows, stats, similar, files };
}
