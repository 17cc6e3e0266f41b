/**
 * The student's verbs (check, watch, hint, submit), registered on a commander program. Both the
 * teacher's `gatelab` (grader/cli.ts) and the student kit's (grader/student/cli.ts) use this, so the
 * commands read and behave the same in the repository and in a released kit.
 */
import { Option, type Command } from 'commander';
import path from 'node:path';
import { loadCatalog } from '../shared/catalog';
import { checkWork } from './checker';
import { EXIT } from '../shared/errors';
import { checkJson, checkMarkdown } from './check-formats';
import { loadKitModule } from '../shared/kit';
import type { Lang } from '../shared/results';
import { studentLangOption as langOption } from '../shared/lang-option';
import { text } from '../shared/messages';

// Loaded on use, so that `check`, the command students run most, does not load git and tar.
const hints = () => loadKitModule<typeof import('./hints')>(path.join(__dirname, 'hints.ts'));
const submitModule = () => loadKitModule<typeof import('./submit')>(path.join(__dirname, 'submit.ts'));
const watchModule = () => loadKitModule<typeof import('./watch')>(path.join(__dirname, 'watch.ts'));

export interface StudentCommandContext {
  /** The kit root (the folder with course.json). */
  kit: () => string;
  setCode: (code: number) => void;
}

export function registerStudentCommands(program: Command, ctx: StudentCommandContext): void {
  defineCheck(program, ctx);
  defineWatch(program, ctx);
  defineHint(program, ctx);
  defineSubmit(program, ctx);
}

/** A verb about one exercise, named as students name it (02-forget-gate or 02), with the language option. */
function exerciseVerb(program: Command, name: string, description: string, exerciseHelp: string): Command {
  return program.command(name).description(description).argument('[exercise]', exerciseHelp).addOption(langOption());
}

function defineCheck(program: Command, ctx: StudentCommandContext): void {
  exerciseVerb(
    program,
    'check',
    'run the public checks on your own work and show your progress',
    'one exercise in detail, e.g. 02-forget-gate or 02',
  )
    .addOption(
      new Option('--format <format>', 'text for people; markdown or json for CI summaries and tools')
        .choices(['text', 'markdown', 'json'])
        .default('text'),
    )
    .action(async (exercise: string | undefined, o: { lang?: Lang; format: 'text' | 'markdown' | 'json' }) => {
      const report = await checkWork({ kitRoot: ctx.kit(), exercise, lang: o.lang });
      if (o.format === 'markdown')
        console.log(checkMarkdown(report.scored, o.lang ?? loadCatalog(ctx.kit()).defaultLanguage));
      else if (o.format === 'json') console.log(checkJson(report.scored, report.allPassed));
      else console.log(report.lines.join('\n'));
      ctx.setCode(report.allPassed ? EXIT.ok : EXIT.failedChecks);
    });
}

function defineWatch(program: Command, ctx: StudentCommandContext): void {
  exerciseVerb(
    program,
    'watch',
    'check again on every save: progress, the first failure and its hint (Ctrl-C to quit)',
    'the exercise to show first, e.g. 03 (default: the first one not solved yet)',
  ).action(async (exercise: string | undefined, o: { lang?: Lang }) => {
    const kitRoot = ctx.kit();
    const lang = o.lang ?? loadCatalog(kitRoot).defaultLanguage;
    const { watch, untilInterrupted } = await watchModule();
    const interrupt = untilInterrupted();
    try {
      await watch({ kitRoot, exercise, lang, signal: interrupt.signal });
    } finally {
      interrupt.dispose();
    }
    console.log(`\n${text('student.watchBye')[lang]}`);
    // Whatever a killed run left behind must not keep the terminal waiting.
    setTimeout(() => process.exit(EXIT.ok), 2_000).unref();
    ctx.setCode(EXIT.ok);
  });
}

function defineHint(program: Command, ctx: StudentCommandContext): void {
  exerciseVerb(
    program,
    'hint',
    'the next, more specific hint for the first failing check (each call goes one level further)',
    'e.g. 02-forget-gate or 02 (default: the first exercise with a failing check)',
  ).action(async (exercise: string | undefined, o: { lang?: Lang }) => {
    const result = await (await hints()).nextHint({ kitRoot: ctx.kit(), exercise, lang: o.lang });
    console.log(result.lines.join('\n'));
    ctx.setCode(result.check ? EXIT.failedChecks : EXIT.ok);
  });
}

function defineSubmit(program: Command, ctx: StudentCommandContext): void {
  program
    .command('submit')
    .description(
      'check that your files exist and compile, write submission.json, then git commit and push (or pack a .tgz)',
    )
    .option('--student <id>', 'your id from the course roster (default: git config user.email, then user.name)')
    .option('--anyway', 'submit even if a file is missing or does not compile')
    .addOption(langOption())
    .action(async (o: { student?: string; anyway?: boolean; lang?: Lang }) => {
      const { submit, SubmissionRefused } = await submitModule();
      try {
        const result = await submit({ kitRoot: ctx.kit(), student: o.student, anyway: o.anyway, lang: o.lang });
        console.log(result.lines.join('\n'));
        ctx.setCode(result.ok ? EXIT.ok : EXIT.failedChecks);
      } catch (err) {
        if (!(err instanceof SubmissionRefused)) throw err;
        console.error(err.lines.join('\n'));
        ctx.setCode(EXIT.failedChecks);
      }
    });
}
