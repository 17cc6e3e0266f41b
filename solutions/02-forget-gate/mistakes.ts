/**
 * Realistic wrong forget gates, for diagnosis. Trusted side only: never shipped to students.
 *
 * Each mistake is the reference with one line of the math changed. When a student's output matches a mistake's
 * output on the same inputs (and not the reference's), the grader can say what is wrong instead of "mismatch".
 * `affects` lists exactly the outputs that differ from the reference; the others are equal, so a grader may also
 * match output by output. Every mistake is visible on DIAGNOSTIC_SHAPE (cases.ts) with non-zero states; some are
 * invisible on purpose elsewhere (with H = 1 a transpose changes nothing, with N = 1 a mean is a sum, with zero
 * states every mistake about cPrev or hPrev vanishes), so diagnose on such a case.
 * The texts never contain expected numbers: they name the term and the line of math.
 */
import { Matrix } from '../lib/matrix';
import type { ForgetGateCache, ForgetGateGrads, ForgetGateOutput, ForgetGateParams } from './forget-gate';

/** A student-facing text in both course languages (the same shape as the grader's `Localized`). */
export interface Localized {
  en: string;
  ru: string;
}

export type ForwardOutputName = 'f' | 'c';
export type GradName = keyof ForgetGateGrads;

interface MistakeText {
  id: string;
  /** What is wrong, naming the gate or term and the line of math. */
  diagnosis: Localized;
  /** How to put it right. */
  hint: Localized;
}

export interface ForwardMistake extends MistakeText {
  forward: (x: Matrix, hPrev: Matrix, cPrev: Matrix, cNew: Matrix, p: ForgetGateParams) => ForgetGateOutput;
  affects: readonly ForwardOutputName[];
}

export interface BackwardMistake extends MistakeText {
  backward: (dc: Matrix, cache: ForgetGateCache) => ForgetGateGrads;
  affects: readonly GradName[];
}

/** The reference forward, one replaceable part per line of the math. */
interface ForwardParts {
  a: (x: Matrix, hPrev: Matrix, p: ForgetGateParams) => Matrix; // N×H
  f: (a: Matrix) => Matrix; //                                       N×H
  c: (f: Matrix, cPrev: Matrix, cNew: Matrix) => Matrix; //          N×H
}

const REFERENCE_FORWARD: ForwardParts = {
  a: (x, hPrev, p) => x.matmul(p.Wfx).add(hPrev.matmul(p.Wfh)).add(p.bf),
  f: (a) => a.sigmoid(),
  c: (f, cPrev, cNew) => f.mul(cPrev).add(cNew),
};

function forwardWith(wrong: Partial<ForwardParts>): ForwardMistake['forward'] {
  const parts = { ...REFERENCE_FORWARD, ...wrong };
  return (x, hPrev, cPrev, cNew, p) => {
    const f = parts.f(parts.a(x, hPrev, p));
    return { f, c: parts.c(f, cPrev, cNew), cache: { x, hPrev, cPrev, f, Wfx: p.Wfx, Wfh: p.Wfh } };
  };
}

/** The reference backward, one replaceable part per line of the math (`g` holds the gradients computed so far). */
interface BackwardParts {
  dcNew: (dc: Matrix, k: ForgetGateCache) => Matrix; //  N×H
  dcPrev: (dc: Matrix, k: ForgetGateCache) => Matrix; // N×H
  df: (dc: Matrix, k: ForgetGateCache) => Matrix; //     N×H
  da: (df: Matrix, k: ForgetGateCache) => Matrix; //     N×H
  dhPrev: (da: Matrix, k: ForgetGateCache) => Matrix; // N×H
  dWfx: (da: Matrix, k: ForgetGateCache) => Matrix; //   D×H
  dWfh: (da: Matrix, k: ForgetGateCache) => Matrix; //   H×H
  dbf: (da: Matrix, k: ForgetGateCache) => Matrix; //    1×H
}

