/**
 * The heart of `watch`, as a small state machine with no files, terminal or Vitest in it:
 *
 *   idle ──change──▶ settling ──quiet for debounceMs──▶ running ──done──▶ idle
 *                       ▲ change (restarts the wait)        │ change: remembered, run right after
 *                       └───────────────────────────────────┘
 *   any state ──stop──▶ stopped (a run in flight finishes; nothing new starts)
 *
 * Saves come in bursts (an editor writes a file, a backup and a swap file): a change only starts a run once the
 * files have been quiet for `debounceMs`. Never two runs at once: changes during a run are merged and checked
 * right after it. Each change names an exercise and may say the toolkit changed; the run gets the latest exercise
 * and whether the toolkit changed since the last run.
 */

export interface Change {
  exercise: string;
  /** exercises/lib changed: the toolkit must be compiled again before the next run. */
  toolkit?: boolean;
}

export type QueueState = 'idle' | 'settling' | 'running' | 'stopped';

export interface Timers {
  set: (fn: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const REAL_TIMERS: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class RecheckQueue {
  private stateNow: QueueState = 'idle';
  private pending: Change | null = null;
  private timer: unknown = null;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly runOne: (change: Change) => Promise<void>,
    private readonly debounceMs = 150,
    private readonly timers: Timers = REAL_TIMERS,
  ) {}

  get state(): QueueState {
    return this.stateNow;
  }

  /** A relevant file changed. */
  changed(change: Change): void {
    if (this.stateNow === 'stopped') return;
    this.pending = { exercise: change.exercise, toolkit: Boolean(change.toolkit || this.pending?.toolkit) };
    if (this.stateNow === 'running') return;
    this.stateNow = 'settling';
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => this.settled(), this.debounceMs);
  }

  /** Resolves when no run is in flight (a run started meanwhile is waited for too). */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.inFlight;
      await seen;
    } while (seen !== this.inFlight);
  }

  /** Stops taking changes; resolves once a run in flight has finished. */
  async stop(): Promise<void> {
    this.stateNow = 'stopped';
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    this.pending = null;
    await this.idle();
  }

  private settled(): void {
    this.timer = null;
    if (this.stateNow !== 'settling' || !this.pending) return;
    const change = this.pending;
    this.pending = null;
    this.stateNow = 'running';
    this.inFlight = this.runOne(change)
      .catch(() => undefined)
      .then(() => this.finished());
  }

  private finished(): void {
    if (this.stateNow === 'stopped') return;
    this.stateNow = 'idle';
    // What changed during the run is checked now (after the usual quiet wait).
    if (this.pending) this.changed(this.pending);
  }
}
