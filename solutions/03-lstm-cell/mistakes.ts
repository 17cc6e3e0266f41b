/**
 * Realistic wrong LSTM cells, for diagnosis. Trusted side only: never shipped to students.
 *
 * Each mistake is the reference with one line of the math changed, written as a replacement of one named part of
 * the computation; two mistakes that replace different parts combine into one wrong cell (`combine`), so a
 * submission with two slips is recognised too. When a student's outputs match a mistake's outputs on the same
 * inputs (and not the reference's), the grader says what is wrong instead of "mismatch". `affects` lists exactly
 * the outputs that differ from the reference on DIAGNOSTIC_SHAPE (cases.ts) with non-zero states; several
 * mistakes vanish at a zero state, in saturation, or with N = 1, so diagnose on such a case.
 * The texts name the gate, the term and the line of math, and never contain expected numbers. The file is long only
 * because every entry carries its diagnosis and hint in both course languages.
 */
import { Matrix } from '../lib/matrix';
import {
  lstmStep,
  lstmStepBackward,
  type LstmParams,
  type LstmSequenceGrads,
  type LstmStepCache,
  type LstmStepGrads,
  type LstmStepOutput,
} from './lstm';

/** A student-facing text in both course languages (the same shape as the grader's `Localized`). */
export interface Localized {
  en: string;
  ru: string;
}

interface MistakeText {
  id: string;
  /** What is wrong, naming the gate or term and the line of math. */
  diagnosis: Localized;
  /** How to put it right. */
  hint: Localized;
  /** What is still right when this is the only mistake (not said of a pair, where it may not hold). */
  aloneRight?: Localized;
}

/** The diagnosis of a mistake found on its own, with what is still right. */
export function aloneText(m: MistakeText): Localized {
  if (!m.aloneRight) return m.diagnosis;
  return { en: `${m.diagnosis.en} ${m.aloneRight.en}`, ru: `${m.diagnosis.ru} ${m.aloneRight.ru}` };
}

const C_IS_RIGHT: Localized = { en: 'Your c is right.', ru: 'Ваш c верный.' };

/** The four gates' values (or their pre-activations, or their gradients), by name. */
export interface Blocks {
  i: Matrix;
  f: Matrix;
  g: Matrix;
  o: Matrix;
}

// ---- One step, forward ----

type StepForward = (x: Matrix, hPrev: Matrix, cPrev: Matrix, p: LstmParams) => LstmStepOutput;

/** The reference forward, one replaceable part per line of the math. */
export interface ForwardParts {
  a: (x: Matrix, hPrev: Matrix, cPrev: Matrix, p: LstmParams) => Matrix; // N×4H
  split: (a: Matrix) => Blocks; //                                          N×H each: which block is which gate
  activate: (a: Blocks) => Blocks; //                                       N×H each
  c: (z: Blocks, cPrev: Matrix) => Matrix; //                               N×H
  h: (o: Matrix, c: Matrix, cPrev: Matrix) => Matrix; //                    N×H
}

const inOrder = (order: readonly (keyof Blocks)[]) => (a: Matrix): Blocks => {
  const blocks = a.splitCols(4);
  return { [order[0]]: blocks[0], [order[1]]: blocks[1], [order[2]]: blocks[2], [order[3]]: blocks[3] } as unknown as Blocks;
};

const REFERENCE_FORWARD: ForwardParts = {
  a: (x, hPrev, _cPrev, p) => x.matmul(p.Wx).add(hPrev.matmul(p.Wh)).add(p.b),
  split: inOrder(['i', 'f', 'g', 'o']),
  activate: (a) => ({ i: a.i.sigmoid(), f: a.f.sigmoid(), g: a.g.tanh(), o: a.o.sigmoid() }),
  c: (z, cPrev) => z.f.mul(cPrev).add(z.i.mul(z.g)),
  h: (o, c) => o.mul(c.tanh()),
};

export function forwardWith(wrong: Partial<ForwardParts>): StepForward {
  const parts = { ...REFERENCE_FORWARD, ...wrong };
  return (x, hPrev, cPrev, p) => {
    const z = parts.activate(parts.split(parts.a(x, hPrev, cPrev, p)));
    const c = parts.c(z, cPrev);
    const h = parts.h(z.o, c, cPrev);
    return { h, c, cache: { x, hPrev, cPrev, ...z, tanhC: c.tanh(), Wx: p.Wx, Wh: p.Wh } };
  };
}

export interface ForwardMistake extends MistakeText {
  parts: Partial<ForwardParts>;
  affects: readonly ('h' | 'c')[];
}

/** Each H×H block of Wh transposed: what per-gate code written as PyTorch's W_hh·h gives in our layout. */
function blocksTransposed(W: Matrix): Matrix {
  return Matrix.concatCols(W.splitCols(4).map((block) => block.transpose()));
}

const ORDER_HINT: Localized = {
  en: 'Split a once with a.splitCols(4) and name the blocks [i, f, g, o] in this order. Keras stores its kernel in the same order (i, f, c, o); PyTorch too (i, f, g, o), with its weights transposed.',
  ru: 'Разбейте a один раз с помощью a.splitCols(4) и назовите блоки [i, f, g, o] именно в этом порядке. В Keras ядро хранится в том же порядке (i, f, c, o), в PyTorch тоже (i, f, g, o), только веса транспонированы.',
};