const REFERENCE_BACKWARD: BackwardParts = {
  dcNew: (dc) => dc,
  dcPrev: (dc, k) => dc.mul(k.f),
  df: (dc, k) => dc.mul(k.cPrev),
  da: (df, k) => df.mul(k.f).mul(k.f.oneMinus()),
  dhPrev: (da, k) => da.matmul(k.Wfh.transpose()),
  dWfx: (da, k) => k.x.transpose().matmul(da),
  dWfh: (da, k) => k.hPrev.transpose().matmul(da),
  dbf: (da) => da.sumRows(),
};

function backwardWith(wrong: Partial<BackwardParts>): BackwardMistake['backward'] {
  const parts = { ...REFERENCE_BACKWARD, ...wrong };
  return (dc, k) => {
    const da = parts.da(parts.df(dc, k), k);
    return {
      dx: da.matmul(k.Wfx.transpose()),
      dhPrev: parts.dhPrev(da, k),
      dcPrev: parts.dcPrev(dc, k),
      dcNew: parts.dcNew(dc, k),
      dWfx: parts.dWfx(da, k),
      dWfh: parts.dWfh(da, k),
      dbf: parts.dbf(da, k),
    };
  };
}

/** Every gradient that flows through the gate's pre-activation a. */
const THROUGH_A: readonly GradName[] = ['dx', 'dhPrev', 'dWfx', 'dWfh', 'dbf'];

