/**
 * Which LSTM cell exercise 05's checks run on. COURSE.md: 05 uses the student's 03 cell, or the reference one if theirs
 * fails, so a mistake in the cell is charged in 03 only. When grading (not in a student's own `check`), the student's
 * cell is probed once per suite file against the reference cell on a few seeded cases of exactly what 05 uses
 * (initLstm, lstmForward, lstmBackward); if anything differs, throws or does not load, 05's calls go to a second sandbox
 * where the student's 05 code runs on the reference cell (grade/reference-cells.ts builds it), and the report says so
 * once. The reference cell runs in a sandbox too: this module never imports it, so it can ship in the student kit.
 */
import { afterAll } from '../harness/host';
import { Matrix } from '../../exercises/lib/matrix';
import { Sandbox } from '../sandbox';
import { caseSeed, field, gradingContext, StudentFailure, StudentModule, type CheckTools } from '../harness';
import { compareMatrix } from '../harness/compare';
import { text } from '../shared/messages';

export const CELL_EXERCISE = '03-lstm-cell';
const CELL_MODULE = 'lstm';

interface Choice {
  cell: 'own' | 'reference';
  sandbox?: Sandbox;
  /** What differed first (for the teacher's log and the tests), when the reference is used. */
  reason?: string;
}

const choices = new Map<string, Promise<Choice>>();
const noted = new Set<string>();

async function closeAll(): Promise<void> {
  const open = [...choices.values()];
  choices.clear();
  for (const choice of open) await (await choice.catch(() => undefined))?.sandbox?.close();
}

/** The shapes probed: N, T, D, H (a batch with D ≠ H, and a single window of one step). */
const PROBES = [
  { N: 3, T: 4, D: 3, H: 2 },
  { N: 1, T: 1, D: 2, H: 3 },
];

/** A cell to probe: the student's module, or the reference one behind `referenceCell`. */
interface Cell {
  call(fn: string, args: unknown[], opts?: { keep?: string[] }): Promise<unknown>;
}

/** The reference cell, a failure of which is thrown as ReferenceFailed: the grader's problem, never the student's. */
function referenceCell(reference: StudentModule): Cell {
  return {
    call: async (fn, args, opts) => {
      try {
        return await reference.call(fn, args, opts);
      } catch (err) {
        throw new ReferenceFailed(err instanceof Error ? err.message : String(err));
      }
    },
  };
}

/** Null when the student's `a` matches the reference's `b`, else the name of the quantity. */
function same(quantity: string, a: unknown, b: unknown): string | null {
  return b instanceof Matrix && compareMatrix(quantity, a instanceof Matrix ? a : null, b).ok ? null : quantity;
}

/** The first item that differs (what `differs` names it), or null when none does. */
function firstDifference<T>(items: readonly T[], differs: (item: T, index: number) => string | null): string | null {
  for (const [i, item] of items.entries()) {
    const d = differs(item, i);
    if (d !== null) return d;
  }
  return null;
}

/** The first of Wx, Wh, b that differs between two parameter sets. */
function sameParams(prefix: string, a: unknown, b: unknown): string | null {
  return firstDifference(['Wx', 'Wh', 'b'], (k) => same(`${prefix}${k}`, field(a, k), field(b, k)));
}

/** The first matrix of a list (hs, dxs) that differs: the student's `own` against the reference's `ref`. */
function sameList(name: string, own: unknown, ref: Matrix[]): string | null {
  return firstDifference(ref, (m, t) => same(`${name}[${t}]`, Array.isArray(own) ? own[t] : null, m));
}

