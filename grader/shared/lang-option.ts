/**
 * The one `--lang` option of every command, teacher's and student's: the student kit takes it from here without
 * the teacher's command modules (which pull in the class outputs and their packages).
 */
import { Option } from 'commander';

export const langOption = (help = 'language of messages and reports') => new Option('--lang <lang>', help).choices(['en', 'ru']);

/** The student kit's `--lang`: without a language the course's own is used. */
export const studentLangOption = () => langOption('language of messages (default: the course language in course.json)');