export const FORWARD_MISTAKES: readonly ForwardMistake[] = [
  {
    id: 'gate-tanh',
    forward: forwardWith({ f: (a) => a.tanh() }),
    affects: ['f', 'c'],
    diagnosis: {
      en: "The forget gate's activation is wrong: f must be σ(x·Wfx + hPrev·Wfh + bf), a value between 0 and 1; yours looks like tanh, which can go negative.",
      ru: 'Неверна активация вентиля забывания: f = σ(x·Wfx + hPrev·Wfh + bf) — число от 0 до 1; у вас, похоже, tanh, а он бывает отрицательным.',
    },
    hint: {
      en: 'Apply sigmoid() to the pre-activation, not tanh(): a gate is the share of the past to keep, so it has to stay between 0 and 1.',
      ru: 'Примените к предактивации sigmoid(), а не tanh(): вентиль — это доля прошлого, которую нужно сохранить, поэтому он должен оставаться между 0 и 1.',
    },
  },
  {
    id: 'gate-no-activation',
    forward: forwardWith({ f: (a) => a }),
    affects: ['f', 'c'],
    diagnosis: {
      en: 'The forget gate has no activation: your f matches the raw pre-activation x·Wfx + hPrev·Wfh + bf, which can be any number; f must be σ of it.',
      ru: 'У вентиля забывания нет активации: ваш f совпадает с самой предактивацией x·Wfx + hPrev·Wfh + bf, а она может быть любым числом; нужно взять от неё σ.',
    },
    hint: {
      en: 'Pass the pre-activation through sigmoid() before using it as f.',
      ru: 'Пропустите предактивацию через sigmoid(), прежде чем использовать её как f.',
    },
  },
  {
    id: 'gate-bias-dropped',
    forward: forwardWith({ a: (x, hPrev, p) => x.matmul(p.Wfx).add(hPrev.matmul(p.Wfh)) }),
    affects: ['f', 'c'],
    diagnosis: {
      en: "The forget gate's bias is missing: f must be σ(x·Wfx + hPrev·Wfh + bf); yours matches the same expression without bf.",
      ru: 'В вентиле забывания пропущено смещение: f = σ(x·Wfx + hPrev·Wfh + bf), а ваш результат совпадает с тем же выражением без bf.',
    },
    hint: {
      en: 'Add p.bf, a 1×H row, to the pre-activation: Matrix.add broadcasts it over the rows of the batch.',
      ru: 'Прибавьте к предактивации p.bf — строку 1×H: Matrix.add сам распространит её на все строки батча.',
    },
  },
  {
    id: 'gate-bias-twice',
    forward: forwardWith({ a: (x, hPrev, p) => REFERENCE_FORWARD.a(x, hPrev, p).add(p.bf) }),
    affects: ['f', 'c'],
    diagnosis: {
      en: "The forget gate's bias is counted twice: in f = σ(x·Wfx + hPrev·Wfh + bf) the bias is added once; yours matches the same expression with 2·bf.",
      ru: 'Смещение вентиля забывания учтено дважды: в f = σ(x·Wfx + hPrev·Wfh + bf) смещение прибавляется один раз, а ваш результат совпадает с тем же выражением с 2·bf.',
    },
    hint: {
      en: "PyTorch gives each product its own bias (b_ih and b_hh); here there is a single bf. Check that p.bf is added only once.",
      ru: 'В PyTorch у каждого произведения своё смещение (b_ih и b_hh), а здесь смещение одно — bf. Проверьте, что p.bf прибавляется только один раз.',
    },
  },
  {
    id: 'gate-recurrent-weight-transposed',
    forward: forwardWith({ a: (x, hPrev, p) => x.matmul(p.Wfx).add(hPrev.matmul(p.Wfh.transpose())).add(p.bf) }),
    affects: ['f', 'c'],
    diagnosis: {
      en: "The forget gate's recurrent term uses the transposed weight: the pre-activation needs hPrev·Wfh; yours matches hPrev·Wfhᵀ. Wfh is square (H×H), so the shapes did not catch it.",
      ru: 'В рекуррентном слагаемом вентиля забывания вес транспонирован: нужно hPrev·Wfh, а ваш результат совпадает с hPrev·Wfhᵀ. Матрица Wfh квадратная (H×H), поэтому проверка размеров этого не заметила.',
    },
    hint: {
      en: 'With the batch in rows, weights multiply from the right: hPrev.matmul(p.Wfh), with no transpose().',
      ru: 'Когда примеры батча записаны строками, веса умножаются справа: hPrev.matmul(p.Wfh), без transpose().',
    },
  },
  {
    id: 'gate-recurrent-term-missing',
    forward: forwardWith({ a: (x, _hPrev, p) => x.matmul(p.Wfx).add(p.bf) }),
    affects: ['f', 'c'],
    diagnosis: {
      en: 'The forget gate ignores the previous output: f must be σ(x·Wfx + hPrev·Wfh + bf); yours matches the same expression without the hPrev·Wfh term.',
      ru: 'Вентиль забывания не учитывает предыдущий выход: f = σ(x·Wfx + hPrev·Wfh + bf), а ваш результат совпадает с тем же выражением без слагаемого hPrev·Wfh.',
    },
    hint: {
      en: 'The gate looks at both the current input x_t and the previous output h_{t−1}: add hPrev.matmul(p.Wfh).',
      ru: 'Вентиль смотрит и на текущий вход x_t, и на предыдущий выход h_{t−1}: добавьте hPrev.matmul(p.Wfh).',
    },
  },
  {
    id: 'gate-input-term-missing',
    forward: forwardWith({ a: (_x, hPrev, p) => hPrev.matmul(p.Wfh).add(p.bf) }),
    affects: ['f', 'c'],
    diagnosis: {
      en: 'The forget gate ignores the current input: f must be σ(x·Wfx + hPrev·Wfh + bf); yours matches the same expression without the x·Wfx term.',
      ru: 'Вентиль забывания не учитывает текущий вход: f = σ(x·Wfx + hPrev·Wfh + bf), а ваш результат совпадает с тем же выражением без слагаемого x·Wfx.',
    },
    hint: {
      en: 'The gate looks at both the current input x_t and the previous output h_{t−1}: add x.matmul(p.Wfx).',
      ru: 'Вентиль смотрит и на текущий вход x_t, и на предыдущий выход h_{t−1}: добавьте x.matmul(p.Wfx).',
    },
  },
  {
    id: 'state-and-new-content-swapped',
    forward: forwardWith({ c: (f, cPrev, cNew) => f.mul(cNew).add(cPrev) }),
    affects: ['c'],
    diagnosis: {
      en: 'The forget gate multiplies the wrong term: the cell state is c = f ⊙ cPrev + cNew, the gate scales the old state; yours matches f ⊙ cNew + cPrev. Your f itself is right.',
      ru: 'Вентиль забывания умножает не то слагаемое: состояние ячейки c = f ⊙ cPrev + cNew — вентиль масштабирует старое состояние, а ваш результат совпадает с f ⊙ cNew + cPrev. Сам f у вас верный.',
    },
    hint: {
      en: 'f decides how much of the past to keep, so it multiplies cPrev; the new content cNew is added as it is.',
      ru: 'f решает, сколько прошлого сохранить, поэтому он умножает cPrev, а новое содержимое cNew прибавляется как есть.',
    },
  },
  {
    id: 'gate-on-new-content-too',
    forward: forwardWith({ c: (f, cPrev, cNew) => f.mul(cPrev).add(f.mul(cNew)) }),
    affects: ['c'],
    diagnosis: {
      en: 'The forget gate also scales the new content: c must be f ⊙ cPrev + cNew; yours matches f ⊙ cPrev + f ⊙ cNew. Your f itself is right.',
      ru: 'Вентиль забывания масштабирует ещё и новое содержимое: нужно c = f ⊙ cPrev + cNew, а ваш результат совпадает с f ⊙ cPrev + f ⊙ cNew. Сам f у вас верный.',
    },
    hint: {
      en: 'Only the old state passes through the forget gate. In a full LSTM the new content has a gate of its own, the input gate, not f.',
      ru: 'Через вентиль забывания проходит только старое состояние. В полном LSTM у нового содержимого свой вентиль — входной, а не f.',
    },
  },
  {
    id: 'gate-complement',
    forward: forwardWith({ c: (f, cPrev, cNew) => f.oneMinus().mul(cPrev).add(cNew) }),
    affects: ['c'],
    diagnosis: {
      en: 'The forget gate is used as 1 − f: c must be f ⊙ cPrev + cNew, where f is the share of the past that is kept; yours matches (1 − f) ⊙ cPrev + cNew. Your f itself is right.',
      ru: 'Вентиль забывания использован как 1 − f: нужно c = f ⊙ cPrev + cNew, где f — доля прошлого, которая сохраняется, а ваш результат совпадает с (1 − f) ⊙ cPrev + cNew. Сам f у вас верный.',
    },
    hint: {
      en: 'Despite its name, f is the fraction kept, not the fraction forgotten: f near 1 means "remember".',
      ru: 'Несмотря на название, f — это доля, которая сохраняется, а не забывается: f около 1 означает «помнить».',
    },
  },
  {
    id: 'gate-not-applied',
    forward: forwardWith({ c: (_f, cPrev, cNew) => cPrev.add(cNew) }),
    affects: ['c'],
    diagnosis: {
      en: 'The forget gate is computed but not used: c must be f ⊙ cPrev + cNew; yours matches cPrev + cNew, as if the gate were fully open everywhere. Your f itself is right.',
      ru: 'Вентиль забывания вычислен, но не применён: нужно c = f ⊙ cPrev + cNew, а ваш результат совпадает с cPrev + cNew, как будто вентиль везде полностью открыт. Сам f у вас верный.',
    },
    hint: {
      en: 'Multiply cPrev elementwise by f, f.mul(cPrev), before adding cNew.',
      ru: 'Прежде чем прибавлять cNew, поэлементно умножьте cPrev на f: f.mul(cPrev).',
    },
  },
];

