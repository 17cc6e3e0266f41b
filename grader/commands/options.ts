/**
 * What several commands share: the context a command is registered with, the `--lang` option (shared/lang-option.ts,
 * which the student kit's verbs use too) and the `--allow-weak-sandbox` one (defined here once), the sandbox lines
 * printed before grading, and the lines that end grade-all and merge.
 */
import { Option } from 'commander';
import type { ClassSummary } from '../class-outputs';
import { attentionLines } from '../class-outputs/attention';
import { UsageError } from '../shared/errors';
import { readSecret } from '../shared/seed';
import { checkOutDir } from '../grade/out-dir';
import { LayerNameError, parseAcceptance, startupLines, type Acceptance } from '../sandbox';

export { numberFlag } from '../collect/options';
export { langOption } from '../shared/lang-option';

/** How a command reaches the program: the kit root (read when the command runs) and its exit code. */
export interface CommandContext {
  /** The kit root (the folder with course.json). */
  kit: () => string;
  setCode: (code: number) => void;
}

/** `--allow-weak-sandbox <layers>`: a bad layer name is a one-line UsageError. */
export const weakOption = () =>
  new Option(
    '--allow-weak-sandbox <layers>',
    'run student code even without these sandbox layers (user,pid,net,memory,permission,pdeathsig or all); every report says which were missing',
  ).argParser((v: string): Acceptance => {
    try {
      return parseAcceptance(v);
    } catch (err) {
      if (err instanceof LayerNameError) throw new UsageError(`--allow-weak-sandbox: ${err.message}`);
      throw err;
    }
  });

/** `--out <dir>` of the commands that write a class's reports (grade-all, merge): the same folder layout. */
export const classOutOption = () =>
  new Option('--out <dir>', "where to write every student's reports and the class outputs").makeOptionMandatory();

/**
 * What grade and grade-all do before grading, in this order: read the course secret, check that the out folder is
 * not the input (or inside it), and say which sandbox layers are in force. Returns the secret and the accepted
 * missing layers.
 */
export async function beforeGrading(
  o: { secretFile?: string; allowWeakSandbox?: Acceptance; out: string },
  input: { label: string; dir: string },
): Promise<{ secret: string; allowWeak: Acceptance }> {
  const secret = readSecret({ secretFile: o.secretFile });
  const allowWeak = o.allowWeakSandbox ?? [];
  checkOutDir(o.out, [input]);
  await printSandbox(allowWeak);
  return { secret, allowWeak };
}

/** Fail closed, said aloud: which layers are in force, and for a missing one the command that enables it. */
export async function printSandbox(allowWeak: Acceptance): Promise<void> {
  for (const line of await startupLines(allowWeak)) console.log(line);
}

/** Where the class outputs are, then one line for each student who needs a look (missing, errored, late, …). */
export function printClassOutputs(summary: ClassSummary): void {
  console.log(`class report: ${summary.files.index}`);
  console.log(`grade book:   ${summary.files.gradebook}`);
  for (const line of attentionLines(summary.rows)) console.log(line);
}
