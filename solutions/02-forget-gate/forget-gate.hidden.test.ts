/**
 * Hidden suite of exercise 02 (teacher-only). Every case is drawn from the student's seed, so
 * each student has their own; the reference computes the expected values here, in the trusted
 * process, and the student's code runs in the sandbox.
 */
import { Matrix } from '../lib/matrix';
import {
  check,
  closeNumber,
  field,
  studentFiniteDifferences,
  FD_TOLERANCE,
  gradientRelativeError,
  text,
  outputsText,
  recognise,
  rightMatrix,
  StudentFailure,
  type CheckTools,
  type StudentModule,
  valueOf,
} from '../../grader/harness';
import * as ref from './forget-gate';
import { CASE_SHAPES, DIAGNOSTIC_SHAPE, makeCase, type ForgetGateCase } from './cases';
import { BACKWARD_MISTAKES, FORWARD_MISTAKES } from './mistakes';
import {
  HALF_LIFE_INPUTS,
  HALF_LIFE_LARGE,
  HALF_LIFE_MISTAKES,
  HALF_LIFE_NAIVE,
  RETENTION_HINT,
  RETENTION_INPUTS,
  RETENTION_MISTAKES,
  SIGMOID_NAN,
} from './retention-mistakes';

const EXERCISE = '02-forget-gate';
const GRADIENTS = ['dx', 'dhPrev', 'dcPrev', 'dcNew', 'dWfx', 'dWfh', 'dbf'] as const;

const args = (k: ForgetGateCase) => [k.x, k.hPrev, k.cPrev, k.cNew, k.p];

/** Every shape, each plain, from a zero state, and saturated (pre-activations of about ±25). */
function cases(t: CheckTools): ForgetGateCase[] {
  return CASE_SHAPES.flatMap((shape, i) => [
    makeCase(t.seed(`${i}`), shape),
    makeCase(t.seed(`${i}/zero`), shape, { zeroState: true }),
    makeCase(t.seed(`${i}/saturated`), shape, { scale: 30 }),
  ]);
}

/** When the forward is wrong, run it on a case where every catalogued mistake shows, and name the mistake. */
async function diagnoseForward(t: CheckTools, gate: StudentModule): Promise<void> {
  const k = makeCase(t.seed('diagnose'), DIAGNOSTIC_SHAPE);
  const got = await gate.call('forgetGateForward', args(k), { keep: ['cache'] });
  const candidates = FORWARD_MISTAKES.map((m) => {
    const out = m.forward(k.x, k.hPrev, k.cPrev, k.cNew, k.p);
    return { id: m.id, outputs: { f: out.f, c: out.c }, diagnosis: m.diagnosis, hint: m.hint };
  });
  const found = recognise(got, candidates);
  if (found) t.diagnose(found.diagnosis, found.hint);
}

async function diagnoseBackward(t: CheckTools, gate: StudentModule): Promise<void> {
  const k = makeCase(t.seed('diagnose'), DIAGNOSTIC_SHAPE);
  const forward = await gate.call('forgetGateForward', args(k), { keep: ['cache'] });
  const reference = ref.forgetGateForward(k.x, k.hPrev, k.cPrev, k.cNew, k.p);
  if (!(field(forward, 'f') instanceof Matrix) || !t.matrix('f', field(forward, 'f'), reference.f)) {
    t.diagnose(text('hidden.02.suite.fixForwardFirst'));
    return;
  }
  const got = await gate.call('forgetGateBackward', [k.dc, field(forward, 'cache')]);
  const candidates = BACKWARD_MISTAKES.map((m) => ({
    id: m.id,
    outputs: { ...m.backward(k.dc, reference.cache) },
    diagnosis: m.diagnosis,
    hint: m.hint,
  }));
  const found = recognise(got, candidates);
  if (found) {
    t.diagnose(found.diagnosis, found.hint);
    return;
  }
  const want = ref.forgetGateBackward(k.dc, reference.cache);
  const wrong = GRADIENTS.filter((name) => {
    const value = field(got, name);
    return !(value instanceof Matrix) || !closeMatrices(value, want[name]);
  });
  if (wrong.length > 0)
    t.diagnose(
      outputsText(
        'forgetGateBackward',
        wrong,
        GRADIENTS.filter((name) => !wrong.includes(name)),
      ),
    );
}

function closeMatrices(a: Matrix, b: Matrix): boolean {
  return a.rows === b.rows && a.cols === b.cols && a.data.every((v, i) => closeNumber(v, b.data[i]));
}

check(EXERCISE, 'forward', async (t) => {
  const gate = t.module('forget-gate');
  const all = cases(t);
  const gots = await gate.series(all.map((k) => ({ fn: 'forgetGateForward', args: args(k), keep: ['cache'] })));
  for (const [i, k] of all.entries()) {
    const want = ref.forgetGateForward(k.x, k.hPrev, k.cPrev, k.cNew, k.p);
    const got = valueOf(gots[i]);
    const fOk = t.matrix('f', field(got, 'f'), want.f);
    const cOk = t.matrix('c', field(got, 'c'), want.c);
    t.case(fOk && cOk);
  }
  if (t.anyFailed) await diagnoseForward(t, gate);
});