export const BACKWARD_MISTAKES: readonly BackwardMistake[] = [
  {
    id: 'sigmoid-derivative-of-preactivation',
    // The pre-activation is not in the cache; a = ln f − ln(1 − f) recovers it (f is not saturated in diagnosis cases).
    backward: backwardWith({
      da: (df, k) => {
        const a = k.f.map((f) => Math.log(f) - Math.log1p(-f));
        return df.mul(a).mul(a.oneMinus());
      },
    }),
    affects: THROUGH_A,
    diagnosis: {
      en: "The sigmoid's derivative is taken of the wrong quantity: through f = σ(a) the gradient is da = df ⊙ f ⊙ (1 − f); yours matches df ⊙ a ⊙ (1 − a), with the pre-activation a where the gate value f belongs.",
      ru: 'Производная сигмоиды взята не от той величины: при f = σ(a) градиент равен da = df ⊙ f ⊙ (1 − f), а ваш совпадает с df ⊙ a ⊙ (1 − a) — там, где должно стоять значение вентиля f, стоит предактивация a.',
    },
    hint: {
      en: "σ'(a) = σ(a)·(1 − σ(a)) is written with the sigmoid's output: use the f you kept in the cache.",
      ru: "σ'(a) = σ(a)·(1 − σ(a)) выражается через выход сигмоиды: используйте f, сохранённый в кэше.",
    },
  },
  {
    id: 'sigmoid-derivative-missing',
    backward: backwardWith({ da: (df) => df }),
    affects: THROUGH_A,
    diagnosis: {
      en: "The gradient skips the sigmoid: through f = σ(a) it must be multiplied by σ'(a) = f ⊙ (1 − f), giving da = df ⊙ f ⊙ (1 − f); yours matches da = df.",
      ru: "Градиент не проходит через сигмоиду: при f = σ(a) его нужно умножить на σ'(a) = f ⊙ (1 − f), то есть da = df ⊙ f ⊙ (1 − f), а ваш совпадает с da = df.",
    },
    hint: {
      en: 'Every nonlinearity of the forward pass contributes its local derivative to the backward pass; for σ it is f ⊙ (1 − f).',
      ru: 'Каждая нелинейность прямого прохода вносит в обратный проход свою локальную производную; для σ это f ⊙ (1 − f).',
    },
  },
  {
    id: 'sigmoid-derivative-incomplete',
    backward: backwardWith({ da: (df, k) => df.mul(k.f) }),
    affects: THROUGH_A,
    diagnosis: {
      en: "forgetGateBackward's sigmoid derivative is incomplete: σ'(a) = σ(a)(1 − σ(a)) = f ⊙ (1 − f), so da = df ⊙ f ⊙ (1 − f); yours matches df ⊙ f, without the factor (1 − f). dcPrev and dcNew do not pass through σ and are right; dx, dhPrev, dWfx, dWfh and dbf all come from da.",
      ru: "Производная сигмоиды в forgetGateBackward неполная: σ'(a) = σ(a)(1 − σ(a)) = f ⊙ (1 − f), поэтому da = df ⊙ f ⊙ (1 − f), а ваш совпадает с df ⊙ f — без множителя (1 − f). dcPrev и dcNew не проходят через σ и верны; dx, dhPrev, dWfx, dWfh и dbf все получаются из da.",
    },
    hint: {
      en: 'Multiply by f.oneMinus() as well.',
      ru: 'Домножьте ещё и на f.oneMinus().',
    },
  },
  {
    id: 'bias-gradient-averaged',
    backward: backwardWith({ dbf: (da) => da.sumRows().scale(1 / da.rows) }),
    affects: ['dbf'],
    diagnosis: {
      en: 'The bias gradient is averaged over the batch: bf is added to every row, so dbf is the sum of da over the rows; yours matches their mean, N times smaller.',
      ru: 'Градиент смещения усреднён по батчу: bf прибавляется к каждой строке, поэтому dbf — сумма da по строкам, а ваш совпадает со средним, то есть в N раз меньше.',
    },
    hint: {
      en: 'Use da.sumRows() and do not divide by N: if the loss averages over the batch, that 1/N is already inside dc. dWfx = xᵀ·da sums over the rows in the same way.',
      ru: 'Используйте da.sumRows() и не делите на N: если функция потерь усредняется по батчу, множитель 1/N уже содержится в dc. dWfx = xᵀ·da точно так же суммирует по строкам.',
    },
  },
  {
    id: 'bias-gradient-not-summed',
    backward: backwardWith({ dbf: (da) => da }),
    affects: ['dbf'],
    diagnosis: {
      en: 'The bias gradient has the wrong shape: bf is a 1×H row broadcast over the N rows of the batch, so dbf must be 1×H, the sum of da over the rows; yours is N×H, da itself.',
      ru: 'У градиента смещения неверный размер: bf — строка 1×H, которая прибавляется ко всем N строкам батча, поэтому dbf должен быть 1×H — суммой da по строкам, а у вас N×H, то есть сам da.',
    },
    hint: {
      en: 'A gradient always has the shape of its parameter: reduce over the batch with da.sumRows().',
      ru: 'Градиент всегда имеет размер своего параметра: сверните da по батчу с помощью da.sumRows().',
    },
  },
  {
    id: 'state-gradient-ungated',
    backward: backwardWith({ dcPrev: (dc) => dc }),
    affects: ['dcPrev'],
    diagnosis: {
      en: 'The gradient to the previous cell state skips the gate: c = f ⊙ cPrev + cNew gives dcPrev = dc ⊙ f; yours matches dc, as if f were 1. This factor f is what carries (or fades) the gradient through time, as in part 01.',
      ru: 'Градиент к предыдущему состоянию ячейки не проходит через вентиль: из c = f ⊙ cPrev + cNew следует dcPrev = dc ⊙ f, а ваш совпадает с dc, как будто f равен 1. Именно этот множитель f переносит (или гасит) градиент во времени, как в части 01.',
    },
    hint: {
      en: '∂c/∂cPrev is f, elementwise: multiply dc by f.',
      ru: '∂c/∂cPrev поэлементно равна f: умножьте dc на f.',
    },
  },
  {
    id: 'new-content-gradient-gated',
    backward: backwardWith({ dcNew: (dc, k) => dc.mul(k.f) }),
    affects: ['dcNew'],
    diagnosis: {
      en: 'The gradient to the new content is scaled by the gate: in c = f ⊙ cPrev + cNew the term cNew enters without a factor, so dcNew = dc; yours matches dc ⊙ f.',
      ru: 'Градиент к новому содержимому умножен на вентиль: в c = f ⊙ cPrev + cNew слагаемое cNew входит без множителя, поэтому dcNew = dc, а ваш совпадает с dc ⊙ f.',
    },
    hint: {
      en: 'A sum passes its gradient unchanged to each term; only cPrev is multiplied by f.',
      ru: 'Сумма передаёт градиент каждому слагаемому без изменений; на f умножено только cPrev.',
    },
  },
  {
    id: 'product-factors-swapped',
    backward: backwardWith({ dcPrev: (dc, k) => dc.mul(k.cPrev), df: (dc, k) => dc.mul(k.f) }),
    affects: ['dcPrev', ...THROUGH_A],
    diagnosis: {
      en: 'The factors of the product f ⊙ cPrev are mixed up in the backward pass: each factor receives dc times the other one, dcPrev = dc ⊙ f and df = dc ⊙ cPrev; yours match dcPrev = dc ⊙ cPrev and df = dc ⊙ f.',
      ru: 'В обратном проходе перепутаны множители произведения f ⊙ cPrev: каждый множитель получает dc, умноженный на другой множитель, dcPrev = dc ⊙ f и df = dc ⊙ cPrev, а ваши совпадают с dcPrev = dc ⊙ cPrev и df = dc ⊙ f.',
    },
    hint: {
      en: 'For p = u ⊙ v: du = dp ⊙ v and dv = dp ⊙ u — each factor gets the other.',
      ru: 'Для p = u ⊙ v: du = dp ⊙ v и dv = dp ⊙ u — каждый множитель получает другой.',
    },
  },
  {
    id: 'input-weight-gradient-one-row',
    backward: backwardWith({ dWfx: (da, k) => Matrix.from([k.x.toArray()[0]]).transpose().matmul(Matrix.from([da.toArray()[0]])) }),
    affects: ['dWfx'],
    diagnosis: {
      en: 'dWfx is taken from one row of the batch: Wfx is shared by all N rows, so dWfx = xᵀ·da sums x_nᵀ·da_n over every row n; yours matches the first row alone, x_0ᵀ·da_0. The other gradients (dx, dhPrev, dcPrev, dcNew, dWfh, dbf) are right, so only the dWfx line is wrong.',
      ru: 'dWfx взят по одной строке батча: Wfx общая для всех N строк, поэтому dWfx = xᵀ·da суммирует x_nᵀ·da_n по всем строкам n, а ваш совпадает только с первой строкой, x_0ᵀ·da_0. Остальные градиенты (dx, dhPrev, dcPrev, dcNew, dWfh, dbf) верны, так что ошибка только в строке с dWfx.',
    },
    hint: {
      en: 'Multiply the whole transposed input by the whole da: x.transpose().matmul(da) (D×N times N×H) sums over the batch by itself.',
      ru: 'Умножьте весь транспонированный вход на весь da: x.transpose().matmul(da) (D×N на N×H) сам суммирует по батчу.',
    },
  },
  {
    id: 'recurrent-weight-gradient-transposed',
    backward: backwardWith({ dWfh: (da, k) => da.transpose().matmul(k.hPrev) }),
    affects: ['dWfh'],
    diagnosis: {
      en: 'The gradient of the recurrent weight is transposed: from a = … + hPrev·Wfh, dWfh = hPrevᵀ·da; yours matches daᵀ·hPrev = (hPrevᵀ·da)ᵀ. Wfh is square (H×H), so the shape looked right.',
      ru: 'Градиент рекуррентного веса транспонирован: из a = … + hPrev·Wfh следует dWfh = hPrevᵀ·da, а ваш совпадает с daᵀ·hPrev = (hPrevᵀ·da)ᵀ. Матрица Wfh квадратная (H×H), поэтому размер казался правильным.',
    },
    hint: {
      en: "For Y = X·W the weight's gradient is Xᵀ·dY: the transposed input on the left. dWfx = xᵀ·da must be D×H, so there the shapes would have caught it.",
      ru: 'Для Y = X·W градиент веса равен Xᵀ·dY: транспонированный вход стоит слева. dWfx = xᵀ·da обязан иметь размер D×H, поэтому там такую ошибку поймала бы проверка размеров.',
    },
  },
  {
    id: 'recurrent-input-gradient-untransposed',
    backward: backwardWith({ dhPrev: (da, k) => da.matmul(k.Wfh) }),
    affects: ['dhPrev'],
    diagnosis: {
      en: 'The gradient to the previous output uses Wfh untransposed: from a = … + hPrev·Wfh, dhPrev = da·Wfhᵀ; yours matches da·Wfh. Wfh is square (H×H), so the shape looked right.',
      ru: 'В градиенте к предыдущему выходу матрица Wfh не транспонирована: из a = … + hPrev·Wfh следует dhPrev = da·Wfhᵀ, а ваш совпадает с da·Wfh. Матрица Wfh квадратная (H×H), поэтому размер казался правильным.',
    },
    hint: {
      en: "For Y = X·W the input's gradient is dY·Wᵀ; dx = da·Wfxᵀ follows the same rule.",
      ru: 'Для Y = X·W градиент по входу равен dY·Wᵀ; dx = da·Wfxᵀ получается по тому же правилу.',
    },
  },
];
