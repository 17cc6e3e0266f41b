/**
 * `gatelab grade <submission>`: grades one submission into --out and prints the score, and a
 * NOT RUN line when the sandbox refused to run the student's code.
 */
import type { Command } from 'commander';
import path from 'node:path';
import { EXIT, UsageError } from '../shared/errors';
import { grade } from '../grade';
import { formatMilli } from '../shared/points';
import type { Lang, Results } from '../shared/results';
import type { Acceptance } from '../sandbox';
import { studentSeed } from '../shared/seed';
import { beforeGrading, langOption, weakOption, type CommandContext } from './options';

export interface GradeCommandOptions {
  kitRoot: string;
  submission: string;
  out: string;
  student?: string;
  lang?: Lang;
  secretFile?: string;
  submittedAt?: string;
  allowWeakSandbox?: Acceptance;
}

/** The line that says a student's code did not run, or null when it ran. */
export function notRunLine(r: Results): string | null {
  return r.sandbox && !r.sandbox.ran
    ? `${r.student}: NOT RUN: the sandbox lacks ${r.sandbox.refused.join(', ')} (see results.json "sandbox"; --allow-weak-sandbox accepts it)`
    : null;
}

export async function gradeCommand(o: GradeCommandOptions): Promise<number> {
  const student = o.student ?? path.basename(path.resolve(o.submission));
  if (o.submittedAt && Number.isNaN(Date.parse(o.submittedAt))) {
    throw new UsageError(
      `--submitted-at "${o.submittedAt}" is not a date-time; write it like 2026-12-20T23:59:00+03:00`,
    );
  }
  const { secret, allowWeak } = await beforeGrading(o, { label: 'the submission', dir: o.submission });
  const seed = studentSeed(secret, student);
  const results = await grade({
    kitRoot: o.kitRoot,
    submission: o.submission,
    out: o.out,
    student,
    lang: o.lang,
    seed,
    submittedAt: o.submittedAt ?? null,
    allowWeak,
  });
  const notRun = notRunLine(results);
  if (notRun) console.log(notRun);
  console.log(
    `${student}: ${formatMilli(results.final_milli)}/${formatMilli(results.max_milli)} → ${path.join(o.out, 'feedback.html')}`,
  );
  return notRun ? EXIT.notRun : EXIT.ok;
}

export function defineGradeCommand(program: Command, ctx: CommandContext): Command {
  return program
    .command('grade')
    .description('grade one submission: results.json, feedback.md and feedback.html in --out')
    .argument('<submission>', "a student's kit folder or its exercises/ folder")
    .requiredOption('--out <dir>', 'where to write the results and reports')
    .option('--student <id>', 'student id (default: the submission folder name)')
    .addOption(langOption())
    .option('--secret-file <file>', 'file with the course secret (default: $GATELAB_SECRET)')
    .option('--submitted-at <iso-time>', 'when the work was submitted, for the late policy')
    .addOption(weakOption())
    .action(async (submission: string, o: Omit<GradeCommandOptions, 'kitRoot' | 'submission'>) => {
      ctx.setCode(await gradeCommand({ ...o, submission, kitRoot: ctx.kit() }));
    });
}
