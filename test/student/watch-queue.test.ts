/** The watch's run scheduler alone: debouncing, one run at a time, changes during a run, stopping. */
import { describe, expect, it } from 'vitest';
import { RecheckQueue, type Change, type Timers } from '../../grader/student/watch-queue';

/** Timers that fire only when the test says so. */
function manualTimers(): Timers & { fire: () => void; armed: () => number } {
  let queue: { fn: () => void; handle: number }[] = [];
  let next = 0;
  return {
    set: (fn) => {
      queue.push({ fn, handle: ++next });
      return next;
    },
    clear: (handle) => {
      queue = queue.filter((t) => t.handle !== handle);
    },
    fire: () => {
      const due = queue;
      queue = [];
      for (const t of due) t.fn();
    },
    armed: () => queue.length,
  };
}

/** A run that ends when the test calls `finish`. */
function controlledRuns() {
  const started: Change[] = [];
  let finish: () => void = () => undefined;
  const run = (change: Change) => {
    started.push(change);
    return new Promise<void>((resolve) => (finish = resolve));
  };
  return { started, run, finish: () => finish() };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('RecheckQueue', () => {
  it('a burst of saves makes one run, of the last exercise saved, after the quiet wait', () => {
    const timers = manualTimers();
    const runs = controlledRuns();
    const q = new RecheckQueue(runs.run, 150, timers);
    q.changed({ exercise: '02-forget-gate' });
    q.changed({ exercise: '03-lstm-cell' });
    expect(q.state).toBe('settling');
    expect(timers.armed()).toBe(1);
    expect(runs.started).toEqual([]);
    timers.fire();
    expect(q.state).toBe('running');
    expect(runs.started).toEqual([{ exercise: '03-lstm-cell', toolkit: false }]);
  });

  it('a save during a run is checked right after it, never at the same time; a toolkit change is kept', async () => {
    const timers = manualTimers();
    const runs = controlledRuns();
    const q = new RecheckQueue(runs.run, 150, timers);
    q.changed({ exercise: '02-forget-gate' });
    timers.fire();
    q.changed({ exercise: '02-forget-gate', toolkit: true });
    q.changed({ exercise: '02-forget-gate' });
    expect(timers.armed()).toBe(0);
    expect(runs.started).toHaveLength(1);
    runs.finish();
    await tick();
    expect(q.state).toBe('settling');
    timers.fire();
    expect(runs.started).toEqual([
      { exercise: '02-forget-gate', toolkit: false },
      { exercise: '02-forget-gate', toolkit: true },
    ]);
    runs.finish();
    await q.idle();
    expect(q.state).toBe('idle');
  });

  it('a run that fails does not stop the queue', async () => {
    const timers = manualTimers();
    const seen: string[] = [];
    const q = new RecheckQueue(
      async (c) => {
        seen.push(c.exercise);
        if (seen.length === 1) throw new Error('boom');
      },
      150,
      timers,
    );
    q.changed({ exercise: '01-vanishing-gradient' });
    timers.fire();
    await q.idle();
    q.changed({ exercise: '02-forget-gate' });
    timers.fire();
    await q.idle();
    expect(seen).toEqual(['01-vanishing-gradient', '02-forget-gate']);
  });

  it('stop waits for the run in flight, drops what is pending, and ignores later saves', async () => {
    const timers = manualTimers();
    const runs = controlledRuns();
    const q = new RecheckQueue(runs.run, 150, timers);
    q.changed({ exercise: '02-forget-gate' });
    timers.fire();
    q.changed({ exercise: '03-lstm-cell' });
    let stopped = false;
    const stopping = q.stop().then(() => (stopped = true));
    await tick();
    expect(stopped).toBe(false);
    runs.finish();
    await stopping;
    q.changed({ exercise: '04-gru-cell' });
    timers.fire();
    expect(q.state).toBe('stopped');
    expect(runs.started.map((c) => c.exercise)).toEqual(['02-forget-gate']);
  });
});
