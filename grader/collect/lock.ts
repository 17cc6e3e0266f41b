/**
 * One collect at a time per --into folder: two runs would fetch into the same caches and swap the
 * same folders. The lock file holds the owner's pid, so a lock left by an interrupted run (its
 * process gone) is taken over instead of blocking the next run forever.
 */
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../shared/errors';

export function lockFolder(into: string): () => void {
  const file = path.join(into, '.collect.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (isAlive(owner)) {
        throw new UsageError(
          `${into}: another collect (pid ${owner}) is writing into this folder; wait for it to finish, or delete ${file} if that process is not a collect`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new UsageError(`${into}: could not take the lock ${file}; delete it and run again`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0); // signal 0 only asks whether the process exists
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