export const FORWARD_MISTAKES: readonly ForwardMistake[] = [
  {
    id: 'blocks-ifog',
    parts: { split: inOrder(['i', 'f', 'o', 'g']) },
    affects: ['h', 'c'],
    diagnosis: {
      en: 'The gate blocks are read in the wrong order: the 4H columns of a hold i, f, g, o; yours reads them as i, f, o, g (the order of the CS231n assignment), so the candidate g and the output gate o are swapped.',
      ru: 'Блоки вентилей прочитаны в неверном порядке: 4H столбцов a содержат i, f, g, o, а ваш код читает их как i, f, o, g (порядок из задания CS231n), так что кандидат g и выходной вентиль o перепутаны.',
    },
    hint: ORDER_HINT,
  },
  {
    id: 'blocks-igfo',
    parts: { split: inOrder(['i', 'g', 'f', 'o']) },
    affects: ['h', 'c'],
    diagnosis: {
      en: 'The gate blocks are read in the wrong order: the 4H columns of a hold i, f, g, o; yours reads them as i, g, f, o (the order of TensorFlow 1\'s LSTMCell, i, j, f, o), so the forget gate f and the candidate g are swapped.',
      ru: 'Блоки вентилей прочитаны в неверном порядке: 4H столбцов a содержат i, f, g, o, а ваш код читает их как i, g, f, o (порядок LSTMCell из TensorFlow 1: i, j, f, o), так что вентиль забывания f и кандидат g перепутаны.',
    },
    hint: ORDER_HINT,
  },
  {
    id: 'blocks-iofg',
    parts: { split: inOrder(['i', 'o', 'f', 'g']) },
    affects: ['h', 'c'],
    diagnosis: {
      en: 'The gate blocks are read in the wrong order: the 4H columns of a hold i, f, g, o; yours reads them as i, o, f, g (the order of ONNX, i, o, f, c), so only the input gate i sits in the right block.',
      ru: 'Блоки вентилей прочитаны в неверном порядке: 4H столбцов a содержат i, f, g, o, а ваш код читает их как i, o, f, g (порядок ONNX: i, o, f, c), так что на своём месте только входной вентиль i.',
    },
    hint: ORDER_HINT,
  },
  {
    id: 'input-forget-swapped',
    parts: { split: inOrder(['f', 'i', 'g', 'o']) },
    affects: ['h', 'c'],
    diagnosis: {
      en: 'The input gate and the forget gate are swapped: c must be f ⊙ cPrev + i ⊙ g; yours matches i ⊙ cPrev + f ⊙ g, as if the forget gate scaled the candidate (or the first two blocks were read as f, i).',
      ru: 'Входной вентиль и вентиль забывания перепутаны: нужно c = f ⊙ cPrev + i ⊙ g, а ваш результат совпадает с i ⊙ cPrev + f ⊙ g — как будто вентиль забывания масштабирует кандидата (или первые два блока прочитаны как f, i).',
    },
    hint: {
      en: 'The forget gate f (the second block) multiplies the old state cPrev; the input gate i (the first block) multiplies the candidate g.',
      ru: 'Вентиль забывания f (второй блок) умножает старое состояние cPrev, входной вентиль i (первый блок) умножает кандидата g.',
    },
  },
  {
    id: 'candidate-sigmoid',
    parts: { activate: (a) => ({ i: a.i.sigmoid(), f: a.f.sigmoid(), g: a.g.sigmoid(), o: a.o.sigmoid() }) },
    affects: ['h', 'c'],
    diagnosis: {
      en: 'The candidate has the wrong activation: g = tanh(a_g), new content between −1 and 1; yours matches σ(a_g), which can only add to the state, never subtract.',
      ru: 'У кандидата неверная активация: g = tanh(a_g) — новое содержимое от −1 до 1, а ваш результат совпадает с σ(a_g), которая может только прибавлять к состоянию, но не вычитать.',
    },
    hint: {
      en: 'Three neurons are gates (i, f, o: σ, a share between 0 and 1) and one is content (g: tanh). Use aG.tanh() for the third block.',
      ru: 'Три нейрона — вентили (i, f, o: σ, доля от 0 до 1), а один — содержимое (g: tanh). Для третьего блока используйте aG.tanh().',
    },
  },
  {
    id: 'output-no-tanh',
    parts: { h: (o, c) => o.mul(c) },
    affects: ['h'],
    diagnosis: {
      en: 'The output gate\'s line is missing its tanh: h must be o ⊙ tanh(c); yours matches o ⊙ c.',
      ru: 'В строке выходного вентиля пропущен tanh: нужно h = o ⊙ tanh(c), а ваш результат совпадает с o ⊙ c.',
    },
    aloneRight: C_IS_RIGHT,
    hint: {
      en: 'The state c may grow beyond ±1; tanh squashes it into (−1, 1) before the output gate chooses how much of it to show: h = o.mul(c.tanh()).',
      ru: 'Состояние c может выходить за ±1; tanh сжимает его в (−1, 1), прежде чем выходной вентиль решит, какую долю показать: h = o.mul(c.tanh()).',
    },
  },
  {
    id: 'output-tanh-outside',
    parts: { h: (o, c) => o.mul(c).tanh() },
    affects: ['h'],
    diagnosis: {
      en: 'The output gate is applied before the tanh: h must be o ⊙ tanh(c); yours matches tanh(o ⊙ c).',
      ru: 'Выходной вентиль применён до tanh: нужно h = o ⊙ tanh(c), а ваш результат совпадает с tanh(o ⊙ c).',
    },
    aloneRight: C_IS_RIGHT,
    hint: {
      en: 'First squash the state, then gate it: o.mul(c.tanh()).',
      ru: 'Сначала сожмите состояние, потом пропустите через вентиль: o.mul(c.tanh()).',
    },
  },
  {
    id: 'output-sigmoid',
    parts: { h: (o, c) => o.mul(c.sigmoid()) },
    affects: ['h'],
    diagnosis: {
      en: 'The output gate\'s line squashes the state with σ: h must be o ⊙ tanh(c); yours matches o ⊙ σ(c), which cannot be negative.',
      ru: 'В строке выходного вентиля состояние сжимается сигмоидой: нужно h = o ⊙ tanh(c), а ваш результат совпадает с o ⊙ σ(c), который не бывает отрицательным.',
    },
    aloneRight: C_IS_RIGHT,
    hint: {
      en: 'The output shows the state with its sign: use c.tanh(), not c.sigmoid().',
      ru: 'Выход показывает состояние вместе со знаком: используйте c.tanh(), а не c.sigmoid().',
    },
  },
  {
    id: 'output-from-old-state',
    parts: { h: (o, _c, cPrev) => o.mul(cPrev.tanh()) },
    affects: ['h'],
    diagnosis: {
      en: 'The output is computed from the old state: h must be o ⊙ tanh(c) with this step\'s new c; yours matches o ⊙ tanh(cPrev).',
      ru: 'Выход вычислен по старому состоянию: нужно h = o ⊙ tanh(c) с новым c этого шага, а ваш результат совпадает с o ⊙ tanh(cPrev).',
    },
    aloneRight: C_IS_RIGHT,
    hint: {
      en: 'Compute c first, then h from that c.',
      ru: 'Сначала вычислите c, затем h из этого c.',
    },
  },
  {
    id: 'input-gate-not-applied',
    parts: { c: (z, cPrev) => z.f.mul(cPrev).add(z.g) },
    affects: ['h', 'c'],
    diagnosis: {
      en: 'The input gate is not applied: c must be f ⊙ cPrev + i ⊙ g; yours matches f ⊙ cPrev + g, as if the input gate were always fully open.',
      ru: 'Входной вентиль не применён: нужно c = f ⊙ cPrev + i ⊙ g, а ваш результат совпадает с f ⊙ cPrev + g — как будто входной вентиль всегда полностью открыт.',
    },
    hint: {
      en: 'The lesson\'s C_new is i ⊙ g: the input gate decides how much of the candidate is written. Multiply g by i.',
      ru: 'C_new из лекции — это i ⊙ g: входной вентиль решает, какая доля кандидата записывается. Умножьте g на i.',
    },
  },
  {
    id: 'input-gate-coupled',
    parts: { c: (z, cPrev) => z.f.mul(cPrev).add(z.f.oneMinus().mul(z.g)) },
    affects: ['h', 'c'],
    diagnosis: {
      en: 'The input gate is replaced by 1 − f: c must be f ⊙ cPrev + i ⊙ g; yours matches f ⊙ cPrev + (1 − f) ⊙ g, the coupled form of the GRU. The LSTM writes with its own input gate i.',
      ru: 'Входной вентиль заменён на 1 − f: нужно c = f ⊙ cPrev + i ⊙ g, а ваш результат совпадает с f ⊙ cPrev + (1 − f) ⊙ g — связанной формой из GRU. LSTM записывает через собственный входной вентиль i.',
    },
    hint: {
      en: 'Use the first block, i = σ(a_i), to scale the candidate: i.mul(g).',
      ru: 'Масштабируйте кандидата первым блоком, i = σ(a_i): i.mul(g).',
    },
  },
  {
    id: 'bias-dropped',
    parts: { a: (x, hPrev, _cPrev, p) => x.matmul(p.Wx).add(hPrev.matmul(p.Wh)) },
    affects: ['h', 'c'],
    diagnosis: {
      en: 'The bias is missing from the pre-activation: a must be x·Wx + hPrev·Wh + b; yours matches the same expression without b, so every gate is off.',
      ru: 'В предактивации пропущено смещение: нужно a = x·Wx + hPrev·Wh + b, а ваш результат совпадает с тем же выражением без b, поэтому сбиты все вентили.',
    },
    hint: {
      en: 'Add p.b, a 1×4H row, to the N×4H pre-activation: Matrix.add broadcasts it over the rows of the batch.',
      ru: 'Прибавьте p.b — строку 1×4H — к предактивации N×4H: Matrix.add сам распространит её на все строки батча.',
    },
  },
  {
    id: 'bias-twice',
    parts: { a: (x, hPrev, cPrev, p) => REFERENCE_FORWARD.a(x, hPrev, cPrev, p).add(p.b) },
    affects: ['h', 'c'],
    diagnosis: {
      en: 'The bias is counted twice: a = x·Wx + hPrev·Wh + b adds b once; yours matches the same expression with 2·b, so every gate is off.',
      ru: 'Смещение учтено дважды: в a = x·Wx + hPrev·Wh + b смещение прибавляется один раз, а ваш результат совпадает с тем же выражением с 2·b, поэтому сбиты все вентили.',
    },
    hint: {
      en: 'PyTorch keeps two biases, b_ih and b_hh; here they are already added into one b. Add p.b once.',
      ru: 'В PyTorch два смещения, b_ih и b_hh; здесь они уже сложены в одно b. Прибавьте p.b один раз.',
    },
  },
  {
    id: 'recurrent-term-missing',
    parts: { a: (x, _hPrev, _cPrev, p) => x.matmul(p.Wx).add(p.b) },
    affects: ['h', 'c'],
    diagnosis: {
      en: 'The gates ignore the previous output: a must be x·Wx + hPrev·Wh + b; yours matches the same expression without hPrev·Wh.',
      ru: 'Вентили не учитывают предыдущий выход: нужно a = x·Wx + hPrev·Wh + b, а ваш результат совпадает с тем же выражением без hPrev·Wh.',
    },
    hint: {
      en: 'All four neurons look at both x_t and h_{t−1}: add hPrev.matmul(p.Wh).',
      ru: 'Все четыре нейрона смотрят и на x_t, и на h_{t−1}: добавьте hPrev.matmul(p.Wh).',
    },
  },
  {
    id: 'recurrent-uses-state',
    parts: { a: (x, _hPrev, cPrev, p) => x.matmul(p.Wx).add(cPrev.matmul(p.Wh)).add(p.b) },
    affects: ['h', 'c'],
    diagnosis: {
      en: 'The recurrent term multiplies the wrong matrix: a must be x·Wx + hPrev·Wh + b, with the previous output; yours matches x·Wx + cPrev·Wh + b, with the previous cell state.',
      ru: 'Рекуррентное слагаемое умножает не ту матрицу: нужно a = x·Wx + hPrev·Wh + b — с предыдущим выходом, а ваш результат совпадает с x·Wx + cPrev·Wh + b — с предыдущим состоянием ячейки.',
    },
    hint: {
      en: 'The gates read h_{t−1}, the cell\'s previous output; the state C_{t−1} only enters through f ⊙ cPrev.',
      ru: 'Вентили читают h_{t−1}, предыдущий выход ячейки; состояние C_{t−1} входит только через f ⊙ cPrev.',
    },
  },
  {
    id: 'recurrent-blocks-transposed',
    parts: { a: (x, hPrev, _cPrev, p) => x.matmul(p.Wx).add(hPrev.matmul(blocksTransposed(p.Wh))).add(p.b) },
    affects: ['h', 'c'],
    diagnosis: {
      en: 'Each gate\'s recurrent weight is transposed: with the batch in rows, gate k gets hPrev·Wh_k, where Wh_k is the k-th H×H block of Wh; yours matches hPrev·Wh_kᵀ for every block (PyTorch\'s W_hh·h written in our layout). The blocks are square, so the shapes did not catch it.',
      ru: 'Рекуррентный вес каждого вентиля транспонирован: когда примеры записаны строками, вентиль k получает hPrev·Wh_k, где Wh_k — k-й блок H×H матрицы Wh, а ваш результат совпадает с hPrev·Wh_kᵀ для каждого блока (W_hh·h из PyTorch, записанное в нашей раскладке). Блоки квадратные, поэтому проверка размеров этого не заметила.',
    },
    hint: {
      en: 'Weights multiply from the right and are not transposed: one hPrev.matmul(p.Wh) gives all four blocks at once.',
      ru: 'Веса умножаются справа и не транспонируются: одно hPrev.matmul(p.Wh) сразу даёт все четыре блока.',
    },
  },
];

