/**
 * shard.json, the description a shard leaves beside its students' folders (schema: grader/schemas/shard.schema.json):
 * which shard of which class it is, what it was graded with (the kit, course.json, a fingerprint of the secret, the
 * settings) and its students as grade-all discovered them. `gatelab merge` reads it back here and compares.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { StudentEntry } from '../shared/student-entry';
import { kitFingerprint } from '../submission/input-hash';
import type { Acceptance, SandboxLimits } from '../sandbox';
import { UsageError } from '../shared/errors';
import { packageVersion } from '../shared/kit';
import { loadManifest, sha256 } from '../shared/manifest';
import type { Lang } from '../shared/results';
import { compileSchema, firstSchemaError } from '../schemas';
import type { ShardSpec } from './select';

export const SHARD_FILE = 'shard.json';
/** Per student (`<shard>/<id>/`): the sources similarity compares, for the merge to compare across shards. */
export const SOURCES_FILE = 'similarity-sources.json';

/** What a shard was graded with; `files` is grade-all's kitFingerprint (course.json, solutions, suites, grader, templates). */
export interface KitIdentity {
  /** The kit's version and gatelab's, as results.json's kit_version writes them. */
  version: string;
  /** SHA-256 of exercises/manifest.json. */
  manifest: string;
  /** SHA-256 of course.json as it is on disk. */
  course: string;
  files: string;
}

export interface ShardSettings {
  lang: Lang;
  limits: SandboxLimits;
  allowWeak: Acceptance;
}

export interface ShardDescription {
  format: 1;
  shard: ShardSpec;
  kit: KitIdentity;
  /** HMAC(secret, 'gatelab:shard') (shared/seed.ts secretFingerprint). */
  secret: string;
  settings: ShardSettings;
  /** The whole class the shard was chosen from: its size and the SHA-256 of its ids (classIdsHash). */
  class: { students: number; ids: string };
  students: StudentEntry[];
  written_at: string;
}

/** The kit at `kitRoot`; `files` may be passed when the caller has computed it already (grade-all has). */
export function kitIdentity(kitRoot: string, files = kitFingerprint(kitRoot)): KitIdentity {
  return {
    version: `${loadManifest(kitRoot).kitVersion}+gatelab.${packageVersion()}`,
    manifest: sha256(readFileSync(path.join(kitRoot, 'exercises', 'manifest.json'))),
    course: sha256(readFileSync(path.join(kitRoot, 'course.json'))),
    files,
  };
}

/** Code-unit order, as discoverStudents sorts: the same class gives the same hash on every machine. */
export function classIdsHash(ids: readonly string[]): string {
  return sha256([...ids].sort().join('\n'));
}

const validateShard = compileSchema<ShardDescription>('shard.schema.json');

/** A shard folder's description; a folder that is not a shard is a one-line UsageError naming it. */
export function readShard(dir: string): ShardDescription {
  const file = path.join(dir, SHARD_FILE);
  if (!existsSync(file)) {
    throw new UsageError(
      `${dir}: not a shard folder (no ${SHARD_FILE}); pass the --out folders of gatelab grade-all … --shard i/n`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message}); grade the shard again`);
  }
  if (!validateShard(data))
    throw new UsageError(`${file}: ${firstSchemaError(validateShard.errors)}; grade the shard again`);
  if (data.shard.index > data.shard.count)
    throw new UsageError(
      `${file}: shard ${data.shard.index}/${data.shard.count} is not a shard of ${data.shard.count}; grade the shard again`,
    );
  return data;
}
