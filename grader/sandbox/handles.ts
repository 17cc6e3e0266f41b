/**
 * The handles of values that stay in the sandbox child (a student's object the trusted side passes back by
 * reference): the trusted side's ids, mapped to the runner's, and valid only for the process that made them.
 */
import { type HandleRef, TransportError } from './codec';

/** As many handles as the runner keeps (runner.ts): the oldest goes first beyond that. */
const MAX_HANDLES = 100_000;

/** Trusted handle ids ↔ the runner's ids, valid only for the process generation that made them. */
export class HandleTable {
  private next = 1;
  private genStart = 1;
  private readonly map = new Map<number, number>();

  newGeneration(): void {
    this.map.clear();
    this.genStart = this.next;
  }

  fromRunner(local: number): HandleRef {
    const id = this.next++;
    this.map.set(id, local);
    if (this.map.size > MAX_HANDLES) this.map.delete(this.map.keys().next().value as number);
    return Object.freeze({ $handle: id });
  }

  toRunner(id: number): { $handle: number } {
    const local = this.map.get(id);
    if (local !== undefined) return { $handle: local };
    if (id < this.genStart)
      throw new TransportError(`handle ${id} belongs to an earlier sandbox process (it has restarted since)`);
    throw new TransportError(`unknown handle ${id}`);
  }
}