// ---- One step, backward ----

type StepBackward = (dh: Matrix, dc: Matrix, k: LstmStepCache) => LstmStepGrads;

/** The reference backward, one replaceable part per line of the math. */
export interface BackwardParts {
  dO: (dh: Matrix, k: LstmStepCache) => Matrix; //                       N×H  through h = o ⊙ tanh(c) to o
  dcTotal: (dh: Matrix, dc: Matrix, k: LstmStepCache) => Matrix; //      N×H  … to c, plus the future's dc
  dcPrev: (dcTotal: Matrix, k: LstmStepCache) => Matrix; //              N×H
  dGates: (dcTotal: Matrix, k: LstmStepCache) => { dI: Matrix; dF: Matrix; dG: Matrix };
  daGate: (dGate: Matrix, gate: Matrix) => Matrix; //                    N×H  through σ, for i, f and o
  daCandidate: (dG: Matrix, g: Matrix) => Matrix; //                     N×H  through tanh, for g
  concat: (da: Blocks) => Matrix; //                                      N×4H
  dWx: (da: Matrix, k: LstmStepCache) => Matrix; //                      D×4H
  db: (da: Matrix) => Matrix; //                                          1×4H
}

const REFERENCE_BACKWARD: BackwardParts = {
  dO: (dh, k) => dh.mul(k.tanhC),
  dcTotal: (dh, dc, k) => dc.add(dh.mul(k.o).mul(k.tanhC.mul(k.tanhC).oneMinus())),
  dcPrev: (dcTotal, k) => dcTotal.mul(k.f),
  dGates: (dcTotal, k) => ({ dI: dcTotal.mul(k.g), dF: dcTotal.mul(k.cPrev), dG: dcTotal.mul(k.i) }),
  daGate: (d, s) => d.mul(s).mul(s.oneMinus()),
  daCandidate: (dG, g) => dG.mul(g.mul(g).oneMinus()),
  concat: (da) => Matrix.concatCols([da.i, da.f, da.g, da.o]),
  dWx: (da, k) => k.x.transpose().matmul(da),
  db: (da) => da.sumRows(),
};