check(EXERCISE, 'backward', async (t) => {
  const gate = t.module('forget-gate');
  const all = cases(t);
  const gots = await gate.pairs(
    all.map((k) => ({ fn: 'forgetGateForward', args: args(k) })),
    (cache, i) => ({ fn: 'forgetGateBackward', args: [all[i].dc, cache] }),
  );
  for (const [i, k] of all.entries()) {
    const reference = ref.forgetGateForward(k.x, k.hPrev, k.cPrev, k.cNew, k.p);
    const want = ref.forgetGateBackward(k.dc, reference.cache);
    const got = valueOf(gots[i]);
    const oks = GRADIENTS.map((name) => t.matrix(name, field(got, name), want[name]));
    t.case(oks.every(Boolean));
  }
  if (t.anyFailed) await diagnoseBackward(t, gate);
});

check(EXERCISE, 'gradient-check', async (t) => {
  const gate = t.module('forget-gate');
  const inputNames = ['x', 'hPrev', 'cPrev', 'cNew', 'Wfx', 'Wfh', 'bf'] as const;
  const gradOf: Record<(typeof inputNames)[number], (typeof GRADIENTS)[number]> = {
    x: 'dx',
    hPrev: 'dhPrev',
    cPrev: 'dcPrev',
    cNew: 'dcNew',
    Wfx: 'dWfx',
    Wfh: 'dWfh',
    bf: 'dbf',
  };
  const disagreeing = new Set<string>();
  // Finite differences need smooth, non-saturated points; the small shapes keep the call count low.
  for (const [i, shape] of [CASE_SHAPES[0], CASE_SHAPES[1], DIAGNOSTIC_SHAPE].entries()) {
    const k = makeCase(t.seed(`fd/${i}`), shape, { scale: 0.5 });
    const inputs = { x: k.x, hPrev: k.hPrev, cPrev: k.cPrev, cNew: k.cNew, ...k.p };
    const forward = await gate.call('forgetGateForward', args(k), { keep: ['cache'] });
    const want = ref.forgetGateForward(k.x, k.hPrev, k.cPrev, k.cNew, k.p);
    const forwardRight = rightMatrix(field(forward, 'f'), want.f) && rightMatrix(field(forward, 'c'), want.c);
    const analytic = await gate.call('forgetGateBackward', [k.dc, field(forward, 'cache')]);
    const numeric = await studentFiniteDifferences(
      gate,
      'forgetGateForward',
      [k.x, k.hPrev, k.cPrev, k.cNew, { Wfx: k.p.Wfx, Wfh: k.p.Wfh, bf: k.p.bf }],
      Object.fromEntries(inputNames.map((name) => [name, inputs[name]])),
      ['c'],
      (outs) =>
        outs.map((out) => {
          const c = field(out, 'c');
          return c instanceof Matrix && c.rows === k.dc.rows && c.cols === k.dc.cols ? c.mul(k.dc).sum() : NaN;
        }),
    );
    const ok = inputNames.map((name) => {
      const a = field(analytic, gradOf[name]);
      const n = numeric[name];
      const agrees =
        a instanceof Matrix &&
        a.rows === n.rows &&
        a.cols === n.cols &&
        gradientRelativeError([a], [n]) <= FD_TOLERANCE;
      if (!agrees) disagreeing.add(gradOf[name]);
      return agrees;
    });
    t.consistencyCase({ forgetGateForward: forwardRight }, ok.every(Boolean));
  }
  if (disagreeing.size > 0 && t.unprovenFoundations.length === 0) {
    t.diagnose(text('hidden.02.suite.gradientCheck.disagrees', { names: [...disagreeing].join(', ') }));
  }
});

check(EXERCISE, 'sigmoid', async (t) => {
  const gate = t.module('forget-gate');
  const extremes = Matrix.from([
    [-1000, -745, -710, -40, -1e-9, 0],
    [1e-9, 40, 710, 745, 1000, 3],
  ]);
  const random = Matrix.random(3, 4, t.seed('random'), -60, 60);
  let nanWhereNumber = false;
  for (const z of [extremes, random]) {
    const got = await gate.call('sigmoid', [z]);
    const want = ref.sigmoid(z);
    nanWhereNumber ||=
      got instanceof Matrix &&
      got.data.length === want.data.length &&
      got.data.some((v, i) => Number.isNaN(v) && !Number.isNaN(want.data[i]));
    t.case(t.matrix('σ(z)', got, want));
  }
  if (nanWhereNumber) t.diagnose(SIGMOID_NAN);
  if (t.anyFailed) {
    t.hint(text('hidden.02.suite.sigmoid.hint'));
  }
});

