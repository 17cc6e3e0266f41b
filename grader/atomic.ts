/** Files that a reader (or an interrupted run) never sees half-written: written beside the target, then renamed. */
import { renameSync, writeFileSync } from 'node:fs';

export function writeFileAtomicSync(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