/** One probe of one shape: initLstm, then lstmForward, then lstmBackward, the first that differs named. */
async function probeDifference(
  own: Cell,
  ref: Cell,
  { N, T, D, H }: (typeof PROBES)[number],
  s: (k: string) => number,
): Promise<string | null> {
  const init = [await ref.call('initLstm', [D, H, s('init')]), await own.call('initLstm', [D, H, s('init')])].reverse();
  const differs = sameParams('initLstm ', init[0], init[1]);
  if (differs) return differs;
  const p = {
    Wx: Matrix.random(D, 4 * H, s('Wx')),
    Wh: Matrix.random(H, 4 * H, s('Wh')),
    b: Matrix.random(1, 4 * H, s('b')),
  };
  const xs = Array.from({ length: T }, (_, t) => Matrix.random(N, D, s(`x${t}`), -2, 2));
  const [h0, c0] = [Matrix.random(N, H, s('h0')), Matrix.random(N, H, s('c0'))];
  const fRef = await ref.call('lstmForward', [xs, h0, c0, p], { keep: ['cache'] });
  const fOwn = await own.call('lstmForward', [xs, h0, c0, p], { keep: ['cache'] });
  const forward =
    sameList('hs', field(fOwn, 'hs'), field(fRef, 'hs') as Matrix[]) ?? same('c', field(fOwn, 'c'), field(fRef, 'c'));
  if (forward) return `lstmForward ${forward}`;
  const dhs = Array.from({ length: T }, (_, t) => Matrix.random(N, H, s(`dh${t}`)));
  const bRef = await ref.call('lstmBackward', [dhs, field(fRef, 'cache')]);
  const bOwn = await own.call('lstmBackward', [dhs, field(fOwn, 'cache')]);
  const backward =
    firstDifference(['dh0', 'dc0', 'dWx', 'dWh', 'db'], (k) => same(k, field(bOwn, k), field(bRef, k))) ??
    sameList('dxs', field(bOwn, 'dxs'), field(bRef, 'dxs') as Matrix[]);
  return backward ? `lstmBackward ${backward}` : null;
}

/**
 * The first way the student's cell differs from the reference on what 05 uses, or null when it does not. A failure
 * on the reference's side is the grader's problem, never the student's: the student's own cell is kept then.
 */
export async function cellDifference(
  own: StudentModule,
  reference: StudentModule,
  seed: (k: string) => number,
): Promise<string | null> {
  const ref = referenceCell(reference);
  try {
    for (const [i, shape] of PROBES.entries()) {
      const differs = await probeDifference(own, ref, shape, (k) => seed(`${i}/${k}`));
      if (differs) return differs;
    }
    return null;
  } catch (err) {
    if (err instanceof ReferenceFailed) return null;
    if (err instanceof StudentFailure) return `${err.fn}: ${err.kind}`;
    throw err;
  }
}

class ReferenceFailed extends Error {}

async function choose(t: CheckTools, exercise: string, root: string): Promise<Choice> {
  const ctx = gradingContext();
  const sandbox = await Sandbox.start({ root, limits: ctx.limits, accept: ctx.acceptWeak ?? [] });
  sandbox.budgetFrom(exercise);
  const seed = (k: string): number => caseSeed(ctx.seed, exercise, 'cell-probe', k);
  const reason = await cellDifference(
    t.requiredModule(CELL_EXERCISE, CELL_MODULE),
    new StudentModule(sandbox, `${CELL_EXERCISE}/${CELL_MODULE}`),
    seed,
  );
  if (reason === null) {
    await sandbox.close();
    return { cell: 'own' };
  }
  return { cell: 'reference', sandbox, reason };
}

/**
 * For a suite file of `exercise`: registers the clean-up and returns `(t, name) → the student's module name` of this
 * exercise, running on their own cell or, when grading and their cell fails, on the reference cell.
 */
export function cellAware(exercise: string): (t: CheckTools, name: string) => Promise<StudentModule> {
  afterAll(closeAll);
  return async (t, name) => {
    const ctx = gradingContext();
    const root = ctx.mode === 'grade' ? ctx.referenceStaging?.[exercise] : undefined;
    if (!root) return t.module(name);
    let choice = choices.get(ctx.staging);
    if (!choice) choices.set(ctx.staging, (choice = choose(t, exercise, root)));
    const chosen = await choice;
    if (chosen.cell === 'own' || !chosen.sandbox) return t.module(name);
    if (!noted.has(ctx.staging)) {
      noted.add(ctx.staging);
      t.note(text('forecast.cell.reference'));
    }
    return new StudentModule(chosen.sandbox, `${exercise}/${name}`);
  };
}

/** Whether this student's 05 runs on the reference cell (known after the first call of cellAware's accessor). */
export async function usesReferenceCell(): Promise<boolean> {
  const choice = choices.get(gradingContext().staging);
  return choice !== undefined && (await choice).cell === 'reference';
}