export function backwardWith(wrong: Partial<BackwardParts>): StepBackward {
  const parts = { ...REFERENCE_BACKWARD, ...wrong };
  return (dh, dc, k) => {
    const dcTotal = parts.dcTotal(dh, dc, k);
    const { dI, dF, dG } = parts.dGates(dcTotal, k);
    const da = parts.concat({
      i: parts.daGate(dI, k.i),
      f: parts.daGate(dF, k.f),
      g: parts.daCandidate(dG, k.g),
      o: parts.daGate(parts.dO(dh, k), k.o),
    });
    return {
      dx: da.matmul(k.Wx.transpose()),
      dhPrev: da.matmul(k.Wh.transpose()),
      dcPrev: parts.dcPrev(dcTotal, k),
      dWx: parts.dWx(da, k),
      dWh: k.hPrev.transpose().matmul(da),
      db: parts.db(da),
    };
  };
}

export type StepGradName = keyof LstmStepGrads;

export interface BackwardMistake extends MistakeText {
  parts: Partial<BackwardParts>;
  affects: readonly StepGradName[];
}

/** Every gradient that flows through the pre-activation a. */
const THROUGH_A: readonly StepGradName[] = ['dx', 'dhPrev', 'dWx', 'dWh', 'db'];
const logit = (s: Matrix) => s.map((v) => Math.log(v) - Math.log1p(-v)); // σ⁻¹: the pre-activation from a gate
const atanh = (t: Matrix) => t.map((v) => Math.atanh(v)); //             tanh⁻¹: c from tanh(c), a_g from g

