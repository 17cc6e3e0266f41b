/**
 * Step 5 for a whole class (grade-all): every student's suites in ONE Vitest run, fed as students become ready.
 *
 * Vitest starts fresh worker threads for every run and ends them with it, and a run returns only when its last file
 * is done. Graded in runs of a few students, a class paid for the workers' start (the harness, the references, the
 * data sets, the schemas: about a second of CPU each) and waited for each run's slowest student, every few students.
 * Here the run is started once, with one file (a slot) per student: a worker that reaches a slot asks, over a
 * channel, for the next student whose submission is compiled (harness/stream.ts), and each student's result is
 * handed back the moment their file ends, so their reports are written while the workers go on with the class.
 *
 * A slot takes whichever student is ready first, so the order Vitest runs its files in does not matter. Each student
 * still runs in a file of their own, with a sandbox of their own, exactly as a student graded alone (the batch test
 * in test/grade-all holds every result of a class to that).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import type { TestModule, Vitest } from 'vitest/node';
import type { GradingContext } from '../harness/context';
import type { SlotAnswer, SlotRequest } from '../harness/stream';
import { ownedTempDir, removeTempDir } from '../sandbox/temp';
import { collect, startVitest, type SuiteRun, type VitestOptions } from './run-suites';

interface Entry {
  files: string[];
  context: GradingContext;
  settle: (run: SuiteRun | Error) => void;
}

/** What grade() calls to run one student's suites (a SuiteRunner does the same for a student graded alone). */
export interface StudentSuites {
  run(files: string[], context: GradingContext): Promise<SuiteRun>;
}

let streams = 0;

export class SuiteStream {
  private readonly ready: Entry[] = [];
  private readonly asking: number[] = [];
  private readonly bySlot = new Map<number, Entry>();
  private readonly channel: BroadcastChannel;
  private finished: Promise<void> = Promise.resolve();
  /** Students who may still ask to run: those whose handle neither ran nor was released. */
  private open: number;

  private constructor(
    private readonly vitest: Vitest,
    private readonly wrappers: string,
    private readonly name: string,
    students: number,
  ) {
    this.open = students;
    this.channel = new BroadcastChannel(name);
    this.channel.unref();
    this.channel.onmessage = (message) => {
      const want = (message as { data?: Partial<SlotRequest> }).data?.want;
      if (typeof want === 'number') this.serve(want);
    };
  }

  /** Starts Vitest and its one run with a slot for each of `students`; hand each student a handle (student()). */
  static async start(opts: Omit<VitestOptions, 'wrappers'> & { students: number }): Promise<SuiteStream> {
    // The reporter is made before the stream it reports to, which needs the Vitest it is given to.
    const reportTo: { stream?: SuiteStream } = {};
    const wrappers = ownedTempDir('stream');
    const vitest = await startVitest({
      ...opts,
      wrappers,
      reporters: [{ onTestModuleEnd: (mod) => reportTo.stream?.moduleEnded(mod) }],
    });
    const stream = new SuiteStream(vitest, wrappers, `gatelab-stream-${process.pid}-${++streams}`, opts.students);
    reportTo.stream = stream;
    const project = vitest.getRootProject();
    const specs = Array.from({ length: opts.students }, (_, slot) =>
      project.createSpecification(writeSlot(wrappers, slot, stream.name, opts.kitRoot)),
    );
    const exitCode = process.exitCode;
    stream.finished = vitest
      .runTestSpecifications(specs)
      .then(
        ({ testModules }) => stream.runEnded(testModules),
        (err: unknown) => stream.runEnded([], err),
      )
      .finally(() => {
        // Vitest marks failed tests by setting the exit code; a failed check is a result here, not a failure.
        process.exitCode = exitCode;
      });
    return stream;
  }

  /** One student's handle: run their suites at most once, then release it (also when they never ran). */
  student(): StudentSuites & { release(): void } {
    let used = false;
    const use = (): boolean => {
      if (used) return false;
      used = true;
      this.open--;
      return true;
    };
    return {
      run: (files, context) => {
        if (!use()) return Promise.reject(new Error('gatelab: a student ran their suites twice'));
        return new Promise<SuiteRun>((resolve, reject) => {
          this.ready.push({ files, context, settle: (r) => (r instanceof Error ? reject(r) : resolve(r)) });
          this.pair();
        });
      },
      release: () => {
        if (use()) this.pair();
      },
    };
  }

  /** Waits for the run to end, then stops Vitest. Slots still asking then get no student. */
  async close(): Promise<void> {
    this.open = 0;
    this.pair();
    try {
      await this.finished;
    } finally {
      this.channel.close();
      await this.vitest.close();
      removeTempDir(this.wrappers);
    }
  }

  private serve(slot: number): void {
    this.asking.push(slot);
    this.pair();
  }

  /** Gives asking slots the students that are ready, and no student once none can come any more. */
  private pair(): void {
    while (this.asking.length > 0 && this.ready.length > 0) {
      const slot = this.asking.shift() as number;
      const entry = this.ready.shift() as Entry;
      this.bySlot.set(slot, entry);
      this.answer({ slot, files: entry.files, context: entry.context });
    }
    if (this.open > 0 || this.ready.length > 0) return;
    for (const slot of this.asking.splice(0)) this.answer({ slot, files: null });
  }

  private answer(answer: SlotAnswer): void {
    this.channel.postMessage(answer);
  }

  private moduleEnded(mod: TestModule): void {
    const slot = slotOf(mod.moduleId);
    const entry = this.bySlot.get(slot);
    this.bySlot.delete(slot);
    entry?.settle(collect([mod], []));
  }

  /** Whatever did not end with its file (a worker that died, a run that failed) ends here. */
  private runEnded(testModules: readonly TestModule[], err?: unknown): void {
    for (const [slot, entry] of this.bySlot) {
      const mine = testModules.filter((m) => slotOf(m.moduleId) === slot);
      entry.settle(
        mine.length > 0
          ? collect(mine, [])
          : new Error(`the suites did not run: ${err instanceof Error ? err.message : 'the run ended first'}`),
      );
    }
    this.bySlot.clear();
    for (const entry of this.ready.splice(0)) entry.settle(new Error('the suites did not run: the run ended first'));
  }
}

/** `<dir>/<slot>/suites.test.ts`: one file per slot, which takes the next ready student (harness/stream.ts). */
function writeSlot(dir: string, slot: number, channel: string, kitRoot: string): string {
  const file = path.join(dir, String(slot), 'suites.test.ts');
  mkdirSync(path.dirname(file), { recursive: true });
  const stream = path.join(kitRoot, 'grader', 'harness', 'stream.ts');
  writeFileSync(
    file,
    `import { runSlot } from ${JSON.stringify(stream)};\nawait runSlot(${JSON.stringify(channel)}, ${slot});\n`,
  );
  return file;
}

function slotOf(moduleId: string): number {
  return Number(path.basename(path.dirname(moduleId)));
}
