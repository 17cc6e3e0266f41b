/**
 * `gatelab merge <shard>… --out <reports>`: the class outputs over every shard of a class graded with
 * `grade-all --shard i/n`, as one run over the whole class would write them. Each shard is checked first
 * (check.ts; nothing is written when one does not fit), then every student's folder is copied into the reports
 * folder, and gradebook.csv, stats.json, the similar pairs (compared over every shard's stored sources) and
 * index.html are built by the same code as grade-all's (class-outputs/), with the students in grade-all's order.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeClassOutputs, type ClassSummary } from '../class-outputs';
import { similarPairsOf } from '../class-outputs/similar';
import { checkOutDir } from '../grade/out-dir';
import { loadCatalog, type Catalog } from '../shared/catalog';
import { kitIdentity, readShard } from '../shard';
import { compareText } from '../similarity/submission';
import { checkShards, type ShardInput } from './check';
import { copyStudentFolder, readStoredSources } from './students';

export interface MergeOptions {
  /** The shard folders (each an --out of grade-all --shard i/n), in any order. */
  shards: string[];
  out: string;
  kitRoot: string;
  /** The catalog to build the outputs with (default: the kit's course.json); tests pass the part they graded. */
  catalog?: Catalog;
}

export interface MergeSummary extends ClassSummary {
  shards: number;
  students: number;
}

export async function merge(opts: MergeOptions): Promise<MergeSummary> {
  const catalog = opts.catalog ?? loadCatalog(opts.kitRoot);
  const shards: ShardInput[] = opts.shards.map((dir) => ({ dir, description: readShard(dir) }));
  checkShards(shards, kitIdentity(opts.kitRoot));
  const out = checkOutDir(
    opts.out,
    shards.map((s) => ({ label: 'the shard folder', dir: s.dir })),
  );
  const files = readStoredSources(shards);
  // discoverStudents's order (code units), so the grade book and the report list the class as one run would.
  const students = shards.flatMap((s) => s.description.students).sort((a, b) => compareText(a.id, b.id));

  mkdirSync(out, { recursive: true });
  for (const { dir, description } of shards) {
    for (const student of description.students)
      copyStudentFolder(path.join(dir, student.id), path.join(out, student.id));
  }
  const similar = similarPairsOf(opts.kitRoot, catalog, files);
  const summary = await writeClassOutputs({
    out,
    kitRoot: opts.kitRoot,
    catalog,
    students,
    lang: shards[0].description.settings.lang,
    similar,
  });
  return { ...summary, shards: shards.length, students: students.length };
}