export const BACKWARD_MISTAKES: readonly BackwardMistake[] = [
  {
    id: 'step-ignores-future-dc',
    parts: { dcTotal: (dh, _dc, k) => dh.mul(k.o).mul(k.tanhC.mul(k.tanhC).oneMinus()) },
    affects: ['dcPrev', ...THROUGH_A],
    diagnosis: {
      en: 'The gradient arriving on c from the future is dropped: the total gradient on the state is dc + dh ⊙ o ⊙ (1 − tanh²(c)); yours matches the second term alone, as if the argument dc were zero.',
      ru: 'Градиент, приходящий на c из будущего, потерян: полный градиент по состоянию равен dc + dh ⊙ o ⊙ (1 − tanh²(c)), а ваш совпадает только со вторым слагаемым — как будто аргумент dc равен нулю.',
    },
    hint: {
      en: 'c is used twice, by h and by the next step; the gradients of both uses add. Start from dc.add(…).',
      ru: 'c используется дважды — в h и на следующем шаге; градиенты обоих использований складываются. Начните с dc.add(…).',
    },
  },
  {
    id: 'cell-tanh-derivative-missing',
    parts: { dcTotal: (dh, dc, k) => dc.add(dh.mul(k.o)) },
    affects: ['dcPrev', ...THROUGH_A],
    diagnosis: {
      en: 'The gradient from h to c skips the tanh: through h = o ⊙ tanh(c) the state gets dh ⊙ o ⊙ (1 − tanh²(c)); yours matches dh ⊙ o, without tanh\'(c).',
      ru: 'Градиент от h к c не проходит через tanh: из h = o ⊙ tanh(c) состояние получает dh ⊙ o ⊙ (1 − tanh²(c)), а ваш совпадает с dh ⊙ o — без tanh\'(c).',
    },
    aloneRight: { en: 'The output gate\'s own gradient is right.', ru: 'Градиент самого выходного вентиля верный.' },
    hint: {
      en: 'tanh\'(c) = 1 − tanh²(c): keep tanh(c) in the cache and multiply by its oneMinus of the square.',
      ru: 'tanh\'(c) = 1 − tanh²(c): сохраните tanh(c) в кэше и домножьте на 1 минус его квадрат.',
    },
  },
  {
    id: 'cell-tanh-derivative-of-output',
    parts: {
      dcTotal: (dh, dc, k) => {
        const h = k.o.mul(k.tanhC);
        return dc.add(dh.mul(k.o).mul(h.mul(h).oneMinus()));
      },
    },
    affects: ['dcPrev', ...THROUGH_A],
    diagnosis: {
      en: "In lstmStepBackward, tanh'(c) is written as 1 − h²: through h = o ⊙ tanh(c) the cell state gets dcTotal = dc + dh ⊙ o ⊙ tanh'(c) with tanh'(c) = 1 − tanh²(c), and h is o ⊙ tanh(c), not tanh(c); yours matches dc + dh ⊙ o ⊙ (1 − h²). The gate lines are right: the o block of dWx, dWh and db, which does not pass through c, is right; dcPrev, dx, dhPrev and the i, f, g blocks all inherit the wrong dcTotal.",
      ru: "В lstmStepBackward tanh'(c) записана как 1 − h²: из h = o ⊙ tanh(c) состояние ячейки получает dcTotal = dc + dh ⊙ o ⊙ tanh'(c), где tanh'(c) = 1 − tanh²(c), а h — это o ⊙ tanh(c), а не tanh(c); ваш результат совпадает с dc + dh ⊙ o ⊙ (1 − h²). Строки вентилей верны: блок o в dWx, dWh и db, который не проходит через c, верен; dcPrev, dx, dhPrev и блоки i, f, g наследуют неверный dcTotal.",
    },
    hint: {
      en: "Write tanh'(c) with tanh(c) itself, which the cache keeps: 1 − tanhC ⊙ tanhC.",
      ru: "Записывайте tanh'(c) через сам tanh(c), который хранится в кэше: 1 − tanhC ⊙ tanhC.",
    },
  },
  {
    id: 'cell-tanh-derivative-of-state',
    parts: {
      dcTotal: (dh, dc, k) => {
        const c = atanh(k.tanhC);
        return dc.add(dh.mul(k.o).mul(c.mul(c).oneMinus()));
      },
    },
    affects: ['dcPrev', ...THROUGH_A],
    diagnosis: {
      en: 'tanh\'(c) is written with c instead of tanh(c): through h = o ⊙ tanh(c) the state gets dh ⊙ o ⊙ (1 − tanh²(c)); yours matches dh ⊙ o ⊙ (1 − c²).',
      ru: 'tanh\'(c) записана через c вместо tanh(c): из h = o ⊙ tanh(c) состояние получает dh ⊙ o ⊙ (1 − tanh²(c)), а ваш совпадает с dh ⊙ o ⊙ (1 − c²).',
    },
    hint: {
      en: 'The derivative of tanh is expressed by its output: 1 − tanh²(c), not 1 − c².',
      ru: 'Производная tanh выражается через её выход: 1 − tanh²(c), а не 1 − c².',
    },
  },
  {
    id: 'output-gate-gradient-uses-state',
    parts: { dO: (dh, k) => dh.mul(atanh(k.tanhC)) },
    affects: THROUGH_A,
    diagnosis: {
      en: 'The output gate\'s gradient uses c instead of tanh(c): from h = o ⊙ tanh(c), do = dh ⊙ tanh(c); yours matches dh ⊙ c.',
      ru: 'В градиенте выходного вентиля стоит c вместо tanh(c): из h = o ⊙ tanh(c) следует do = dh ⊙ tanh(c), а ваш совпадает с dh ⊙ c.',
    },
    hint: {
      en: 'In a product each factor gets the gradient times the other factor, and here the other factor is tanh(c).',
      ru: 'В произведении каждый множитель получает градиент, умноженный на другой множитель, а другой множитель здесь — tanh(c).',
    },
  },
  {
    id: 'sigmoid-derivative-of-preactivation',
    parts: {
      daGate: (d, s) => {
        const a = logit(s);
        return d.mul(a).mul(a.oneMinus());
      },
    },
    affects: THROUGH_A,
    diagnosis: {
      en: 'σ\' is written on the pre-activation: through a gate s = σ(a) the gradient is da = ds ⊙ s ⊙ (1 − s); yours matches ds ⊙ a ⊙ (1 − a) for the gates i, f and o.',
      ru: 'σ\' записана через предактивацию: при вентиле s = σ(a) градиент равен da = ds ⊙ s ⊙ (1 − s), а ваш для вентилей i, f и o совпадает с ds ⊙ a ⊙ (1 − a).',
    },
    hint: {
      en: 'σ\'(a) = σ(a)·(1 − σ(a)) uses the gate\'s value: i.mul(i.oneMinus()), and the same for f and o.',
      ru: 'σ\'(a) = σ(a)·(1 − σ(a)) использует значение вентиля: i.mul(i.oneMinus()), и так же для f и o.',
    },
  },
  {
    id: 'candidate-derivative-sigmoid',
    parts: { daCandidate: (dG, g) => dG.mul(g).mul(g.oneMinus()) },
    affects: THROUGH_A,
    diagnosis: {
      en: 'The candidate\'s derivative is σ\'s: g = tanh(a_g), so da_g = dg ⊙ (1 − g²); yours matches dg ⊙ g ⊙ (1 − g), the formula for a sigmoid gate.',
      ru: 'Производная кандидата взята как у сигмоиды: g = tanh(a_g), поэтому da_g = dg ⊙ (1 − g²), а ваш совпадает с dg ⊙ g ⊙ (1 − g) — формулой для сигмоидного вентиля.',
    },
    aloneRight: { en: 'The gates i, f and o are right.', ru: 'Вентили i, f и o верны.' },
    hint: {
      en: 'tanh\' = 1 − tanh²: g.mul(g).oneMinus().',
      ru: 'tanh\' = 1 − tanh²: используйте g.mul(g).oneMinus().',
    },
  },
  {
    id: 'candidate-derivative-of-preactivation',
    parts: {
      daCandidate: (dG, g) => {
        const aG = atanh(g);
        return dG.mul(aG.mul(aG).oneMinus());
      },
    },
    affects: THROUGH_A,
    diagnosis: {
      en: 'tanh\' of the candidate is written on the pre-activation: g = tanh(a_g) gives da_g = dg ⊙ (1 − g²); yours matches dg ⊙ (1 − a_g²).',
      ru: 'tanh\' кандидата записана через предактивацию: из g = tanh(a_g) следует da_g = dg ⊙ (1 − g²), а ваш совпадает с dg ⊙ (1 − a_g²).',
    },
    hint: {
      en: 'Square the candidate g, the output of tanh, not its input.',
      ru: 'Возводите в квадрат кандидата g — выход tanh, а не его вход.',
    },
  },
  {
    id: 'state-gradient-ungated',
    parts: { dcPrev: (dcTotal) => dcTotal },
    affects: ['dcPrev'],
    diagnosis: {
      en: 'The gradient to the previous state skips the forget gate: c = f ⊙ cPrev + i ⊙ g gives dcPrev = dc ⊙ f (dc being the total gradient on c); yours matches it without f. This factor f is what carries or fades the gradient through time, as in part 01.',
      ru: 'Градиент к предыдущему состоянию не проходит через вентиль забывания: из c = f ⊙ cPrev + i ⊙ g следует dcPrev = dc ⊙ f (dc — полный градиент по c), а ваш совпадает с ним без f. Именно множитель f переносит или гасит градиент во времени, как в части 01.',
    },
    hint: {
      en: '∂c/∂cPrev is f, elementwise: multiply the total gradient on c by f.',
      ru: '∂c/∂cPrev поэлементно равна f: умножьте полный градиент по c на f.',
    },
  },
  {
    id: 'forget-product-factors-swapped',
    parts: {
      dcPrev: (dcTotal, k) => dcTotal.mul(k.cPrev),
      dGates: (dcTotal, k) => ({ dI: dcTotal.mul(k.g), dF: dcTotal.mul(k.f), dG: dcTotal.mul(k.i) }),
    },
    affects: ['dcPrev', ...THROUGH_A],
    diagnosis: {
      en: 'The factors of f ⊙ cPrev are mixed up in the backward pass: dcPrev = dc ⊙ f and df = dc ⊙ cPrev; yours match dcPrev = dc ⊙ cPrev and df = dc ⊙ f.',
      ru: 'В обратном проходе перепутаны множители f ⊙ cPrev: dcPrev = dc ⊙ f и df = dc ⊙ cPrev, а ваши совпадают с dcPrev = dc ⊙ cPrev и df = dc ⊙ f.',
    },
    hint: {
      en: 'For p = u ⊙ v: du = dp ⊙ v and dv = dp ⊙ u — each factor gets the other.',
      ru: 'Для p = u ⊙ v: du = dp ⊙ v и dv = dp ⊙ u — каждый множитель получает другой.',
    },
  },
  {
    id: 'input-product-factors-swapped',
    parts: { dGates: (dcTotal, k) => ({ dI: dcTotal.mul(k.i), dF: dcTotal.mul(k.cPrev), dG: dcTotal.mul(k.g) }) },
    affects: THROUGH_A,
    diagnosis: {
      en: 'The factors of i ⊙ g are mixed up in the backward pass: di = dc ⊙ g and dg = dc ⊙ i; yours match di = dc ⊙ i and dg = dc ⊙ g.',
      ru: 'В обратном проходе перепутаны множители i ⊙ g: di = dc ⊙ g и dg = dc ⊙ i, а ваши совпадают с di = dc ⊙ i и dg = dc ⊙ g.',
    },
    hint: {
      en: 'For p = u ⊙ v: du = dp ⊙ v and dv = dp ⊙ u — each factor gets the other.',
      ru: 'Для p = u ⊙ v: du = dp ⊙ v и dv = dp ⊙ u — каждый множитель получает другой.',
    },
  },
  {
    id: 'gradient-blocks-ifog',
    parts: { concat: (da) => Matrix.concatCols([da.i, da.f, da.o, da.g]) },
    affects: THROUGH_A,
    diagnosis: {
      en: 'The gate gradients are put back in the wrong order: da must hold the blocks in the order of a, i, f, g, o; yours matches i, f, o, g, so the gradients of the candidate and the output gate land in each other\'s columns.',
      ru: 'Градиенты вентилей собраны в неверном порядке: da должен содержать блоки в порядке a — i, f, g, o, а ваш совпадает с i, f, o, g, так что градиенты кандидата и выходного вентиля попали в чужие столбцы.',
    },
    hint: {
      en: 'Matrix.concatCols([daI, daF, daG, daO]): the same order as the split in the forward pass.',
      ru: 'Matrix.concatCols([daI, daF, daG, daO]) — тот же порядок, что и при разбиении в прямом проходе.',
    },
  },
  {
    id: 'bias-gradient-averaged',
    parts: { db: (da) => da.sumRows().scale(1 / da.rows) },
    affects: ['db'],
    diagnosis: {
      en: 'The bias gradient is averaged over the batch: b is added to every row, so db is the sum of da over the rows; yours matches their mean, N times smaller.',
      ru: 'Градиент смещения усреднён по батчу: b прибавляется к каждой строке, поэтому db — сумма da по строкам, а ваш совпадает со средним, то есть в N раз меньше.',
    },
    hint: {
      en: 'Use da.sumRows() and do not divide by N: if the loss averages over the batch, that 1/N is already inside dh and dc.',
      ru: 'Используйте da.sumRows() и не делите на N: если функция потерь усредняется по батчу, множитель 1/N уже содержится в dh и dc.',
    },
  },
  {
    id: 'input-weight-gradient-one-row',
    parts: { dWx: (da, k) => Matrix.from([k.x.toArray()[0]]).transpose().matmul(Matrix.from([da.toArray()[0]])) },
    affects: ['dWx'],
    diagnosis: {
      en: 'dWx is taken from one row of the batch: Wx is shared by all N rows, so dWx = xᵀ·da sums x_nᵀ·da_n over every row n; yours matches the first row alone, x_0ᵀ·da_0. Every other gradient (dx, dhPrev, dcPrev, dWh, db) is right, so only the dWx line is wrong.',
      ru: 'dWx взят по одной строке батча: Wx общая для всех N строк, поэтому dWx = xᵀ·da суммирует x_nᵀ·da_n по всем строкам n, а ваш совпадает только с первой строкой, x_0ᵀ·da_0. Остальные градиенты (dx, dhPrev, dcPrev, dWh, db) верны, так что ошибка только в строке с dWx.',
    },
    hint: {
      en: 'x.transpose().matmul(da) (D×N times N×4H) sums over the batch by itself.',
      ru: 'x.transpose().matmul(da) (D×N на N×4H) сам суммирует по батчу.',
    },
  },
];

