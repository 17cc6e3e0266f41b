/**
 * Step 3b (grade only): for an exercise that builds on another (05 runs the student's own 03 cell), a second staging
 * folder in which the student's compiled code of that exercise runs on the reference modules of the exercises it
 * requires. COURSE.md: 05 uses the student's 03 cell, or the reference one if theirs fails. The suites decide per
 * student which of the two to call (grader/forecast/cell.ts); this step only builds the folder.
 *
 * The folder is separate from the submission's staging on purpose: a sandbox may read all of its root, so the
 * reference cell must never sit where the student's own 03 code runs (it could load it and pass 03). In this folder
 * only the dependent exercise's code runs, and nothing it does there counts for the required exercise.
 */
import { transform } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog, type Catalog } from '../shared/catalog';

/** Exercise id → the folder where its student code runs on the reference modules of what it requires. */
export type ReferenceStaging = Record<string, string>;

/** A reference module's code, by its source and name: the same for every student, so transpiled once per process. */
const referenceCode = new Map<string, Promise<string>>();
function transpiled(source: string, sourcefile: string): Promise<string> {
  const key = `${sourcefile}\0${source}`;
  let code = referenceCode.get(key);
  if (code === undefined) {
    code = transform(source, { loader: 'ts', format: 'cjs', target: 'node20', sourcefile, logLevel: 'silent' }).then(
      (out) => out.code,
    );
    code.catch(() => referenceCode.delete(key));
    referenceCode.set(key, code);
  }
  return code;
}

export async function prepareReferenceCells(opts: {
  kitRoot: string;
  catalog: Catalog;
  staging: string;
  into: string;
}): Promise<ReferenceStaging> {
  const { kitRoot, catalog, staging, into } = opts;
  const out: ReferenceStaging = {};
  for (const exercise of catalog.exercises) {
    const requires = exercise.requires ?? [];
    const sources = requires.map((id) => path.join(kitRoot, 'solutions', id));
    // Only the teacher's repository (and the Gradescope bundle) has solutions/; a student kit never does.
    if (
      requires.length === 0 ||
      !sources.every((dir) => existsSync(dir)) ||
      !existsSync(path.join(staging, exercise.id))
    )
      continue;
    const root = path.join(into, exercise.id);
    mkdirSync(path.join(root, 'lib'), { recursive: true });
    copyFileSync(path.join(staging, 'runner.js'), path.join(root, 'runner.js'));
    copyFileSync(path.join(staging, 'lib', 'matrix.js'), path.join(root, 'lib', 'matrix.js'));
    mkdirSync(path.join(root, exercise.id));
    for (const name of readdirSync(path.join(staging, exercise.id))) {
      copyFileSync(path.join(staging, exercise.id, name), path.join(root, exercise.id, name));
    }
    for (const id of requires) {
      // The catalog may be cut to the dependent exercise alone (validate 05): the required one's modules come from the
      // whole course.json then.
      const spec =
        catalog.exercises.find((e) => e.id === id) ?? loadCatalog(kitRoot).exercises.find((e) => e.id === id);
      mkdirSync(path.join(root, id));
      for (const file of spec?.modules ?? []) {
        const source = readFileSync(path.join(kitRoot, 'solutions', id, file), 'utf8');
        writeFileSync(path.join(root, id, file.replace(/\.ts$/, '.js')), await transpiled(source, `${id}/${file}`));
      }
    }
    out[exercise.id] = root;
  }
  return out;
}
