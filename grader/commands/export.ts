/**
 * `gatelab export <platform>`: the course on platforms beyond one machine. Gradescope and GitHub
 * Classroom are here; Canvas and Moodle in export-lms.ts; GitHub Actions and Kubernetes (sharded grading) in
 * export-sharded.ts. The exporters are loaded on use: the zip library is not worth loading for every student's
 * check.
 */
import { Option, type Command } from 'commander';
import path from 'node:path';
import { EXIT } from '../shared/errors';
import { loadKitModule } from '../shared/kit';
import type { Lang } from '../shared/results';
import type { Acceptance } from '../sandbox';
import { readSecret } from '../shared/seed';
import { defineLmsExportCommands } from './export-lms';
import { defineShardedExportCommands } from './export-sharded';
import { langOption, weakOption, type CommandContext } from './options';

const exporters = () => loadKitModule<typeof import('../export')>(path.join(__dirname, '..', 'export', 'index.ts'));

export interface GradescopeExportCommandOptions {
  kitRoot: string;
  out: string;
  secretFile?: string;
  lang?: Lang;
  studentId: 'email' | 'sid' | 'id';
  allowWeakSandbox?: Acceptance;
}

export async function gradescopeExportCommand(o: GradescopeExportCommandOptions): Promise<number> {
  const secret = readSecret({ secretFile: o.secretFile });
  const { exportGradescope } = await exporters();
  const r = exportGradescope({
    kitRoot: o.kitRoot,
    out: o.out,
    secret,
    lang: o.lang,
    studentId: o.studentId,
    allowWeak: o.allowWeakSandbox,
  });
  for (const s of r.skipped) console.error(`left out (not a regular file): ${s}`);
  console.log(`wrote ${r.file} (${r.entries.length} files). It holds the course secret: keep it teacher-only.`);
  return EXIT.ok;
}

export interface ClassroomExportCommandOptions {
  kitRoot: string;
  out: string;
  lang?: Lang;
}

export async function classroomExportCommand(o: ClassroomExportCommandOptions): Promise<number> {
  const { exportGithubClassroom } = await exporters();
  const r = exportGithubClassroom({ kitRoot: o.kitRoot, out: o.out, lang: o.lang });
  console.log(`wrote ${r.files.join(', ')}; copy .github/ into the student kit, and read TEACHER.md`);
  return EXIT.ok;
}

export function defineExportCommand(program: Command, ctx: CommandContext): Command {
  const exportCmd = program
    .command('export')
    .description(
      'the course on platforms beyond one machine: Gradescope, GitHub Classroom, Canvas, Moodle, GitHub Actions, Kubernetes',
    );
  exportCmd
    .command('gradescope')
    .description('a Gradescope autograder zip (teacher-only: it holds the hidden suites and the course secret)')
    .requiredOption('--out <file>', 'the zip to write, e.g. autograder.zip')
    .option('--secret-file <file>', 'file with the course secret (default: $GATELAB_SECRET)')
    .addOption(langOption())
    .addOption(
      new Option('--student-id <field>', "which field of Gradescope's user record is the student id")
        .choices(['email', 'sid', 'id'])
        .default('email'),
    )
    .addOption(weakOption())
    .action(async (o: Omit<GradescopeExportCommandOptions, 'kitRoot'>) => {
      ctx.setCode(await gradescopeExportCommand({ ...o, kitRoot: ctx.kit() }));
    });
  exportCmd
    .command('github-classroom')
    .description(
      "a workflow for the students' repositories (public checks on every push, their points on the Classroom dashboard) and TEACHER.md",
    )
    .requiredOption('--out <dir>', 'where to write .github/workflows/gatelab.yml and TEACHER.md')
    .addOption(langOption())
    .action(async (o: Omit<ClassroomExportCommandOptions, 'kitRoot'>) => {
      ctx.setCode(await classroomExportCommand({ ...o, kitRoot: ctx.kit() }));
    });
  defineLmsExportCommands(exportCmd, ctx.kit);
  defineShardedExportCommands(exportCmd);
  return exportCmd;
}