// ---- Sequences ----

type SequenceForward = (xs: Matrix[], h0: Matrix, c0: Matrix, p: LstmParams) => { hs: Matrix[]; c: Matrix };

export interface SequenceMistake extends MistakeText {
  forward: SequenceForward;
}

/** Runs the reference step over xs; `carry` decides which state each step starts from. */
function chain(carry: (t: number, h: Matrix, c: Matrix, h0: Matrix, c0: Matrix) => [Matrix, Matrix]): SequenceForward {
  return (xs, h0, c0, p) => {
    let h = h0;
    let c = c0;
    const hs: Matrix[] = [];
    xs.forEach((x, t) => {
      const [hPrev, cPrev] = carry(t, h, c, h0, c0);
      const out = lstmStep(x, hPrev, cPrev, p);
      h = out.h;
      c = out.c;
      hs.push(h);
    });
    return { hs, c };
  };
}

export const SEQUENCE_MISTAKES: readonly SequenceMistake[] = [
  {
    id: 'sequence-state-not-carried',
    forward: chain((_t, _h, _c, h0, c0) => [h0, c0]),
    diagnosis: {
      en: 'Your lstmStep is right, but lstmForward does not hand the state on: every step starts again from h0 and c0 instead of the previous step\'s h and c.',
      ru: 'Ваш lstmStep верен, но lstmForward не передаёт состояние дальше: каждый шаг снова начинается с h0 и c0 вместо h и c предыдущего шага.',
    },
    hint: {
      en: 'Keep h and c in variables outside the loop and overwrite them with each step\'s results.',
      ru: 'Храните h и c в переменных вне цикла и перезаписывайте их результатами каждого шага.',
    },
  },
  {
    id: 'sequence-cell-not-carried',
    forward: chain((_t, h, _c, _h0, c0) => [h, c0]),
    diagnosis: {
      en: 'Your lstmStep is right, but lstmForward hands on only h: every step starts from c0 instead of the previous step\'s cell state c. The cell state is the LSTM\'s long-term memory; it must travel from step to step.',
      ru: 'Ваш lstmStep верен, но lstmForward передаёт дальше только h: каждый шаг начинается с c0 вместо состояния c предыдущего шага. Состояние ячейки — долговременная память LSTM, оно должно переходить от шага к шагу.',
    },
    hint: {
      en: 'Pass the c returned by step t as cPrev of step t + 1.',
      ru: 'Передавайте c, возвращённое шагом t, как cPrev шага t + 1.',
    },
  },
  {
    id: 'sequence-output-not-carried',
    forward: chain((_t, _h, c, h0) => [h0, c]),
    diagnosis: {
      en: 'Your lstmStep is right, but lstmForward hands on only c: every step starts from h0 instead of the previous step\'s output h.',
      ru: 'Ваш lstmStep верен, но lstmForward передаёт дальше только c: каждый шаг начинается с h0 вместо выхода h предыдущего шага.',
    },
    hint: {
      en: 'Pass the h returned by step t as hPrev of step t + 1.',
      ru: 'Передавайте h, возвращённое шагом t, как hPrev шага t + 1.',
    },
  },
  {
    id: 'sequence-outputs-shifted',
    forward: (xs, h0, c0, p) => {
      const { hs, c } = chain((_t, h, cc) => [h, cc])(xs, h0, c0, p);
      return { hs: [h0, ...hs.slice(0, -1)], c };
    },
    diagnosis: {
      en: 'Your hs are shifted by one step: hs[t] must be the output of step t, h_{t+1} in the lesson\'s counting; yours are h0, h_1, …, h_{T−1}, each step\'s input state.',
      ru: 'Ваши hs сдвинуты на один шаг: hs[t] должен быть выходом шага t, то есть h_{t+1} в нумерации лекции, а у вас h0, h_1, …, h_{T−1} — входные состояния шагов.',
    },
    hint: {
      en: 'Push the h that the step returns, after calling it, not the h you pass in.',
      ru: 'Добавляйте в hs то h, которое шаг возвращает (после вызова), а не то, которое вы в него передаёте.',
    },
  },
];

