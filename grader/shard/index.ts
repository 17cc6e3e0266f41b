/**
 * Sharded grading: `grade-all --shard i/n` grades the part of a class that select.ts assigns to shard i, and
 * write.ts leaves what `gatelab merge` (grader/merge/) needs to build the class outputs over every shard:
 * each student's sources for similarity and shard.json (description.ts).
 */
export { inShard, parseShard, shardLabel, shardOf, type ShardSpec } from './select';
export {
  classIdsHash,
  kitIdentity,
  readShard,
  SHARD_FILE,
  SOURCES_FILE,
  type KitIdentity,
  type ShardDescription,
  type ShardSettings,
} from './description';
export { writeShard, type StoredSources, type WriteShardOptions } from './write';