check(EXERCISE, 'hygiene', async (t) => {
  const gate = t.module('forget-gate');
  const k = makeCase(t.seed('hygiene'), DIAGNOSTIC_SHAPE);
  const forwardArgs = args(k);
  const first = await gate.call('forgetGateForward', forwardArgs, { keep: ['cache'] });
  const second = await gate.call('forgetGateForward', forwardArgs, { keep: ['cache'] });
  const same = (a: unknown, b: unknown) =>
    a instanceof Matrix &&
    b instanceof Matrix &&
    a.data.length === b.data.length &&
    a.data.every((v, i) => Object.is(v, b.data[i]));
  const forwardDeterministic =
    same(field(first, 'f'), field(second, 'f')) && same(field(first, 'c'), field(second, 'c'));
  const g1 = await gate.call('forgetGateBackward', [k.dc, field(first, 'cache')]);
  const g2 = await gate.call('forgetGateBackward', [k.dc, field(first, 'cache')]);
  const backwardDeterministic = GRADIENTS.every((name) => same(field(g1, name), field(g2, name)));
  if (!forwardDeterministic || !backwardDeterministic) {
    t.diagnose(text('hidden.02.suite.hygiene.notDeterministic'));
  }
  const unchanged = await gate.call('forgetGateForward', forwardArgs, { keep: ['cache'], returnArgs: true });
  const after = field(unchanged, '$args');
  const sent = [k.x, k.hPrev, k.cPrev, k.cNew, k.p.Wfx, k.p.Wfh, k.p.bf];
  const afterList = Array.isArray(after)
    ? [after[0], after[1], after[2], after[3], field(after[4], 'Wfx'), field(after[4], 'Wfh'), field(after[4], 'bf')]
    : [];
  const intact = afterList.length === sent.length && sent.every((m, i) => same(afterList[i], m));
  if (!intact) {
    t.diagnose(text('hidden.02.suite.hygiene.mutated'));
  }
  // Same results twice and untouched arguments compare the student with themselves: this builds on a right forward.
  const want = ref.forgetGateForward(k.x, k.hPrev, k.cPrev, k.cNew, k.p);
  const result = field(unchanged, '$result');
  const correct = rightMatrix(field(result, 'f'), want.f) && rightMatrix(field(result, 'c'), want.c);
  t.consistencyCase({ forgetGateForward: correct }, forwardDeterministic && backwardDeterministic && intact);
});

/** Which retention or halfLife mistake the student's numbers reproduce on the diagnostic inputs, if any. */
async function diagnoseRetention(t: CheckTools, gate: StudentModule): Promise<void> {
  const same = (a: unknown, b: number) => typeof a === 'number' && closeNumber(a, b, 1e-9, 1e-12);
  const retention = await gate.callMany(
    'retention',
    RETENTION_INPUTS.map(([bf, steps]) => [bf, steps]),
  );
  const r = RETENTION_MISTAKES.find((m) =>
    RETENTION_INPUTS.every(([bf, steps], i) => same(retention[i], m.apply(bf, steps))),
  );
  if (r) t.diagnose(r.diagnosis);
  const half = await gate.callMany(
    'halfLife',
    HALF_LIFE_INPUTS.map((bf) => [bf]),
  );
  const h = HALF_LIFE_MISTAKES.find((m) => HALF_LIFE_INPUTS.every((bf, i) => same(half[i], m.apply(bf))));
  if (h) t.diagnose(h.diagnosis);
  const moderateRight = HALF_LIFE_INPUTS.every((bf, i) => same(half[i], ref.halfLife(bf)));
  if (moderateRight && !same(await gate.call('halfLife', [HALF_LIFE_LARGE]), ref.halfLife(HALF_LIFE_LARGE)))
    t.diagnose(HALF_LIFE_NAIVE);
}

check(EXERCISE, 'retention', async (t) => {
  const gate = t.module('forget-gate');
  const next = Matrix.random(1, 12, t.seed('bf'), -2, 8).data;
  const wrong = new Set<string>();
  const number = (fn: string, got: unknown, want: number) => {
    const ok = typeof got === 'number' && closeNumber(got, want);
    if (!ok) wrong.add(fn);
    return t.case(ok);
  };
  for (let i = 0; i < 6; i++) {
    const bf = next[i];
    // Few enough steps that at least 1/1000 of the state is left: a tiny answer must not pass by atol alone.
    const maxSteps = Math.min(200, Math.floor(Math.log(1e-3) / Math.log(ref.retention(bf, 1))));
    const steps = 1 + Math.floor(((next[i + 6] + 2) / 10) * maxSteps);
    number('retention', await gate.call('retention', [bf, steps]), ref.retention(bf, steps));
  }
  // bf = 40: σ(bf) rounds to 1 in float64, where ln σ(bf) is 0; the statement asks for a formula that survives it.
  for (const bf of [...next.slice(6), 40]) number('halfLife', await gate.call('halfLife', [bf]), ref.halfLife(bf));
  if (t.anyFailed) {
    // The diagnosis is a bonus: a student function that fails while being diagnosed leaves the verdict as it is.
    await diagnoseRetention(t, gate).catch((err: unknown) => {
      if (!(err instanceof StudentFailure)) throw err;
    });
    t.diagnose(text('diagnosis.wrongFunctions', { wrong: [...wrong].join(', ') }));
    t.hint(RETENTION_HINT);
  }
});
