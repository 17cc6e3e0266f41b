/**
 * The hidden suite's `init` and `hygiene` checks, apart from the numeric ones. Trusted side only. Both give credit
 * only for what is computed: init needs values spread like the documented uniform draw (a constant or a copy earns
 * nothing), hygiene needs a correct forward pass (a constant result is trivially deterministic and unchanged).
 */
import { Matrix } from '../lib/matrix';
import type { StudentModule } from '../../grader/harness';
import * as ref from './gru';
import type { GruSequenceCase, GruStepCase } from './cases';
import { rightMatrices, rightMatrix } from '../../grader/harness/compare';
import { fill, text } from '../../grader/shared/messages';
import type { Localized } from '../../grader/shared/results';

/** A field of an untrusted result, if it is an object (as the harness's `field`, which this file may not import). */
function get(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return Object.prototype.hasOwnProperty.call(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

const PARAM_NAMES = ['Wx', 'Wh', 'bx', 'bh'] as const;

const INIT = {
  shape: text('hidden.04.initAndHygiene.init.shape'),
  range: text('hidden.04.initAndHygiene.init.range'),
  bias: text('hidden.04.initAndHygiene.init.bias'),
  spread: text('hidden.04.initAndHygiene.init.spread'),
  sameStream: text('hidden.04.initAndHygiene.init.sameStream'),
  sameSeed: text('hidden.04.initAndHygiene.init.sameSeed'),
  otherSeed: text('hidden.04.initAndHygiene.init.otherSeed'),
} satisfies Record<string, Localized>;

const SIZES = [
  { D: 20, H: 16 }, // large enough for the statistics below
  { D: 3, H: 1 },
  { D: 2, H: 5 },
];

function values(ms: Matrix[]): number[] {
  return ms.flatMap((m) => Array.from(m.data));
}

function meanAndVariance(v: number[]): [number, number] {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  return [mean, v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length];
}

/** Uniform in [−k, k]: mean 0 and variance k²/3. The bounds are ≥ 6 standard errors wide for 960 and 320 values. */
function spreadLikeUniform(p: Record<string, Matrix>, k: number): boolean {
  const all = values([p.Wx, p.Wh]);
  const [mean, variance] = meanAndVariance(all);
  const target = (k * k) / 3;
  if (Math.abs(mean) > 0.15 * k || Math.abs(variance / target - 1) > 0.25) return false;
  if (Math.max(...all) < 0.9 * k || Math.min(...all) > -0.9 * k) return false;
  if (new Set(all).size < 0.95 * all.length) return false;
  const H = p.Wh.rows;
  return [p.Wx, p.Wh].every((w) =>
    [0, 1, 2].every(
      (b) => Math.abs(meanAndVariance(Array.from(w.sliceCols(b * H, (b + 1) * H).data))[1] / target - 1) < 0.4,
    ),
  );
}

/** The first problem with initGru, or null. */
export async function checkInit(gru: StudentModule, seed: (label: string) => number): Promise<Localized | null> {
  for (const [i, { D, H }] of SIZES.entries()) {
    const s = seed(`init/${i}`);
    const out = await gru.call('initGru', [D, H, s]);
    const want = ref.initGru(D, H, s);
    const p: Record<string, Matrix> = {};
    for (const name of PARAM_NAMES) {
      const m = get(out, name);
      if (!(m instanceof Matrix) || m.rows !== want[name].rows || m.cols !== want[name].cols) {
        return fill(INIT.shape, { D, H, name, shape: `${want[name].rows}×${want[name].cols}` });
      }
      p[name] = m;
    }
    const k = 1 / Math.sqrt(H);
    if (!values([p.Wx, p.Wh]).every((w) => Math.abs(w) <= k * (1 + 1e-12))) return fill(INIT.range, { D, H });
    if (!values([p.bx, p.bh]).every((b) => b === 0)) return INIT.bias;
    if (i > 0) continue;
    const top = p.Wx.data.subarray(0, p.Wh.data.length); // the first H rows of Wx (D ≥ H here)
    if (top.filter((w, j) => w === p.Wh.data[j]).length > 0.1 * top.length) return INIT.sameStream;
    if (!spreadLikeUniform(p, k)) return INIT.spread;
    const again = await gru.call('initGru', [D, H, s]);
    if (!PARAM_NAMES.every((name) => identical(get(again, name), p[name]))) return INIT.sameSeed;
    const other = get(await gru.call('initGru', [D, H, seed('init/other')]), 'Wx');
    if (!(other instanceof Matrix) || other.data.filter((w, j) => w === p.Wx.data[j]).length > 0.1 * p.Wx.data.length)
      return INIT.otherSeed;
  }
  return null;
}

// ---- Hygiene. ----

const HYGIENE = {
  notDeterministic: text('hidden.04.initAndHygiene.hygiene.notDeterministic'),
  mutated: text('hidden.04.initAndHygiene.hygiene.mutated'),
} satisfies Record<string, Localized>;

/** Bit for bit the same matrix (NaN equal to NaN), as repeated runs must give. */
function identical(a: unknown, b: unknown): boolean {
  return (
    a instanceof Matrix &&
    b instanceof Matrix &&
    a.rows === b.rows &&
    a.cols === b.cols &&
    a.data.every((v, i) => Object.is(v, b.data[i]))
  );
}

function sameList(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((m, i) => identical(m, b[i]));
}

/** The arguments as the student's function left them, against what was sent (params flattened). */
function argsIntact(returned: unknown, sent: unknown[]): boolean {
  const after = get(returned, '$args');
  if (!Array.isArray(after) || after.length !== sent.length) return false;
  return sent.every((s, i) => {
    if (s instanceof Matrix) return identical(after[i], s);
    if (Array.isArray(s)) return sameList(after[i], s);
    if (s !== null && typeof s === 'object' && 'Wx' in s)
      return PARAM_NAMES.every((name) => identical(get(after[i], name), (s as ref.GruParams)[name]));
    return true; // a cache handle: the student's own object
  });
}

/**
 * Everything wrong with determinism and argument hygiene, in the order the student should fix it, and whether the
 * forward results the check builds on are right (the harness's consistencyCase rule: constant results are
 * trivially deterministic). A backward mistake is charged in step-backward, bptt and gradient-check, not here.
 */
export async function hygieneProblems(
  gru: StudentModule,
  k: GruStepCase,
  s: GruSequenceCase,
): Promise<{ problems: Localized[]; builtOn: { gruStep: boolean; gruForward: boolean } }> {
  const problems: Localized[] = [];
  const stepArgs = [k.x, k.hPrev, k.p];
  const first = await gru.call('gruStep', stepArgs, { keep: ['cache'], returnArgs: true });
  const second = await gru.call('gruStep', stepArgs, { keep: ['cache'] });
  const h = get(get(first, '$result'), 'h');
  const cache = get(get(first, '$result'), 'cache');
  if (!identical(h, get(second, 'h'))) problems.push(fill(HYGIENE.notDeterministic, { fn: 'gruStep' }));
  if (!argsIntact(first, stepArgs)) problems.push(fill(HYGIENE.mutated, { fn: 'gruStep' }));
  const g1 = await gru.call('gruStepBackward', [k.dh, cache], { returnArgs: true });
  const g2 = await gru.call('gruStepBackward', [k.dh, cache]);
  if (
    !['dx', 'dhPrev', 'dWx', 'dWh', 'dbx', 'dbh'].every((name) =>
      identical(get(get(g1, '$result'), name), get(g2, name)),
    )
  ) {
    problems.push(fill(HYGIENE.notDeterministic, { fn: 'gruStepBackward' }));
  }
  if (!argsIntact(g1, [k.dh, cache])) problems.push(fill(HYGIENE.mutated, { fn: 'gruStepBackward' }));

  const sequenceArgs = [s.xs, s.h0, s.p];
  const run1 = await gru.call('gruForward', sequenceArgs, { keep: ['cache'], returnArgs: true });
  const run2 = await gru.call('gruForward', sequenceArgs, { keep: ['cache'] });
  const hs = get(get(run1, '$result'), 'hs');
  const sequenceCache = get(get(run1, '$result'), 'cache');
  if (!sameList(hs, get(run2, 'hs'))) problems.push(fill(HYGIENE.notDeterministic, { fn: 'gruForward' }));
  if (!argsIntact(run1, sequenceArgs)) problems.push(fill(HYGIENE.mutated, { fn: 'gruForward' }));
  const b1 = await gru.call('gruBackward', [s.dhs, sequenceCache], { returnArgs: true });
  const b2 = await gru.call('gruBackward', [s.dhs, sequenceCache]);
  const r1 = get(b1, '$result');
  if (
    !sameList(get(r1, 'dxs'), get(b2, 'dxs')) ||
    !['dh0', 'dWx', 'dWh', 'dbx', 'dbh'].every((name) => identical(get(r1, name), get(b2, name)))
  ) {
    problems.push(fill(HYGIENE.notDeterministic, { fn: 'gruBackward' }));
  }
  if (!argsIntact(b1, [s.dhs, sequenceCache])) problems.push(fill(HYGIENE.mutated, { fn: 'gruBackward' }));

  const builtOn = {
    gruStep: rightMatrix(h, ref.gruStep(k.x, k.hPrev, k.p).h),
    gruForward: rightMatrices(hs, ref.gruForward(s.xs, s.h0, s.p).hs),
  };
  return { problems, builtOn };
}
