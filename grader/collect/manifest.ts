/**
 * `<into>/manifest.json`: what collect took for each student and why. It is checked against
 * collect-manifest.schema.json before it is written, and written atomically, so a reader such as
 * grade-all only ever sees a complete, valid manifest. Field names are snake_case like
 * results.json's and the roster's extension_days column (grade-all reads commit_time and
 * extension_days from it).
 */
import path from 'node:path';
import { compileSchema, firstSchemaError } from '../schemas';
import { writeFileAtomic } from '../shared/atomic';

export type CollectStatus = 'collected' | 'late' | 'missing' | 'no-commit-before-deadline' | 'error';

export interface CollectedStudent {
  id: string;
  name: string;
  repo: string;
  status: CollectStatus;
  /** Null unless collected or late. */
  commit: string | null;
  /** The commit's committer date (ISO, the committer's offset): what the student's machine claimed. */
  commit_time: string | null;
  /** When gatelab first fetched a head holding the commit: proof it existed then. */
  seen_at: string | null;
  /** This student's deadline: the course deadline plus extension days. */
  deadline: string;
  extension_days: number;
  late_days: number;
  /** Why nothing was collected, or a note on what was (a late commit, a fetch that failed). */
  message?: string;
}

export interface CollectManifest {
  schema_version: 1;
  collected_at: string;
  roster: string;
  deadline: string;
  late_window_days: number;
  students: CollectedStudent[];
}

export const MANIFEST_FILE = 'manifest.json';

const validateManifest = compileSchema<CollectManifest>('collect-manifest.schema.json');

/** Whether `data` is a valid manifest; the schema is compiled once, here, so readers ask this module. */
export function isManifest(data: unknown): data is CollectManifest {
  return validateManifest(data);
}

/** What is wrong with `data` as a manifest ("at /path: …"), or null when it is one. */
export function manifestProblem(data: unknown): string | null {
  return validateManifest(data) ? null : firstSchemaError(validateManifest.errors);
}

export async function writeManifest(into: string, manifest: CollectManifest): Promise<string> {
  // An invalid manifest is a bug in collect, not bad input: fail loudly rather than write it.
  if (!validateManifest(manifest))
    throw new Error(`collect built an invalid manifest: ${firstSchemaError(validateManifest.errors)}`);
  const file = path.join(into, MANIFEST_FILE);
  await writeFileAtomic(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}
