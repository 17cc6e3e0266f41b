/**
 * The grader's temporary folders: `<tmp>/gatelab-<pid>-<purpose>-XXXXXX`, named with the process that owns
 * them. Each is removed when its owner is done with it and, at the latest, when the process exits. A run
 * killed with -9 cannot clean up, so the first folder a later run makes first removes every such folder
 * whose owner is no longer alive (a pid reused by another process only delays that).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const NAME = /^gatelab-(\d+)-[a-z0-9-]+-[A-Za-z0-9]{6}$/;
const owned = new Set<string>();
let swept = false;
let hooked = false;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the leftovers of dead gatelab processes in `dir` (default: the OS temp folder); returns what it removed. */
export function sweepStaleTempDirs(dir = os.tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = Number(NAME.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
    const full = path.join(dir, name);
    try {
      if (!fs.lstatSync(full).isDirectory()) continue;
      fs.rmSync(full, { recursive: true, force: true });
      removed.push(full);
    } catch {
      // Another run is removing it too, or it is not ours to remove: leave it.
    }
  }
  return removed;
}

function removeOwned(): void {
  for (const dir of owned) fs.rmSync(dir, { recursive: true, force: true });
  owned.clear();
}

/** A new temporary folder owned by this process (`purpose`: lower-case letters, digits and dashes). */
export function ownedTempDir(purpose: string): string {
  if (!/^[a-z0-9-]{1,40}$/.test(purpose))
    throw new RangeError(`temp folder purpose "${purpose}" must be lower-case letters, digits and dashes`);
  if (!swept) {
    swept = true;
    sweepStaleTempDirs();
  }
  if (!hooked) {
    hooked = true;
    process.on('exit', removeOwned);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gatelab-${process.pid}-${purpose}-`));
  owned.add(dir);
  return dir;
}

/** Removes a folder made by ownedTempDir (idempotent). */
export function removeTempDir(dir: string): void {
  owned.delete(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

const removing = new Set<Promise<void>>();

/**
 * Removes a folder made by ownedTempDir in the background, off the grader's thread: a student's work folder holds a
 * few dozen files, and unlinking them one by one held up grade-all for tens of milliseconds a student. The folder
 * stays owned until it is gone, so a process that exits first still removes it.
 */
export function removeTempDirSoon(dir: string): void {
  const removal: Promise<void> = fs.promises
    .rm(dir, { recursive: true, force: true })
    .then(() => {
      owned.delete(dir);
    })
    .catch(() => undefined)
    .finally(() => removing.delete(removal));
  removing.add(removal);
}

/** Waits until every removal removeTempDirSoon started has ended. */
export async function tempDirsRemoved(): Promise<void> {
  while (removing.size > 0) await Promise.all([...removing]);
}
