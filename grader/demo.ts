/**
 * `gatelab demo` (`npm run demo`): grades the bundled example class so a newcomer sees real
 * reports after two commands. It uses a fixed demo secret; a real course sets GATELAB_SECRET.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog } from './catalog';
import { grade } from './grade';
import { formatMilli } from './points';
import { studentSeed } from './seed';
import type { Lang } from './results';

export const DEMO_SECRET = 'gatelab-demo-secret-not-for-real-courses';

export async function demo(opts: { kitRoot: string; out: string; lang?: Lang; log?: (line: string) => void }): Promise<{ student: string; score: string; dir: string }[]> {
  const log = opts.log ?? console.log;
  const catalog = loadCatalog(opts.kitRoot);
  const classDir = path.join(opts.kitRoot, 'examples', 'class');
  const students = readdirSync(classDir).filter((d) => statSync(path.join(classDir, d)).isDirectory()).sort();
  const rows: { student: string; score: string; dir: string }[] = [];
  for (const student of students) {
    const dir = path.join(opts.out, student);
    const t0 = performance.now();
    const results = await grade({
      kitRoot: opts.kitRoot,
      catalog,
      submission: path.join(classDir, student),
      out: dir,
      student,
      lang: opts.lang,
      seed: studentSeed(DEMO_SECRET, student),
      limits: { callMs: 2_000, totalMs: 20_000 },
    });
    const row = { student, score: `${formatMilli(results.final_milli)}/${formatMilli(results.max_milli)}`, dir };
    rows.push(row);
    log(`${student.padEnd(24)} ${row.score.padStart(8)}   ${((performance.now() - t0) / 1000).toFixed(1)} s   ${path.relative(process.cwd(), path.join(dir, 'feedback.html'))}`);
  }
  return rows;
}
