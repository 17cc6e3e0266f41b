/**
 * The `--out` folder of `grade` and `grade-all`, checked before anything is graded: a bad one is bad
 * input (one line, exit 2), never a stack trace halfway through a class, nor a hang writing into /proc.
 * Refused: a file, a folder the grader cannot write, a path under /proc or /sys (also through a link),
 * and a folder inside what is being graded (results there would be read back as student files).
 */
import { accessSync, constants, lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../shared/errors';

const SYSTEM = ['/proc', '/sys'];

const inside = (child: string, parent: string): boolean =>
  child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/** The real path of `p`: its deepest existing ancestor resolved through links, with the rest appended. */
function realPathOf(p: string): { real: string; existing: string } {
  let existing = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      lstatSync(existing);
      break;
    } catch {
      rest.unshift(path.basename(existing));
      const parent = path.dirname(existing);
      if (parent === existing) break;
      existing = parent;
    }
  }
  const base = realpathSync(existing);
  return { real: path.join(base, ...rest), existing: base };
}

/**
 * Checks `out` (as the teacher typed it) and returns it resolved. `within` names what is graded (the
 * submission, or the submissions folder): `out` may not lie inside it.
 */
export function checkOutDir(out: string, within: { label: string; dir: string }[] = []): string {
  const hint = 'choose a folder of your own, e.g. --out out/grades';
  const { real, existing } = realPathOf(out);
  const system = SYSTEM.find((s) => inside(real, s));
  if (system)
    throw new UsageError(`--out ${out}: is under ${system}, a system folder nothing may be written to; ${hint}`);
  for (const w of within) {
    const dir = realPathOf(w.dir).real;
    if (inside(real, dir))
      throw new UsageError(
        `--out ${out}: is inside ${w.label} ${w.dir}; results there would be mixed with what is graded; ${hint} outside it`,
      );
  }
  if (real === existing && !statSync(real).isDirectory())
    throw new UsageError(`--out ${out}: is a file, not a folder; ${hint}`);
  if (real !== existing && !statSync(existing).isDirectory()) {
    throw new UsageError(`--out ${out}: ${existing} is a file, so no folder can be made under it; ${hint}`);
  }
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EACCES';
    throw new UsageError(
      `--out ${out}: the grader cannot write in ${existing} (${code}); ${hint}, or fix its permissions`,
    );
  }
  return path.resolve(out);
}
