/**
 * The `gatelab` command: each verb is a plain async function in its own module; this file only
 * parses arguments, prints, and maps outcomes to exit codes (0 success, 1 failed checks, 2 bad input).
 */
import { Command, Option } from 'commander';
import path from 'node:path';
import { EXIT, runProgram, UsageError } from './errors';
import { kitRootOf, loadKitModule, packageVersion } from './kit';
import type { Lang } from './results';
import { collect, numberFlag } from './collect';
import { demo } from './demo';
import { generate } from './generate';
import { grade } from './grade';
import { gradeAll } from './grade-all';
import { formatMilli } from './points';
import { readSecret, studentSeed } from './seed';
import { report } from './report-cmd';
import { checkOutDir } from './grade/out-dir';
import { LayerNameError, parseAcceptance, startupLines, type Acceptance } from './sandbox';
import type { Results } from './results';
import { registerStudentCommands } from './student/commands';
import { validate } from './validate';

const langOption = () => new Option('--lang <lang>', 'language of messages and reports').choices(['en', 'ru']);
const weakOption = () =>
  new Option('--allow-weak-sandbox <layers>', 'run student code even without these sandbox layers (user,pid,net,memory,permission,pdeathsig or all); every report says which were missing').argParser(
    (v: string): Acceptance => {
      try {
        return parseAcceptance(v);
      } catch (err) {
        if (err instanceof LayerNameError) throw new UsageError(`--allow-weak-sandbox: ${err.message}`);
        throw err;
      }
    },
  );

/** Fail closed, said aloud: which layers are in force, and for a missing one the command that enables it. */
async function printSandbox(allowWeak: Acceptance): Promise<void> {
  for (const line of await startupLines(allowWeak)) console.log(line);
}

