/**
 * Which students a shard grades (`grade-all --shard i/n`): student s belongs to shard
 * (first 32 bits of SHA-256("gatelab:shard:" + s)) mod n + 1. The choice depends on the id and n only, never on
 * who else is in the class or in what order, so a student added later lands in a shard of their own and every
 * other student stays where they were (and a rerun of a shard skips them as unchanged).
 */
import { UsageError } from '../shared/errors';
import { sha256 } from '../shared/manifest';

export interface ShardSpec {
  /** 1 … count. */
  index: number;
  count: number;
}

export const shardLabel = (shard: ShardSpec): string => `${shard.index}/${shard.count}`;

/** `--shard i/n`: whole numbers with 1 ≤ i ≤ n; anything else is a one-line UsageError. */
export function parseShard(text: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UsageError(
      `--shard "${text}" is not i/n with whole numbers 1 ≤ i ≤ n; write e.g. --shard 2/3 for the second of three shards`,
    );
  }
  return { index, count };
}

/** The shard (1 … count) a student id belongs to. Ids are folder names in Unicode normal form C (collect). */
export function shardOf(id: string, count: number): number {
  return (parseInt(sha256(`gatelab:shard:${id.normalize('NFC')}`).slice(0, 8), 16) % count) + 1;
}

/** The students of `shard`, in the order given. */
export function inShard<T extends { id: string }>(students: readonly T[], shard: ShardSpec): T[] {
  return students.filter((s) => shardOf(s.id, shard.count) === shard.index);
}
