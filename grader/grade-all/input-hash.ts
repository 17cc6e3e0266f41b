/**
 * The input hashes, under the name grade-all/index.ts imports them by: they live in grader/submission/input-hash.ts,
 * below both grade-all and shard/. Branch h14b is rewriting grade-all/index.ts; when it lands, that import points at
 * ../submission/input-hash and this file goes.
 */
export { inputHash, kitFingerprint } from '../submission/input-hash';
