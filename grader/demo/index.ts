/**
 * `gatelab demo` (`npm run demo`): grades the bundled example class with grade-all so a newcomer
 * sees real reports after two commands. It uses a fixed demo secret; a real course sets
 * GATELAB_SECRET (or --secret-file) to its own.
 */
import path from 'node:path';
import { gradeAll, type GradeAllSummary } from '../grade-all';
import { formatMilli } from '../shared/points';
import type { Lang } from '../shared/results';

export const DEMO_SECRET = 'gatelab-demo-secret-not-for-real-courses';

export async function demo(opts: {
  kitRoot: string;
  out: string;
  lang?: Lang;
  force?: boolean;
  log?: (line: string) => void;
}): Promise<GradeAllSummary> {
  const log = opts.log ?? console.log;
  const summary = await gradeAll({
    kitRoot: opts.kitRoot,
    submissions: path.join(opts.kitRoot, 'examples', 'class'),
    out: opts.out,
    secret: DEMO_SECRET,
    lang: opts.lang,
    force: opts.force,
    limits: { callMs: 2_000, totalMs: 20_000 },
    // The bundled example class is the kit's own code: shown on any machine; each report says what layer was missing.
    allowWeak: 'all',
  });
  log('');
  for (const row of summary.rows) {
    const score = row.results ? `${formatMilli(row.results.final_milli)}/${formatMilli(row.maxMilli)}` : row.status;
    const where = row.results
      ? path.relative(process.cwd(), path.join(opts.out, row.id, 'feedback.html'))
      : (row.error ?? '');
    log(`${row.id.padEnd(28)} ${score.padStart(10)}   ${where}`);
  }
  const skipped = summary.skipped.length
    ? ` (${summary.skipped.length} unchanged since the last run, not regraded)`
    : '';
  log(`\ngraded ${summary.graded.length} submissions in ${summary.seconds.toFixed(1)} s${skipped}`);
  return summary;
}