// ---- Backpropagation through time ----

type Bptt = (dhs: Matrix[], steps: LstmStepCache[]) => LstmSequenceGrads;

export interface BpttMistake extends MistakeText {
  backward: Bptt;
}

interface BpttOptions {
  /** Add dcPrev of step t + 1 to step t (the future's dc). */
  carryDc?: boolean;
  /** How step t's dh is formed from dhs[t] and dhPrev of step t + 1. */
  dh?: 'sum' | 'loss-only' | 'replace';
  /** How the parameter gradients of the steps are combined. */
  params?: 'sum' | 'first-step' | 'last-step' | 'mean';
  /** Walk the steps from the first to the last instead of from the last to the first. */
  forwardInTime?: boolean;
}

/** The reference BPTT with its choices exposed. */
export function bpttWith(opts: BpttOptions): Bptt {
  const { carryDc = true, dh = 'sum', params = 'sum', forwardInTime = false } = opts;
  return (dhs, steps) => {
    const T = steps.length;
    const { rows: N, cols: H } = dhs[0];
    let dhNext = Matrix.zeros(N, H);
    let dcNext = Matrix.zeros(N, H);
    const perStep: LstmStepGrads[] = new Array<LstmStepGrads>(T);
    const order = Array.from({ length: T }, (_, k) => (forwardInTime ? k : T - 1 - k));
    for (const [n, t] of order.entries()) {
      const dhT = dh === 'loss-only' ? dhs[t] : dh === 'replace' && n > 0 ? dhNext : dhs[t].add(dhNext);
      const grads = lstmStepBackward(dhT, carryDc ? dcNext : Matrix.zeros(N, H), steps[t]);
      perStep[t] = grads;
      dhNext = grads.dhPrev;
      dcNext = grads.dcPrev;
    }
    const combine = (name: 'dWx' | 'dWh' | 'db'): Matrix => {
      if (params === 'first-step') return perStep[0][name];
      if (params === 'last-step') return perStep[T - 1][name];
      const sum = perStep.slice(1).reduce((s, g) => s.add(g[name]), perStep[0][name]);
      return params === 'mean' ? sum.scale(1 / T) : sum;
    };
    return {
      dxs: perStep.map((g) => g.dx),
      dh0: dhNext,
      dc0: dcNext,
      dWx: combine('dWx'),
      dWh: combine('dWh'),
      db: combine('db'),
    };
  };
}

const PARAMS_NOT_SUMMED_HINT: Localized = {
  en: 'Start dWx, dWh and db at zero before the loop and add each step\'s gradients: dWx = dWx.add(grads.dWx).',
  ru: 'Обнулите dWx, dWh и db перед циклом и прибавляйте градиенты каждого шага: dWx = dWx.add(grads.dWx).',
};

