/**
 * The students' part of a merge: each shard's student folders copied into the reports folder (every file grading
 * wrote, as it wrote it), and the sources each shard stored for similarity, read back as the comparison takes them.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isAtomicTemporary, writeFileAtomicSync } from '../shared/atomic';
import { UsageError } from '../shared/errors';
import { compileSchema, firstSchemaError } from '../schemas';
import { SOURCES_FILE, type StoredSources } from '../shard';
import type { SourceFile } from '../similarity';
import type { ShardInput } from './check';

const validateSources = compileSchema<StoredSources>('similarity-sources.schema.json');

/**
 * Every graded student's sources in every shard. A student with a submission whose sources are missing means the
 * shard is incomplete: refused here, before anything is written.
 */
export function readStoredSources(shards: readonly ShardInput[]): SourceFile[] {
  const files: SourceFile[] = [];
  for (const { dir, description } of shards) {
    for (const student of description.students) {
      if (!student.dir) continue;
      const file = path.join(dir, student.id, SOURCES_FILE);
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        const why = existsSync(file) ? `unreadable (${(err as Error).message})` : 'missing';
        throw new UsageError(
          `${file}: ${why}; the shard is incomplete: grade it again (gatelab grade-all … --shard i/n)`,
        );
      }
      if (!validateSources(data))
        throw new UsageError(`${file}: ${firstSchemaError(validateSources.errors)}; grade the shard again`);
      for (const source of data.files) files.push({ student: student.id, ...source });
    }
  }
  return files;
}

/**
 * Copies one student's folder from a shard, file by file with the atomic writer, leaving files of the target that
 * the shard has not (a TA's manual.json) as grading leaves them. The stored sources stay in the shard.
 */
export function copyStudentFolder(from: string, to: string): void {
  if (!existsSync(from) || !lstatSync(from).isDirectory()) return;
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.name === SOURCES_FILE || isAtomicTemporary(entry.name)) continue;
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) copyStudentFolder(source, path.join(to, entry.name));
    else if (entry.isFile()) writeFileAtomicSync(path.join(to, entry.name), readFileSync(source));
  }
}
