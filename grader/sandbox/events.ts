/** What a sandbox records of its processes' lives (restarts, time-outs, denied access…), bounded per kind. */
import type { SandboxEvent } from './types';

const EVENTS_PER_KIND = 50;

/** The events in order, at most EVENTS_PER_KIND of each kind, then one line saying that more were not recorded. */
export class EventLog {
  readonly list: SandboxEvent[] = [];
  private readonly counts = new Map<string, number>();

  record(e: SandboxEvent): void {
    const n = (this.counts.get(e.kind) ?? 0) + 1;
    this.counts.set(e.kind, n);
    if (n <= EVENTS_PER_KIND) this.list.push(e);
    else if (n === EVENTS_PER_KIND + 1)
      this.list.push({ kind: e.kind, detail: `further ${e.kind} events were not recorded` });
  }
}
