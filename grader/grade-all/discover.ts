/**
 * Which students a class folder holds: every sub-folder is a submission named by the student id,
 * and a `manifest.json` written by `gatelab collect` adds names, commits, times and extensions.
 */
import { existsSync, readdirSync, readFileSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../shared/errors';
import { isManifest, manifestProblem, type CollectManifest } from '../collect/manifest';
import type { StudentEntry } from '../shared/student-entry';

export type { StudentEntry };

type CollectedStudent = CollectManifest['students'][number];

// Letters of any alphabet: roster ids may be Cyrillic (collect/roster.ts).
const SAFE_ID = /^[\p{L}\p{N}_][\p{L}\p{N}_.-]*$/u;

export function discoverStudents(submissions: string): StudentEntry[] {
  const root = path.resolve(submissions);
  if (!existsSync(root) || !lstatSync(root).isDirectory()) {
    throw new UsageError(
      `${submissions}: folder not found; pass the folder that holds one sub-folder per student (as written by gatelab collect)`,
    );
  }
  const manifestFile = path.join(root, 'manifest.json');
  const collected = new Map<string, CollectedStudent>();
  if (existsSync(manifestFile)) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(manifestFile, 'utf8'));
    } catch (err) {
      throw new UsageError(
        `${manifestFile}: not valid JSON (${(err as Error).message}); rerun gatelab collect or remove the file`,
      );
    }
    const problem = manifestProblem(data);
    if (problem !== null || !isManifest(data)) {
      throw new UsageError(
        `${manifestFile}: not a manifest written by gatelab collect (${problem}); rerun collect or remove the file`,
      );
    }
    for (const s of data.students) collected.set(s.id, s);
  }
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && SAFE_ID.test(d.name))
    .map((d) => d.name);
  const ids = [...new Set([...folders, ...collected.keys()])].sort();
  return ids.map((id) => {
    const c = collected.get(id);
    const hasFolder = folders.includes(id);
    return {
      id,
      name: c?.name ?? id,
      dir: hasFolder ? path.join(root, id) : null,
      commit: c?.commit ?? null,
      submittedAt: c?.commit_time ?? null,
      seenAt: c?.seen_at ?? null,
      extensionDays: c?.extension_days ?? 0,
      deadline: c?.deadline ?? null,
      status: hasFolder ? (c?.status ?? 'collected') : (c?.status ?? 'missing'),
    };
  });
}
