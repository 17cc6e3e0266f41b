/**
 * `gatelab report <reports>`: re-renders every student's feedback and the class outputs after a TA
 * has edited `manual.json` files. Every manual.json is checked before anything is written, so a
 * typo stops the command with one line and leaves every report as it was; so does a manual.json in
 * the folder of a student who is not on the class list, or who has no graded submission to add to.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog } from '../shared/catalog';
import { UsageError } from '../shared/errors';
import { writeClassOutputs, readClassState, reportsFolder, type ClassSummary } from '../class-outputs';
import type { Lang } from '../shared/results';
import { validateResults } from '../feedback/validate';
import { writeResults } from '../grade/write-results';
import { applyManual, readManual } from './manual';

export const MANUAL_FILE = 'manual.json';

export async function report(opts: {
  reports: string;
  kitRoot: string;
  lang?: Lang;
}): Promise<ClassSummary & { updated: string[] }> {
  const reports = reportsFolder(opts.reports);
  const catalog = loadCatalog(opts.kitRoot);
  const state = readClassState(reports);
  const lang = opts.lang ?? state.lang ?? catalog.defaultLanguage;
  const folders = readdirSync(reports, { withFileTypes: true }).filter(
    (d) => d.isDirectory() && !d.name.startsWith('.'),
  );
  checkStrayManuals(
    reports,
    folders.map((d) => d.name),
    new Set(state.students.map((s) => s.id)),
  );
  const students = folders
    .filter((d) => existsSync(path.join(reports, d.name, 'results.json')))
    .map((d) => d.name)
    .sort();
  // Read and check everything first: a bad manual.json must not leave half the class re-rendered.
  const plans = students.map((id) => {
    const dir = path.join(reports, id);
    const file = path.join(dir, 'results.json');
    const results = validateResults(JSON.parse(readFileSync(file, 'utf8')), file);
    return { id, dir, results, manual: readManual(path.join(dir, MANUAL_FILE), catalog) };
  });
  const updated: string[] = [];
  for (const plan of plans) {
    const next = { ...applyManual(plan.results, plan.manual), lang };
    if (JSON.stringify(next) === JSON.stringify(plan.results)) continue;
    await writeResults(plan.dir, next);
    updated.push(plan.id);
  }
  const summary = await writeClassOutputs({
    out: reports,
    kitRoot: opts.kitRoot,
    catalog,
    students: state.students,
    lang,
    similar: state.similar,
  });
  return { ...summary, updated };
}

/** A manual.json that no result will take is an error, not points that silently go nowhere. */
function checkStrayManuals(reports: string, folders: string[], known: Set<string>): void {
  for (const id of folders.sort()) {
    const file = path.join(reports, id, MANUAL_FILE);
    if (!existsSync(file)) continue;
    if (!known.has(id)) {
      throw new UsageError(
        `${file}: "${id}" is not a student of this class (not in class.json); move the file to the folder of the right student, whose folder name is their roster id`,
      );
    }
    if (!existsSync(path.join(reports, id, 'results.json'))) {
      throw new UsageError(
        `${file}: ${id} has no graded submission (missing or not gradable), so these points have nothing to add to; grade their work first (gatelab grade-all), or remove the file`,
      );
    }
  }
}
