/**
 * Whether shards can be merged into what one run over the whole class would give, checked before anything is
 * written. Each shard must have been graded with this kit and its course.json, and every shard with the same course
 * secret (compared by fingerprint), settings and class; together they must be each shard i/n of one n exactly once,
 * and list every student of the class once. Anything else is one line naming the shard and the difference.
 */
import { UsageError } from '../shared/errors';
import type { Acceptance } from '../sandbox';
import { classIdsHash, shardLabel, shardOf, type KitIdentity, type ShardDescription } from '../shard';

export interface ShardInput {
  /** The folder as the teacher typed it. */
  dir: string;
  description: ShardDescription;
}

const short = (hash: string): string => `${hash.slice(0, 12)}…`;
const REGRADE = 'grade it again (gatelab grade-all … --shard i/n) or leave it out';

function checkKit({ dir, description: d }: ShardInput, kit: KitIdentity): void {
  const withKit =
    'merge with the kit the shards were graded with (--kit <dir>), or grade the shard again with this one';
  if (d.kit.course !== kit.course) {
    throw new UsageError(
      `${dir}: graded with a different course.json (sha256 ${short(d.kit.course)}) than this kit's (${short(kit.course)}); ${withKit}`,
    );
  }
  if (d.kit.version !== kit.version)
    throw new UsageError(`${dir}: graded with kit ${d.kit.version}, but this kit is ${kit.version}; ${withKit}`);
  if (d.kit.manifest !== kit.manifest) {
    throw new UsageError(
      `${dir}: graded with a different exercises/manifest.json (sha256 ${short(d.kit.manifest)}) than this kit's (${short(kit.manifest)}); ${withKit}`,
    );
  }
  if (d.kit.files !== kit.files) {
    throw new UsageError(
      `${dir}: graded with a different kit: its solutions, suites, grader or templates differ from this kit's (fingerprint ${short(d.kit.files)} vs ${short(kit.files)}); ${withKit}`,
    );
  }
}

const weak = (a: Acceptance): string => (a === 'all' ? 'all' : a.length ? [...a].sort().join(',') : 'none');

function checkSameRun({ dir, description: d }: ShardInput, { dir: firstDir, description: f }: ShardInput): void {
  if (d.shard.count !== f.shard.count) {
    throw new UsageError(
      `${dir}: is shard ${shardLabel(d.shard)}, but ${firstDir} is ${shardLabel(f.shard)}; merge the shards of one split (the same n)`,
    );
  }
  if (d.secret !== f.secret) {
    throw new UsageError(
      `${dir}: graded with a different course secret than ${firstDir} (fingerprint ${short(d.secret)} vs ${short(f.secret)}); ${REGRADE} with the course's secret`,
    );
  }
  if (d.settings.lang !== f.settings.lang) {
    throw new UsageError(
      `${dir}: graded with --lang ${d.settings.lang}, but ${firstDir} with --lang ${f.settings.lang}; grade every shard with the same --lang`,
    );
  }
  if (weak(d.settings.allowWeak) !== weak(f.settings.allowWeak)) {
    throw new UsageError(
      `${dir}: graded with --allow-weak-sandbox ${weak(d.settings.allowWeak)}, but ${firstDir} with ${weak(f.settings.allowWeak)}; grade every shard with the same sandbox acceptance`,
    );
  }
  const limits = (x: ShardDescription) => JSON.stringify(x.settings.limits, ['callMs', 'totalMs', 'memoryMb']);
  if (limits(d) !== limits(f))
    throw new UsageError(
      `${dir}: graded with sandbox limits ${limits(d)}, but ${firstDir} with ${limits(f)}; grade every shard with the same limits`,
    );
  if (d.class.ids !== f.class.ids) {
    throw new UsageError(
      `${dir}: chose its students from a class of ${d.class.students} (ids ${short(d.class.ids)}), but ${firstDir} from a class of ${f.class.students} (ids ${short(f.class.ids)}); the submissions folder changed between shards: grade every shard from the same submissions`,
    );
  }
}

/** Each shard i/n once, and none missing. */
function checkCoverage(shards: readonly ShardInput[]): void {
  const count = shards[0].description.shard.count;
  const byIndex = new Map<number, string>();
  for (const { dir, description: d } of shards) {
    const other = byIndex.get(d.shard.index);
    if (other !== undefined)
      throw new UsageError(`${other} and ${dir}: both are shard ${shardLabel(d.shard)}; pass each shard once`);
    byIndex.set(d.shard.index, dir);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    const shown =
      missing
        .slice(0, 10)
        .map((i) => `${i}/${count}`)
        .join(', ') + (missing.length > 10 ? ` and ${missing.length - 10} more` : '');
    const given = [...byIndex.keys()]
      .sort((a, b) => a - b)
      .map((i) => `${i}/${count}`)
      .join(', ');
    throw new UsageError(
      `shard${missing.length > 1 ? 's' : ''} ${shown} missing (given: ${given}); grade every shard (gatelab grade-all <submissions> --shard i/${count}) and pass all ${count} folders`,
    );
  }
}

/** Every student in the shard the ids choose, once, and together the whole class the shards were chosen from. */
function checkStudents(shards: readonly ShardInput[]): void {
  const seen = new Set<string>();
  for (const { dir, description: d } of shards) {
    for (const { id } of d.students) {
      const owner = shardOf(id, d.shard.count);
      if (owner !== d.shard.index)
        throw new UsageError(
          `${dir}: lists student ${id}, who belongs to shard ${owner}/${d.shard.count}, not ${shardLabel(d.shard)}; ${REGRADE}`,
        );
      if (seen.has(id)) throw new UsageError(`${dir}: lists student ${id} twice; ${REGRADE}`);
      seen.add(id);
    }
  }
  const f = shards[0].description;
  if (classIdsHash([...seen]) !== f.class.ids) {
    throw new UsageError(
      `the shards list ${seen.size} students together, but the class they were chosen from has ${f.class.students}; a shard is incomplete: grade the shards again from the same submissions`,
    );
  }
}

export function checkShards(shards: readonly ShardInput[], kit: KitIdentity): void {
  if (shards.length === 0)
    throw new UsageError('no shard folders given; pass every --out folder of gatelab grade-all … --shard i/n');
  for (const shard of shards) {
    checkKit(shard, kit);
    checkSameRun(shard, shards[0]);
  }
  checkCoverage(shards);
  checkStudents(shards);
}