export const BPTT_MISTAKES: readonly BpttMistake[] = [
  {
    id: 'bptt-drops-future-dc',
    backward: bpttWith({ carryDc: false }),
    diagnosis: {
      en: 'The gradient from the future along the cell state is dropped: step t must receive dc = dcPrev of step t + 1, the gradient of c_t through the next forget gate; yours gives every step dc = 0. Either lstmBackward does not pass dcPrev back to the step before, or lstmStepBackward ignores its dc argument (the total gradient on c is dc + dh ⊙ o ⊙ (1 − tanh²(c))); if lstmStepBackward passes its own check, it is the loop. This is exactly the path that lets an LSTM remember for long.',
      ru: 'Градиент из будущего вдоль состояния ячейки потерян: шаг t должен получить dc = dcPrev шага t + 1 — градиент c_t через следующий вентиль забывания, а у вас каждый шаг получает dc = 0. Либо lstmBackward не передаёт dcPrev на шаг назад, либо lstmStepBackward не учитывает свой аргумент dc (полный градиент на c равен dc + dh ⊙ o ⊙ (1 − tanh²(c))); если lstmStepBackward проходит свою проверку, дело в цикле. Именно этот путь позволяет LSTM долго помнить.',
    },
    hint: {
      en: 'Keep dcNext between iterations: pass it to lstmStepBackward and overwrite it with the dcPrev it returns; dc0 is its value after the loop.',
      ru: 'Храните dcNext между итерациями: передавайте его в lstmStepBackward и перезаписывайте возвращённым dcPrev; dc0 — его значение после цикла.',
    },
  },
  {
    id: 'bptt-drops-future-dh',
    backward: bpttWith({ dh: 'loss-only' }),
    diagnosis: {
      en: 'The gradient from the future along the outputs is dropped: h_t is used by the loss and by step t + 1, so step t must receive dhs[t] + dhPrev of step t + 1; yours receives dhs[t] alone.',
      ru: 'Градиент из будущего вдоль выходов потерян: h_t используется и функцией потерь, и шагом t + 1, поэтому шаг t должен получить dhs[t] + dhPrev шага t + 1, а ваш получает только dhs[t].',
    },
    hint: {
      en: 'Keep dhNext between iterations and call lstmStepBackward(dhs[t].add(dhNext), dcNext, …).',
      ru: 'Храните dhNext между итерациями и вызывайте lstmStepBackward(dhs[t].add(dhNext), dcNext, …).',
    },
  },
  {
    id: 'bptt-future-dh-replaces-loss',
    backward: bpttWith({ dh: 'replace' }),
    diagnosis: {
      en: 'Before the last step, the gradient from the future replaces the loss\'s own gradient: h_t is used twice, so step t must receive dhs[t] + dhPrev of step t + 1; yours receives only dhPrev of step t + 1.',
      ru: 'Для всех шагов, кроме последнего, градиент из будущего заменяет собственный градиент функции потерь: h_t используется дважды, поэтому шаг t должен получить dhs[t] + dhPrev шага t + 1, а ваш получает только dhPrev шага t + 1.',
    },
    hint: {
      en: 'Add the two: dhs[t].add(dhNext), with dhNext zero at the last step.',
      ru: 'Сложите оба: dhs[t].add(dhNext), где dhNext на последнем шаге равен нулю.',
    },
  },
  {
    id: 'bptt-params-overwritten',
    backward: bpttWith({ params: 'first-step' }),
    diagnosis: {
      en: 'The parameter gradients are not summed over time: the same Wx, Wh and b act at every step, so dWx, dWh and db add up the gradients of all T steps; yours hold only those of the first step (the last one your loop visits), as if each step overwrote the previous one.',
      ru: 'Градиенты параметров не суммируются по времени: одни и те же Wx, Wh и b действуют на каждом шаге, поэтому dWx, dWh и db складываются по всем T шагам, а у вас в них только градиенты первого шага (последнего, до которого доходит цикл) — как будто каждый шаг перезаписывает предыдущий.',
    },
    hint: PARAMS_NOT_SUMMED_HINT,
  },
  {
    id: 'bptt-params-last-step-only',
    backward: bpttWith({ params: 'last-step' }),
    diagnosis: {
      en: 'The parameter gradients are not summed over time: the same Wx, Wh and b act at every step, so dWx, dWh and db add up the gradients of all T steps; yours hold only those of the last step.',
      ru: 'Градиенты параметров не суммируются по времени: одни и те же Wx, Wh и b действуют на каждом шаге, поэтому dWx, dWh и db складываются по всем T шагам, а у вас в них только градиенты последнего шага.',
    },
    hint: PARAMS_NOT_SUMMED_HINT,
  },
  {
    id: 'bptt-params-averaged',
    backward: bpttWith({ params: 'mean' }),
    diagnosis: {
      en: 'The parameter gradients are averaged over time: dWx, dWh and db are the sum of the steps\' gradients; yours match their mean, T times smaller.',
      ru: 'Градиенты параметров усреднены по времени: dWx, dWh и db — сумма градиентов шагов, а ваши совпадают со средним, то есть в T раз меньше.',
    },
    hint: {
      en: 'Do not divide by T: the loss is a sum over the steps, and so is its gradient.',
      ru: 'Не делите на T: функция потерь — сумма по шагам, и её градиент тоже.',
    },
  },
  {
    id: 'bptt-forward-in-time',
    backward: bpttWith({ forwardInTime: true }),
    diagnosis: {
      en: 'Backpropagation through time runs forwards: step t depends on what step t + 1 sends back, so the loop must go from the last step to the first; yours goes from the first to the last.',
      ru: 'Обратное распространение во времени идёт вперёд: шаг t зависит от того, что вернёт шаг t + 1, поэтому цикл должен идти от последнего шага к первому, а ваш идёт от первого к последнему.',
    },
    hint: {
      en: 'for (let t = T - 1; t >= 0; t--): the gradients flow against the arrow of time.',
      ru: 'for (let t = T - 1; t >= 0; t--): градиенты текут против хода времени.',
    },
  },
];

// ---- Two mistakes at once ----

export interface Combined<P> extends MistakeText {
  parts: Partial<P>;
}

/** Every pair of mistakes that replace different parts, as one mistake whose text names both. */
export function combine<P extends object>(mistakes: readonly (MistakeText & { parts: Partial<P> })[]): Combined<P>[] {
  const pairs: Combined<P>[] = [];
  mistakes.forEach((a, k) => {
    for (const b of mistakes.slice(k + 1)) {
      if (Object.keys(a.parts).some((part) => part in b.parts)) continue;
      pairs.push({
        id: `${a.id}+${b.id}`,
        parts: { ...a.parts, ...b.parts },
        diagnosis: {
          en: `Two things are wrong. First: ${a.diagnosis.en} Second: ${b.diagnosis.en}`,
          ru: `Неверны две вещи. Первая: ${a.diagnosis.ru} Вторая: ${b.diagnosis.ru}`,
        },
        hint: { en: `${a.hint.en} ${b.hint.en}`, ru: `${a.hint.ru} ${b.hint.ru}` },
      });
    }
  });
  return pairs;
}
