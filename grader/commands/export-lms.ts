/**
 * `gatelab export canvas` and `gatelab export moodle`: parse, write the file, print where it went
 * and every warning (students the LMS cannot match). The exporters are loaded on use, like the
 * other exports.
 */
import { Option, type Command } from 'commander';
import path from 'node:path';
import { EXIT } from '../shared/errors';
import { loadKitModule } from '../shared/kit';
import type { Lang } from '../shared/results';
import { langOption } from './options';

export interface LmsExportCommandOptions {
  lms: 'canvas' | 'moodle';
  kitRoot: string;
  reports: string;
  roster: string;
  out: string;
  assignment?: string;
  /** Moodle only. */
  identifier?: 'email' | 'idnumber';
  /** Moodle only: the language of the feedback column. */
  lang?: Lang;
}

export async function lmsExportCommand(o: LmsExportCommandOptions): Promise<number> {
  const exporters = await loadKitModule<typeof import('../export')>(path.join(__dirname, '..', 'export', 'index.ts'));
  const options = { reports: o.reports, kitRoot: o.kitRoot, roster: o.roster, out: o.out, assignment: o.assignment };
  const r =
    o.lms === 'canvas'
      ? exporters.exportCanvas(options)
      : exporters.exportMoodle({ ...options, identifier: o.identifier, lang: o.lang });
  for (const w of r.warnings) console.error(`warning: ${w}`);
  console.log(`wrote ${r.file} (${r.students} students)`);
  return EXIT.ok;
}

export function defineLmsExportCommands(exportCmd: Command, kit: () => string): void {
  for (const lms of ['canvas', 'moodle'] as const) {
    const command = exportCmd
      .command(lms)
      .description(
        lms === 'canvas'
          ? "Canvas's gradebook import CSV: Student, ID, SIS User ID, SIS Login ID, Section, the assignment, and Points Possible"
          : "Moodle's grade import CSV: the students' email (or ID number), the grade and the feedback",
      )
      .argument('<reports>', 'the --out folder of grade-all')
      .requiredOption(
        '--roster <csv>',
        'the class roster, with the LMS identifiers (email, sis_id, sis_login_id, section)',
      )
      .requiredOption('--out <file>', 'the CSV file to write')
      .option('--assignment <name>', "the assignment's column name (default: the course title)");
    if (lms === 'moodle') {
      command
        .addOption(
          new Option('--identifier <field>', 'how Moodle identifies users')
            .choices(['email', 'idnumber'])
            .default('email'),
        )
        .addOption(langOption('language of the feedback column'));
    }
    command.action(async (reports: string, o: Omit<LmsExportCommandOptions, 'lms' | 'kitRoot' | 'reports'>) => {
      await lmsExportCommand({ ...o, lms, reports, kitRoot: kit() });
    });
  }
}
