/**
 * The `--lang` option, defined once for the commands of both programs: the teacher's (through commands/options.ts)
 * and the student kit's (student/commands.ts), which must not import the teacher's commands (the kit ships what its
 * verbs import).
 */
import { Option } from 'commander';
import { LANGS } from './results';

/** `--lang en|ru`; the student kit's verbs pass their own help text. */
export const langOption = (help = 'language of messages and reports') =>
  new Option('--lang <lang>', help).choices([...LANGS]);

/** The student kit's `--lang`: without a language the course's own is used. */
export const studentLangOption = () => langOption('language of messages (default: the course language in course.json)');
