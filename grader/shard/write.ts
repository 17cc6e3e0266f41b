/**
 * What a shard leaves for `gatelab merge`, written after its students are graded: each student's graded sources
 * (`<id>/similarity-sources.json`, exactly what similarity compares, so the merge finds the pairs across shards that
 * one run over the whole class would find) and shard.json, the shard's description.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { StudentEntry } from '../shared/student-entry';
import { writeFileAtomicSync } from '../shared/atomic';
import type { Catalog } from '../shared/catalog';
import { secretFingerprint } from '../shared/seed';
import { studentSources } from '../similarity/sources';
import {
  classIdsHash,
  kitIdentity,
  SHARD_FILE,
  SOURCES_FILE,
  type ShardDescription,
  type ShardSettings,
} from './description';
import type { ShardSpec } from './select';

/** One student's sources as the shard stores them: the student is the folder they are in. */
export interface StoredSources {
  files: { exercise: string; file: string; text: string }[];
}

export interface WriteShardOptions {
  out: string;
  kitRoot: string;
  /** grade-all's kitFingerprint of the kit. */
  kit: string;
  catalog: Catalog;
  secret: string;
  shard: ShardSpec;
  /** Every student discovered in the submissions folder, and the shard's part of them. */
  everyone: readonly StudentEntry[];
  students: readonly StudentEntry[];
  settings: ShardSettings;
}

/** Writes the students' sources, then shard.json (last: a shard without it is not finished). Returns its path. */
export function writeShard(opts: WriteShardOptions): string {
  for (const student of opts.students) {
    if (!student.dir) continue;
    const dir = path.join(opts.out, student.id);
    mkdirSync(dir, { recursive: true });
    const stored: StoredSources = {
      files: studentSources(opts.catalog, student).map(({ exercise, file, text }) => ({ exercise, file, text })),
    };
    writeFileAtomicSync(path.join(dir, SOURCES_FILE), JSON.stringify(stored) + '\n');
  }
  const description: ShardDescription = {
    format: 1,
    shard: opts.shard,
    kit: kitIdentity(opts.kitRoot, opts.kit),
    secret: secretFingerprint(opts.secret),
    settings: opts.settings,
    class: { students: opts.everyone.length, ids: classIdsHash(opts.everyone.map((s) => s.id)) },
    students: [...opts.students],
    written_at: new Date().toISOString(),
  };
  const file = path.join(opts.out, SHARD_FILE);
  writeFileAtomicSync(file, JSON.stringify(description, null, 1) + '\n');
  return file;
}