function notRunLine(r: Results): string | null {
  return r.sandbox && !r.sandbox.ran ? `${r.student}: NOT RUN: the sandbox lacks ${r.sandbox.refused.join(', ')} (see results.json "sandbox"; --allow-weak-sandbox accepts it)` : null;
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('gatelab')
    .description('Coursework kit for gated recurrent networks: exercises, sandboxed grading, bilingual feedback')
    .version(packageVersion())
    .option('--kit <dir>', 'the kit root (the folder with course.json); default: this package')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let code: number = EXIT.ok;
  const kit = () => kitRootOf(program.opts<{ kit?: string }>().kit);

  program
    .command('grade')
    .description('grade one submission: results.json, feedback.md and feedback.html in --out')
    .argument('<submission>', "a student's kit folder or its exercises/ folder")
    .requiredOption('--out <dir>', 'where to write the results and reports')
    .option('--student <id>', 'student id (default: the submission folder name)')
    .addOption(langOption())
    .option('--secret-file <file>', 'file with the course secret (default: $GATELAB_SECRET)')
    .option('--submitted-at <iso-time>', 'when the work was submitted, for the late policy')
    .addOption(weakOption())
    .action(async (submission: string, o: { out: string; student?: string; lang?: Lang; secretFile?: string; submittedAt?: string; allowWeakSandbox?: Acceptance }) => {
      const student = o.student ?? path.basename(path.resolve(submission));
      if (o.submittedAt && Number.isNaN(Date.parse(o.submittedAt))) {
        throw new UsageError(`--submitted-at "${o.submittedAt}" is not a date-time; write it like 2026-12-20T23:59:00+03:00`);
      }
      const seed = studentSeed(readSecret({ secretFile: o.secretFile }), student);
      const allowWeak = o.allowWeakSandbox ?? [];
      checkOutDir(o.out, [{ label: 'the submission', dir: submission }]);
      await printSandbox(allowWeak);
      const results = await grade({ kitRoot: kit(), submission, out: o.out, student, lang: o.lang, seed, submittedAt: o.submittedAt ?? null, allowWeak });
      const notRun = notRunLine(results);
      if (notRun) console.log(notRun);
      console.log(`${student}: ${formatMilli(results.final_milli)}/${formatMilli(results.max_milli)} → ${path.join(o.out, 'feedback.html')}`);
    });

  program
    .command('generate')
    .description('regenerate student stubs, public fixtures and the manifest from solutions/')
    .argument('[exercises...]', 'only these exercises (default: all)')
    .option('--check', 'write nothing; exit 1 if the committed files differ from what would be generated')
    .action(async (only: string[], o: { check?: boolean }) => {
      const { written, drifted } = await generate({ kitRoot: kit(), check: o.check, only: only.length ? only : undefined });
      if (o.check) {
        if (drifted.length) {
          console.error(`out of date (run gatelab generate): ${drifted.join(', ')}`);
          code = EXIT.failedChecks;
        } else console.log('generated files are up to date');
      } else console.log(written.length ? `wrote ${written.join(', ')}` : 'nothing to write: all generated files are up to date');
    });

  program
    .command('validate')
    .description('prove every exercise: the reference earns full marks and the untouched stub earns zero')
    .argument('[exercises...]', 'only these exercises (default: all)')
    .action(async (only: string[]) => {
      const { violations, reference, stub } = await validate({ kitRoot: kit(), only: only.length ? only : undefined });
      console.log(`reference ${formatMilli(reference.raw_milli)}/${formatMilli(reference.max_milli)}, stub ${formatMilli(stub.raw_milli)}/${formatMilli(stub.max_milli)}`);
      for (const v of violations) console.error(`✗ ${v.exercise} › ${v.check}: ${v.rule}: ${v.detail}`);
      code = violations.length ? EXIT.failedChecks : EXIT.ok;
    });

  program
    .command('collect')
    .description("copy each student's last commit before the deadline from their git repository into --into/<id>/, with a manifest")
    .requiredOption('--roster <csv>', 'CSV file with the columns id,name,repo and optionally extension_days')
    .requiredOption('--deadline <iso-time>', 'the course deadline, with a time zone, e.g. 2026-12-20T23:59:00+03:00')
    .requiredOption('--into <dir>', 'where to write one folder per student, the git cache (.repos/) and manifest.json')
    .option('--late-window <days>', 'days after a deadline in which the last commit is still taken, marked late (default: 0)')
    .option('--jobs <n>', 'repositories fetched at the same time (default: 4)')
    .action(async (o: { roster: string; deadline: string; into: string; lateWindow?: string; jobs?: string }) => {
      const { manifest, manifestFile } = await collect({
        roster: o.roster,
        deadline: o.deadline,
        into: o.into,
        lateWindowDays: numberFlag('--late-window', o.lateWindow),
        jobs: numberFlag('--jobs', o.jobs),
        onStudent: (s) => console.log(`${s.id}: ${s.status}${s.commit ? ` ${s.commit.slice(0, 7)} (${s.commit_time})` : ''}${s.message ? ` — ${s.message}` : ''}`),
      });
      const taken = manifest.students.filter((s) => s.status === 'collected' || s.status === 'late').length;
      console.log(`collected ${taken} of ${manifest.students.length} students → ${manifestFile}`);
    });

  program
    .command('grade-all')
    .description('grade every submission in a folder (one sub-folder per student), in parallel, resumable')
    .argument('<submissions>', 'folder with one sub-folder per student (as written by gatelab collect)')
    .requiredOption('--out <dir>', 'where to write every student\'s reports and the class outputs')
    .option('--jobs <n>', 'suite files run in parallel (default: one per core)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs "${v}" is not a positive whole number; write e.g. --jobs 2`);
      return n;
    })
    .option('--force', 'regrade students whose submission and kit are unchanged')
    .addOption(langOption())
    .option('--secret-file <file>', 'file with the course secret (default: $GATELAB_SECRET)')
    .addOption(weakOption())
    .action(async (submissions: string, o: { out: string; jobs?: number; force?: boolean; lang?: Lang; secretFile?: string; allowWeakSandbox?: Acceptance }) => {
      const secret = readSecret({ secretFile: o.secretFile });
      const allowWeak = o.allowWeakSandbox ?? [];
      checkOutDir(o.out, [{ label: 'the submissions folder', dir: submissions }]);
      await printSandbox(allowWeak);
      const summary = await gradeAll({ kitRoot: kit(), submissions, out: o.out, secret, jobs: o.jobs, force: o.force, lang: o.lang, allowWeak });
      const skipped = summary.skipped.length ? `, ${summary.skipped.length} unchanged and skipped` : '';
      console.log(`graded ${summary.graded.length}${skipped}, ${summary.failed.length} could not be graded, in ${summary.seconds.toFixed(1)} s`);
      console.log(`class report: ${summary.files.index}`);
      console.log(`grade book:   ${summary.files.gradebook}`);
    });

  program
    .command('report')
    .description("re-render every student's feedback and the class outputs with the TA's manual.json files")
    .argument('<reports>', 'the --out folder of grade-all')
    .addOption(langOption())
    .action(async (reports: string, o: { lang?: Lang }) => {
      const summary = await report({ reports, kitRoot: kit(), lang: o.lang });
      console.log(`updated ${summary.updated.length} of ${summary.rows.length} students; class report: ${summary.files.index}`);
    });

  program
    .command('demo')
    .description('grade the bundled example class and print where the reports are')
    .option('--out <dir>', 'where to write the reports', 'out/demo')
    .option('--force', 'regrade even what is unchanged since the last run')
    .addOption(langOption())
    .action(async (o: { out: string; lang?: Lang; force?: boolean }) => {
      console.log(`Grading the example class in ${path.join(kit(), 'examples', 'class')} …`);
      const summary = await demo({ kitRoot: kit(), out: path.resolve(o.out), lang: o.lang, force: o.force });
      console.log(`\nClass report: ${summary.files.index}`);
      console.log(`Each student: ${path.resolve(o.out)}/<student>/feedback.html (and feedback.md, results.json)`);
    });

  // check, watch, hint and submit: the same commands as in the student kit.
  registerStudentCommands(program, {
    kit,
    setCode: (c) => {
      code = c;
    },
  });

  program
    .command('release')
    .description('the student kit: a folder and <dir>.tgz, without reference code, hidden suites, course secret or held-out data')
    .requiredOption('--out <dir>', 'the folder to write the kit into (the .tgz goes next to it)')
    .option('--force', 'overwrite the --out folder when it is not empty')
    .option('--secret-file <file>', 'the course secret, to prove the kit does not contain it (default: $GATELAB_SECRET, if set)')
    .action(async (o: { out: string; force?: boolean; secretFile?: string }) => {
      const { release } = await loadKitModule<typeof import('./release')>(path.join(__dirname, 'release', 'index.ts'));
      const secret = o.secretFile || process.env.GATELAB_SECRET ? readSecret({ secretFile: o.secretFile }) : null;
      const r = await release({ kitRoot: kit(), out: o.out, force: o.force, secret });
      for (const line of r.lines) console.log(line);
      code = r.leaks.length ? EXIT.failedChecks : EXIT.ok;
    });

  // Loaded on use: the zip library is not worth loading for every student's check.
  const exporters = () => loadKitModule<typeof import('./export')>(path.join(__dirname, 'export', 'index.ts'));
  const exportCmd = program.command('export').description('the course on platforms beyond one machine: Gradescope, GitHub Classroom');
  exportCmd
    .command('gradescope')
    .description('a Gradescope autograder zip (teacher-only: it holds the hidden suites and the course secret)')
    .requiredOption('--out <file>', 'the zip to write, e.g. autograder.zip')
    .option('--secret-file <file>', 'file with the course secret (default: $GATELAB_SECRET)')
    .addOption(langOption())
    .addOption(new Option('--student-id <field>', "which field of Gradescope's user record is the student id").choices(['email', 'sid', 'id']).default('email'))
    .action(async (o: { out: string; secretFile?: string; lang?: Lang; studentId: 'email' | 'sid' | 'id' }) => {
      const secret = readSecret({ secretFile: o.secretFile });
      const { exportGradescope } = await exporters();
      const r = exportGradescope({ kitRoot: kit(), out: o.out, secret, lang: o.lang, studentId: o.studentId });
      for (const s of r.skipped) console.error(`left out (not a regular file): ${s}`);
      console.log(`wrote ${r.file} (${r.entries.length} files). It holds the course secret: keep it teacher-only.`);
    });
  exportCmd
    .command('github-classroom')
    .description("a workflow for the students' repositories (public checks on every push) and TEACHER.md")
    .requiredOption('--out <dir>', 'where to write .github/workflows/gatelab.yml and TEACHER.md')
    .addOption(langOption())
    .action(async (o: { out: string; lang?: Lang }) => {
      const { exportGithubClassroom } = await exporters();
      const r = exportGithubClassroom({ kitRoot: kit(), out: o.out, lang: o.lang });
      console.log(`wrote ${r.files.join(', ')}; copy .github/ into the student kit, and read TEACHER.md`);
    });

  return runProgram(program, argv, () => code);
}
