/**
 * Where a class run spends its time, phase by phase: the class-wide phases as they run, and each student's steps
 * (results.json `timings`) summed over the students. Students overlap (their suites run in the workers while the
 * grader compiles the next and writes the reports of the last), so the per-student sums may add up to more than the
 * run's wall time. `npm run bench -- class` prints them.
 */
export class Phases {
  private readonly ms: Record<string, number> = {};

  time<T>(name: string, fn: () => T): T {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      this.add(name, performance.now() - t0);
    }
  }

  async timeAsync<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.add(name, performance.now() - t0);
    }
  }

  /** A student's step timings (all but the total, which is their sum and the wait between them). */
  addSteps(timings: Record<string, number>): void {
    for (const [name, ms] of Object.entries(timings)) if (name !== 'total') this.add(name, ms);
  }

  totals(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.ms).map(([name, ms]) => [name, Math.round(ms)]));
  }

  private add(name: string, ms: number): void {
    this.ms[name] = (this.ms[name] ?? 0) + ms;
  }
}
