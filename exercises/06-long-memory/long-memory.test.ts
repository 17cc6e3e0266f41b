/**
 * Public checks for exercise 06. Run them with `npx gatelab check 06-long-memory`.
 * They compare your functions with the published examples in fixtures.json; when your work is graded, the same
 * checks run on new examples of the same kinds, plus hidden checks (README.md lists them).
 *
 * Открытые проверки упражнения 06. Запуск: `npx gatelab check 06-long-memory`.
 */
import { check, field, publicCases } from '../../grader/harness';
import type { Matrix } from '../lib/matrix';

type Params = Record<string, Matrix>;

interface Fixtures {
  steps: { x: Matrix; hPrev: Matrix; p: Params; dh: Matrix; h: Matrix; grads: Record<string, Matrix> }[];
  sequences: {
    xs: Matrix[];
    h0: Matrix;
    p: Params;
    dhs: Matrix[];
    hs: Matrix[];
    grads: Record<string, Matrix | Matrix[]>;
  }[];
  tasks: { n: number; T: number; seed: number; xs: Matrix[]; y: Matrix }[];
  models: { cell: string; xs: Matrix[]; p: Params; dPred: Matrix; pred: Matrix; grads: Record<string, Matrix> }[];
}

const EXERCISE = '06-long-memory';
const fixtures = publicCases<Fixtures>(__dirname);
const STEP_GRADS = ['dx', 'dhPrev', 'dWx', 'dWh', 'db'];
const PARAMS = ['Wx', 'Wh', 'b', 'Wy', 'by'];

check(EXERCISE, 'public-rnn', async (t) => {
  const rnn = t.module('rnn');
  for (const e of fixtures.steps) {
    // The cache stays in the sandbox: it is yours, and may hold anything your backward needs.
    const out = await rnn.call('rnnStep', [e.x, e.hPrev, e.p], { keep: ['cache'] });
    const hOk = t.matrix('h', field(out, 'h'), e.h);
    const grads = await rnn.call('rnnStepBackward', [e.dh, field(out, 'cache')]);
    t.case([hOk, ...STEP_GRADS.map((name) => t.matrix(name, field(grads, name), e.grads[name]))].every(Boolean));
  }
  for (const e of fixtures.sequences) {
    const out = await rnn.call('rnnForward', [e.xs, e.h0, e.p], { keep: ['cache'] });
    const hs = field(out, 'hs');
    const hsOk = e.hs.map((h, i) => t.matrix(`hs[${i}]`, Array.isArray(hs) ? hs[i] : null, h));
    const grads = await rnn.call('rnnBackward', [e.dhs, field(out, 'cache')]);
    const dxs = field(grads, 'dxs');
    const want = e.grads.dxs as Matrix[];
    const dxsOk = want.map((dx, i) => t.matrix(`dxs[${i}]`, Array.isArray(dxs) ? dxs[i] : null, dx));
    const rest = ['dh0', 'dWx', 'dWh', 'db'].map((name) => t.matrix(name, field(grads, name), e.grads[name] as Matrix));
    t.case([...hsOk, ...dxsOk, ...rest].every(Boolean));
  }
});

check(EXERCISE, 'public-task', async (t) => {
  const lm = t.module('long-memory');
  for (const e of fixtures.tasks) {
    const got = await lm.call('addingProblem', [e.n, e.T, e.seed]);
    const xs = field(got, 'xs');
    const xsOk = e.xs.map((x, i) => t.matrix(`xs[${i}]`, Array.isArray(xs) ? xs[i] : null, x));
    t.case([...xsOk, t.matrix('y', field(got, 'y'), e.y)].every(Boolean));
  }
  for (const e of fixtures.models) {
    const out = await lm.call('modelForward', [e.cell, e.p, e.xs], { keep: ['cache'] });
    const predOk = t.matrix(`pred (${e.cell})`, field(out, 'pred'), e.pred);
    const grads = await lm.call('modelBackward', [e.dPred, field(out, 'cache')]);
    t.case(
      [predOk, ...PARAMS.map((name) => t.matrix(`${name} (${e.cell})`, field(grads, name), e.grads[name]))].every(
        Boolean,
      ),
    );
  }
});
