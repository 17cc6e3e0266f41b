/**
 * Realistic wrong GRUs, for diagnosis. Trusted side only: never shipped to students.
 *
 * Each mistake is the reference with one line of the math changed. When a student's output matches a mistake's
 * output on the same inputs (and not the reference's), the grader can say what is wrong instead of "mismatch".
 * `affects` lists exactly the outputs that differ from the reference; the others are equal, so a grader may also
 * match output by output. Every mistake is visible on DIAGNOSTIC_SHAPE with DIAGNOSTIC_STEPS steps, a non-zero state
 * and unsaturated gates (cases.ts); several vanish elsewhere on purpose (with a zero state the reset gate has nothing
 * to reset, with T = 1 nothing comes from the future), so diagnose on such a case.
 * The texts never contain expected numbers: they name the gate, the term and the line of math.
 */
import { Matrix } from '../lib/matrix';
import {
  gruForward,
  gruStep,
  gruStepBackward,
  type GruParams,
  type GruSequenceCache,
  type GruSequenceGrads,
  type GruStepCache,
  type GruStepGrads,
} from './gru';

/** A student-facing text in both course languages (the same shape as the grader's `Localized`). */
export interface Localized {
  en: string;
  ru: string;
}

export type StepGradName = keyof GruStepGrads;
export type SequenceGradName = keyof GruSequenceGrads;

export interface MistakeText {
  id: string;
  /** What is wrong, naming the gate or term and the line of math. */
  diagnosis: Localized;
  /** How to put it right. */
  hint: Localized;
}

/** A wrong gruStep; only h is compared (the cache is the student's own business). */
export interface StepForwardMistake extends MistakeText {
  forward: (x: Matrix, hPrev: Matrix, p: GruParams) => Matrix;
}

export interface StepBackwardMistake extends MistakeText {
  backward: (dh: Matrix, cache: GruStepCache) => GruStepGrads;
  affects: readonly StepGradName[];
}

/** A wrong gruForward whose gruStep is right: only the loop over time is wrong. */
export interface SequenceForwardMistake extends MistakeText {
  forward: (xs: Matrix[], h0: Matrix, p: GruParams) => Matrix[];
}

export interface BpttMistake extends MistakeText {
  backward: (dhs: Matrix[], cache: GruSequenceCache) => GruSequenceGrads;
  affects: readonly SequenceGradName[];
}

// ---- The step's forward, one replaceable part per line of the math. ----

interface Blocks {
  axZ: Matrix; axR: Matrix; axN: Matrix; // N×H each
  ahZ: Matrix; ahR: Matrix; ahN: Matrix; // N×H each
}

interface ForwardParts {
  ax: (x: Matrix, p: GruParams) => Matrix; //            N×3H
  ah: (hPrev: Matrix, p: GruParams) => Matrix; //        N×3H
  blocks: (ax: Matrix, ah: Matrix) => Blocks;
  gate: (a: Matrix) => Matrix; //                        σ, for z and r
  /** The candidate's pre-activation an, with n = candidate(an). */
  an: (b: Blocks, r: Matrix, hPrev: Matrix, p: GruParams) => Matrix;
  candidate: (an: Matrix) => Matrix; //                  tanh
  h: (z: Matrix, hPrev: Matrix, n: Matrix) => Matrix;
}

/** Block k (0: z, 1: r, 2: n) of a 3H-column matrix. */
export function block(m: Matrix, k: 0 | 1 | 2): Matrix {
  const H = m.cols / 3;
  return m.sliceCols(k * H, (k + 1) * H);
}

const REFERENCE_FORWARD: ForwardParts = {
  ax: (x, p) => x.matmul(p.Wx).add(p.bx),
  ah: (hPrev, p) => hPrev.matmul(p.Wh).add(p.bh),
  blocks: (ax, ah) => {
    const [axZ, axR, axN] = ax.splitCols(3);
    const [ahZ, ahR, ahN] = ah.splitCols(3);
    return { axZ, axR, axN, ahZ, ahR, ahN };
  },
  gate: (a) => a.sigmoid(),
  an: (b, r) => b.axN.add(r.mul(b.ahN)),
  candidate: (an) => an.tanh(),
  h: (z, hPrev, n) => z.mul(hPrev).add(z.oneMinus().mul(n)),
};

function forwardWith(wrong: Partial<ForwardParts>): StepForwardMistake['forward'] {
  const parts = { ...REFERENCE_FORWARD, ...wrong };
  return (x, hPrev, p) => {
    const b = parts.blocks(parts.ax(x, p), parts.ah(hPrev, p));
    const z = parts.gate(b.axZ.add(b.ahZ));
    const r = parts.gate(b.axR.add(b.ahR));
    const n = parts.candidate(parts.an(b, r, hPrev, p));
    return parts.h(z, hPrev, n);
  };
}

// ---- The step's backward, one replaceable part per line of the math. ----

interface BackwardParts {
  dn: (dh: Matrix, k: GruStepCache) => Matrix; //                N×H
  dz: (dh: Matrix, k: GruStepCache) => Matrix; //                N×H
  dan: (dn: Matrix, k: GruStepCache) => Matrix; //               N×H
  dahN: (dan: Matrix, k: GruStepCache) => Matrix; //             N×H
  dr: (dan: Matrix, k: GruStepCache) => Matrix; //               N×H
  dhPrev: (dah: Matrix, dh: Matrix, k: GruStepCache) => Matrix; // N×H
  dbx: (dax: Matrix) => Matrix; //                               1×3H
  dWh: (dah: Matrix, k: GruStepCache) => Matrix; //              H×3H
  dbh: (dax: Matrix, dah: Matrix) => Matrix; //                  1×3H
}

const REFERENCE_BACKWARD: BackwardParts = {
  dn: (dh, k) => dh.mul(k.z.oneMinus()),
  dz: (dh, k) => dh.mul(k.hPrev.sub(k.n)),
  dan: (dn, k) => dn.mul(k.n.mul(k.n).oneMinus()),
  dahN: (dan, k) => dan.mul(k.r),
  dr: (dan, k) => dan.mul(k.ahN),
  dhPrev: (dah, dh, k) => dah.matmul(k.Wh.transpose()).add(dh.mul(k.z)),
  dbx: (dax) => dax.sumRows(),
  dWh: (dah, k) => k.hPrev.transpose().matmul(dah),
  dbh: (_dax, dah) => dah.sumRows(),
};

function backwardWith(wrong: Partial<BackwardParts>): StepBackwardMistake['backward'] {
  const parts = { ...REFERENCE_BACKWARD, ...wrong };
  return (dh, k) => {
    const dan = parts.dan(parts.dn(dh, k), k);
    const dz = parts.dz(dh, k);
    const dr = parts.dr(dan, k);
    const daz = dz.mul(k.z).mul(k.z.oneMinus());
    const dar = dr.mul(k.r).mul(k.r.oneMinus());
    const dax = Matrix.concatCols([daz, dar, dan]);
    const dah = Matrix.concatCols([daz, dar, parts.dahN(dan, k)]);
    return {
      dx: dax.matmul(k.Wx.transpose()),
      dhPrev: parts.dhPrev(dah, dh, k),
      dWx: k.x.transpose().matmul(dax),
      dWh: parts.dWh(dah, k),
      dbx: parts.dbx(dax),
      dbh: parts.dbh(dax, dah),
    };
  };
}

/** Every gradient of a step (the ones a wrong gate derivative spoils). */
const ALL_STEP: readonly StepGradName[] = ['dx', 'dhPrev', 'dWx', 'dWh', 'dbx', 'dbh'];

export const STEP_FORWARD_MISTAKES: readonly StepForwardMistake[] = [
  {
    id: 'update-gate-on-new-state',
    forward: forwardWith({ h: (z, hPrev, n) => z.oneMinus().mul(hPrev).add(z.mul(n)) }),
    diagnosis: {
      en: 'The update gate z keeps the wrong term: this course uses h = z ⊙ hPrev + (1 − z) ⊙ n, where z is the share of the old state that is kept; yours matches h = (1 − z) ⊙ hPrev + z ⊙ n, the variant drawn in the lesson\'s picture.',
      ru: 'Вентиль обновления z сохраняет не то слагаемое: в этом курсе h = z ⊙ hPrev + (1 − z) ⊙ n, где z — доля старого состояния, которая сохраняется, а ваш результат совпадает с h = (1 − z) ⊙ hPrev + z ⊙ n — вариантом с картинки из лекции.',
    },
    hint: {
      en: 'Both are GRUs, and one\'s z is the other\'s 1 − z; the course follows PyTorch and Keras and puts z on hPrev: z.mul(hPrev).add(z.oneMinus().mul(n)). The statement\'s section on variants shows the mapping.',
      ru: 'Оба варианта — GRU, и z одного равен 1 − z другого; курс следует PyTorch и Keras и ставит z при hPrev: z.mul(hPrev).add(z.oneMinus().mul(n)). Соответствие вариантов показано в разделе условия о вариантах GRU.',
    },
  },
  {
    id: 'reset-before-matmul',
    forward: forwardWith({
      an: (b, r, hPrev, p) => b.axN.add(r.mul(hPrev).matmul(block(p.Wh, 2))).add(block(p.bh, 2)),
    }),
    diagnosis: {
      en: 'The reset gate is applied before the matrix product (the original paper\'s variant, Keras\'s reset_after=False): yours matches n = tanh(ax_n + (r ⊙ hPrev)·Wh_n + bh_n). This course uses n = tanh(ax_n + r ⊙ (hPrev·Wh_n + bh_n)): r multiplies the product and its bias.',
      ru: 'Вентиль сброса применён до матричного умножения (вариант исходной статьи, reset_after=False в Keras): ваш результат совпадает с n = tanh(ax_n + (r ⊙ hPrev)·Wh_n + bh_n). В этом курсе n = tanh(ax_n + r ⊙ (hPrev·Wh_n + bh_n)): r умножает произведение вместе с его смещением.',
    },
    hint: {
      en: 'Compute ah = hPrev·Wh + bh once for all three blocks, then multiply its n block by r: axN.add(r.mul(ahN)).',
      ru: 'Вычислите ah = hPrev·Wh + bh один раз для всех трёх блоков, а затем умножьте его блок n на r: axN.add(r.mul(ahN)).',
    },
  },
  {
    id: 'reset-skips-recurrent-bias',
    forward: forwardWith({
      an: (b, r, hPrev, p) => b.axN.add(r.mul(hPrev.matmul(block(p.Wh, 2)))).add(block(p.bh, 2)),
    }),
    diagnosis: {
      en: 'The reset gate does not multiply the recurrent bias: n = tanh(ax_n + r ⊙ (hPrev·Wh_n + bh_n)); yours matches tanh(ax_n + r ⊙ (hPrev·Wh_n) + bh_n), with bh_n left outside the reset.',
      ru: 'Вентиль сброса не умножает рекуррентное смещение: n = tanh(ax_n + r ⊙ (hPrev·Wh_n + bh_n)), а ваш результат совпадает с tanh(ax_n + r ⊙ (hPrev·Wh_n) + bh_n) — bh_n остался вне сброса.',
    },
    hint: {
      en: 'Add bh to hPrev·Wh before splitting the blocks, so ah_n already holds bh_n when r multiplies it. This is why the GRU keeps two biases: in the n block, bx_n and bh_n play different roles.',
      ru: 'Прибавьте bh к hPrev·Wh до разбиения на блоки — тогда ah_n уже содержит bh_n, когда его умножают на r. Именно поэтому у GRU два смещения: в блоке n у bx_n и bh_n разные роли.',
    },
  },
  {
    id: 'reset-not-applied',
    forward: forwardWith({ an: (b) => b.axN.add(b.ahN) }),
    diagnosis: {
      en: 'The reset gate is computed but not used: n must be tanh(ax_n + r ⊙ ah_n); yours matches tanh(ax_n + ah_n), as if r were 1 everywhere.',
      ru: 'Вентиль сброса вычислен, но не применён: n = tanh(ax_n + r ⊙ ah_n), а ваш результат совпадает с tanh(ax_n + ah_n), как будто r везде равен 1.',
    },
    hint: {
      en: 'Multiply the n block of ah elementwise by r before adding it to ax_n: axN.add(r.mul(ahN)).',
      ru: 'Поэлементно умножьте блок n из ah на r, прежде чем прибавлять его к ax_n: axN.add(r.mul(ahN)).',
    },
  },
  {
    id: 'gate-blocks-swapped',
    forward: forwardWith({
      blocks: (ax, ah) => {
        const [axR, axZ, axN] = ax.splitCols(3);
        const [ahR, ahZ, ahN] = ah.splitCols(3);
        return { axZ, axR, axN, ahZ, ahR, ahN };
      },
    }),
    diagnosis: {
      en: 'The gate blocks are read in the wrong order: the columns of Wx, Wh, bx and bh hold z, r, n (the Keras order); yours matches reading them as r, z, n (PyTorch\'s order), so z and r are swapped.',
      ru: 'Блоки вентилей прочитаны в неверном порядке: столбцы Wx, Wh, bx и bh содержат z, r, n (порядок Keras), а ваш результат совпадает с чтением r, z, n (порядок PyTorch) — z и r перепутаны.',
    },
    hint: {
      en: 'In this course splitCols(3) gives the z block first: const [axZ, axR, axN] = ax.splitCols(3), and the same for ah.',
      ru: 'В этом курсе splitCols(3) первым возвращает блок z: const [axZ, axR, axN] = ax.splitCols(3), и так же для ah.',
    },
  },
  {
    id: 'candidate-sigmoid',
    forward: forwardWith({ candidate: (an) => an.sigmoid() }),
    diagnosis: {
      en: 'The candidate state uses σ instead of tanh: n = tanh(ax_n + r ⊙ ah_n) lies between −1 and 1; yours matches σ of the same expression, which is never negative. The gates z and r are right.',
      ru: 'Для кандидата использована σ вместо tanh: n = tanh(ax_n + r ⊙ ah_n) лежит между −1 и 1, а ваш результат совпадает с σ от того же выражения, которая не бывает отрицательной. Вентили z и r верны.',
    },
    hint: {
      en: 'The gates z and r are shares between 0 and 1, so they use σ; the candidate n is new content for the state and uses tanh.',
      ru: 'Вентили z и r — доли от 0 до 1, поэтому для них σ; кандидат n — новое содержимое состояния, для него tanh.',
    },
  },
  {
    id: 'activations-swapped',
    forward: forwardWith({ gate: (a) => a.tanh(), candidate: (an) => an.sigmoid() }),
    diagnosis: {
      en: 'σ and tanh are swapped: the gates z = σ(ax_z + ah_z) and r = σ(ax_r + ah_r) use σ and the candidate n = tanh(ax_n + r ⊙ ah_n) uses tanh; yours matches tanh for the gates and σ for n.',
      ru: 'Перепутаны σ и tanh: вентили z = σ(ax_z + ah_z) и r = σ(ax_r + ah_r) используют σ, а кандидат n = tanh(ax_n + r ⊙ ah_n) — tanh; ваш результат совпадает с tanh для вентилей и σ для n.',
    },
    hint: {
      en: 'A gate is a share between 0 and 1, so it needs σ; tanh can go negative, and a negative z or r has no meaning.',
      ru: 'Вентиль — доля от 0 до 1, поэтому ему нужна σ; tanh бывает отрицательным, а отрицательные z или r не имеют смысла.',
    },
  },
  {
    id: 'recurrent-bias-dropped',
    forward: forwardWith({ ah: (hPrev, p) => hPrev.matmul(p.Wh) }),
    diagnosis: {
      en: 'The recurrent bias bh is missing: ah = hPrev·Wh + bh; yours matches the same GRU without bh (in z, in r and inside r ⊙ ah_n).',
      ru: 'Пропущено рекуррентное смещение bh: ah = hPrev·Wh + bh, а ваш результат совпадает с той же GRU без bh (в z, в r и внутри r ⊙ ah_n).',
    },
    hint: {
      en: 'Add p.bh (a 1×3H row) to hPrev·Wh before splitting it into blocks; Matrix.add broadcasts it over the batch.',
      ru: 'Прибавьте p.bh (строку 1×3H) к hPrev·Wh до разбиения на блоки; Matrix.add сам распространит её на весь батч.',
    },
  },
  {
    id: 'input-bias-twice',
    forward: forwardWith({ ax: (x, p) => x.matmul(p.Wx).add(p.bx).add(p.bx) }),
    diagnosis: {
      en: 'The input bias bx is added twice: ax = x·Wx + bx; yours matches the same GRU with 2·bx.',
      ru: 'Входное смещение bx прибавлено дважды: ax = x·Wx + bx, а ваш результат совпадает с той же GRU с 2·bx.',
    },
    hint: {
      en: 'Each side has its own bias, added once: bx goes with x·Wx and bh with hPrev·Wh.',
      ru: 'У каждой стороны своё смещение, и прибавляется оно один раз: bx — к x·Wx, bh — к hPrev·Wh.',
    },
  },
];

export const STEP_BACKWARD_MISTAKES: readonly StepBackwardMistake[] = [
  {
    id: 'recurrent-bias-gradient-ungated',
    backward: backwardWith({ dbh: (dax) => dax.sumRows() }),
    affects: ['dbh'],
    diagnosis: {
      en: 'The gradient of the recurrent bias forgets the reset gate in the n block: bh_n sits inside r ⊙ (hPrev·Wh_n + bh_n), so dbh_n = Σ_rows dan ⊙ r, while dbx_n = Σ_rows dan; yours matches dbh = dbx. Every other gradient is right.',
      ru: 'Градиент рекуррентного смещения в блоке n не учитывает вентиль сброса: bh_n стоит внутри r ⊙ (hPrev·Wh_n + bh_n), поэтому dbh_n = Σ_строк dan ⊙ r, тогда как dbx_n = Σ_строк dan; ваш совпадает с dbh = dbx. Остальные градиенты верны.',
    },
    hint: {
      en: 'dbh is the row sum of dah, the gradient of ah = hPrev·Wh + bh, whose n block is dan ⊙ r. dbx and dbh agree only in the z and r blocks.',
      ru: 'dbh — сумма по строкам dah, градиента ah = hPrev·Wh + bh, а его блок n равен dan ⊙ r. dbx и dbh совпадают только в блоках z и r.',
    },
  },
  {
    id: 'recurrent-gradient-ungated',
    backward: backwardWith({ dahN: (dan) => dan }),
    affects: ['dhPrev', 'dWh', 'dbh'],
    diagnosis: {
      en: 'The recurrent side of the candidate misses the reset gate: from n = tanh(ax_n + r ⊙ ah_n), the gradient of ah_n is dan ⊙ r; yours matches dan, so dhPrev, dWh and dbh are off.',
      ru: 'Рекуррентная часть кандидата потеряла вентиль сброса: из n = tanh(ax_n + r ⊙ ah_n) градиент ah_n равен dan ⊙ r, а ваш совпадает с dan, поэтому неверны dhPrev, dWh и dbh.',
    },
    hint: {
      en: 'Build dah = [daz, dar, dan ⊙ r]: only its n block differs from dax = [daz, dar, dan].',
      ru: 'Соберите dah = [daz, dar, dan ⊙ r]: от dax = [daz, dar, dan] он отличается только блоком n.',
    },
  },
  {
    id: 'direct-state-path-missing',
    backward: backwardWith({ dhPrev: (dah, _dh, k) => dah.matmul(k.Wh.transpose()) }),
    affects: ['dhPrev'],
    diagnosis: {
      en: 'dhPrev misses the direct path: hPrev also reaches h directly through z ⊙ hPrev, so dhPrev = dah·Whᵀ + dh ⊙ z; yours matches dah·Whᵀ alone. This direct path is what carries the gradient over long distances.',
      ru: 'В dhPrev пропущен прямой путь: hPrev попадает в h ещё и напрямую, через z ⊙ hPrev, поэтому dhPrev = dah·Whᵀ + dh ⊙ z, а ваш совпадает с одним dah·Whᵀ. Именно этот прямой путь переносит градиент на большие расстояния.',
    },
    hint: {
      en: 'hPrev is used twice in a step (inside ah, and in h = z ⊙ hPrev + …): add up the gradients of both uses.',
      ru: 'hPrev используется в шаге дважды (внутри ah и в h = z ⊙ hPrev + …): сложите градиенты от обоих использований.',
    },
  },
  {
    id: 'update-gate-gradient-sign',
    backward: backwardWith({ dz: (dh, k) => dh.mul(k.n.sub(k.hPrev)) }),
    affects: ALL_STEP,
    diagnosis: {
      en: 'The gradient of the update gate has the wrong sign: from h = z ⊙ hPrev + (1 − z) ⊙ n, dz = dh ⊙ (hPrev − n); yours matches dh ⊙ (n − hPrev).',
      ru: 'У градиента вентиля обновления неверный знак: из h = z ⊙ hPrev + (1 − z) ⊙ n следует dz = dh ⊙ (hPrev − n), а ваш совпадает с dh ⊙ (n − hPrev).',
    },
    hint: {
      en: '∂h/∂z = hPrev − n: the term with z contributes +hPrev, the term with (1 − z) contributes −n.',
      ru: '∂h/∂z = hPrev − n: слагаемое с z даёт +hPrev, слагаемое с (1 − z) даёт −n.',
    },
  },
  {
    id: 'reset-gradient-without-bias',
    backward: backwardWith({ dr: (dan, k) => dan.mul(k.hPrev.matmul(block(k.Wh, 2))) }),
    affects: ALL_STEP,
    diagnosis: {
      en: 'The gradient of the reset gate leaves out the recurrent bias: r multiplies ah_n = hPrev·Wh_n + bh_n, so dr = dan ⊙ ah_n; yours matches dan ⊙ (hPrev·Wh_n).',
      ru: 'В градиенте вентиля сброса пропущено рекуррентное смещение: r умножает ah_n = hPrev·Wh_n + bh_n, поэтому dr = dan ⊙ ah_n, а ваш совпадает с dan ⊙ (hPrev·Wh_n).',
    },
    hint: {
      en: 'Keep ah_n, bias included, in the cache and use it for dr.',
      ru: 'Сохраните в кэше ah_n вместе со смещением и используйте его для dr.',
    },
  },
  {
    id: 'candidate-tanh-derivative-missing',
    backward: backwardWith({ dan: (dn) => dn }),
    affects: ALL_STEP,
    diagnosis: {
      en: 'The gradient skips the candidate\'s tanh: through n = tanh(an) it is multiplied by 1 − n², so dan = dn ⊙ (1 − n²); yours matches dan = dn.',
      ru: 'Градиент не проходит через tanh кандидата: при n = tanh(an) его нужно умножить на 1 − n², то есть dan = dn ⊙ (1 − n²), а ваш совпадает с dan = dn.',
    },
    hint: {
      en: 'tanh\'(a) = 1 − tanh²(a) is written with the output n you kept in the cache: n.mul(n).oneMinus().',
      ru: 'tanh\'(a) = 1 − tanh²(a) выражается через выход n, сохранённый в кэше: n.mul(n).oneMinus().',
    },
  },
  {
    id: 'candidate-tanh-derivative-one-minus-n',
    backward: backwardWith({ dan: (dn, k) => dn.mul(k.n.oneMinus()) }),
    affects: ALL_STEP,
    diagnosis: {
      en: "gruStepBackward writes the candidate's tanh' as 1 − n: through n = tanh(an), tanh'(an) = 1 − tanh²(an) = 1 − n², so dan = dn ⊙ (1 − n²); yours matches dn ⊙ (1 − n), without the square.",
      ru: "В gruStepBackward производная tanh кандидата записана как 1 − n: при n = tanh(an) tanh'(an) = 1 − tanh²(an) = 1 − n², поэтому dan = dn ⊙ (1 − n²), а ваш совпадает с dn ⊙ (1 − n) — без квадрата.",
    },
    hint: {
      en: 'Square n before subtracting it from 1: n.mul(n).oneMinus().',
      ru: 'Возведите n в квадрат, прежде чем вычитать из 1: n.mul(n).oneMinus().',
    },
  },
  {
    id: 'input-bias-gradient-averaged',
    backward: backwardWith({ dbx: (dax) => dax.sumRows().scale(1 / dax.rows) }),
    affects: ['dbx'],
    diagnosis: {
      en: 'dbx is averaged over the batch: bx is added to every row, so dbx is the sum of dax over the rows; yours matches their mean, N times smaller. Every other gradient is right.',
      ru: 'dbx усреднён по батчу: bx прибавляется к каждой строке, поэтому dbx — сумма dax по строкам, а ваш совпадает со средним, то есть в N раз меньше. Остальные градиенты верны.',
    },
    hint: {
      en: 'Use dax.sumRows() and do not divide by N: if the loss averages over the batch, that 1/N is already in dh.',
      ru: 'Используйте dax.sumRows() и не делите на N: если функция потерь усредняется по батчу, множитель 1/N уже содержится в dh.',
    },
  },
  {
    id: 'recurrent-weight-gradient-one-row',
    backward: backwardWith({ dWh: (dah, k) => Matrix.from([k.hPrev.toArray()[0]]).transpose().matmul(Matrix.from([dah.toArray()[0]])) }),
    affects: ['dWh'],
    diagnosis: {
      en: 'dWh is taken from one row of the batch: Wh is shared by all N rows, so dWh = hPrevᵀ·dah sums hPrev_nᵀ·dah_n over every row n; yours matches the first row alone. Every other gradient (dx, dhPrev, dWx, dbx, dbh) is right, so only the dWh line is wrong.',
      ru: 'dWh взят по одной строке батча: Wh общая для всех N строк, поэтому dWh = hPrevᵀ·dah суммирует hPrev_nᵀ·dah_n по всем строкам n, а ваш совпадает только с первой строкой. Остальные градиенты (dx, dhPrev, dWx, dbx, dbh) верны, так что ошибка только в строке с dWh.',
    },
    hint: {
      en: 'hPrev.transpose().matmul(dah) (H×N times N×3H) sums over the batch by itself.',
      ru: 'hPrev.transpose().matmul(dah) (H×N на N×3H) сам суммирует по батчу.',
    },
  },
  {
    id: 'candidate-gradient-uses-z',
    backward: backwardWith({ dn: (dh, k) => dh.mul(k.z) }),
    affects: ALL_STEP,
    diagnosis: {
      en: 'The gradient of the candidate has the wrong weight: n enters h as (1 − z) ⊙ n, so dn = dh ⊙ (1 − z); yours matches dh ⊙ z.',
      ru: 'У градиента кандидата неверный множитель: n входит в h как (1 − z) ⊙ n, поэтому dn = dh ⊙ (1 − z), а ваш совпадает с dh ⊙ z.',
    },
    hint: {
      en: 'In h = z ⊙ hPrev + (1 − z) ⊙ n, hPrev is weighted by z and n by 1 − z; the gradients take the same weights.',
      ru: 'В h = z ⊙ hPrev + (1 − z) ⊙ n вес hPrev равен z, а вес n — 1 − z; градиенты получают те же множители.',
    },
  },
];

export const SEQUENCE_FORWARD_MISTAKES: readonly SequenceForwardMistake[] = [
  {
    id: 'state-not-carried',
    forward: (xs, h0, p) => xs.map((x) => gruStep(x, h0, p).h),
    diagnosis: {
      en: 'gruForward does not carry the state from step to step: each step must start from the previous step\'s output, h_t = gruStep(x_t, h_{t−1}); yours matches starting every step from h0.',
      ru: 'gruForward не передаёт состояние от шага к шагу: каждый шаг должен начинаться с выхода предыдущего, h_t = gruStep(x_t, h_{t−1}), а ваш результат совпадает с запуском каждого шага из h0.',
    },
    hint: {
      en: 'Keep a running h = h0 and replace it with each step\'s output: h = gruStep(x, h, p).h.',
      ru: 'Храните текущее h = h0 и заменяйте его выходом каждого шага: h = gruStep(x, h, p).h.',
    },
  },
  {
    id: 'outputs-shifted',
    forward: (xs, h0, p) => [h0, ...gruForward(xs, h0, p).hs.slice(0, -1)],
    diagnosis: {
      en: 'hs is shifted by one step: it must hold the new states h_1 … h_T, one per input; yours matches h0 … h_{T−1}, with h0 first and the last state missing.',
      ru: 'hs сдвинут на один шаг: он должен содержать новые состояния h_1 … h_T, по одному на вход, а ваш совпадает с h0 … h_{T−1} — h0 стоит первым, а последнего состояния нет.',
    },
    hint: {
      en: 'Push each step\'s output after computing it; h0 is the starting point, not an output.',
      ru: 'Добавляйте в hs выход каждого шага после его вычисления; h0 — начальная точка, а не выход.',
    },
  },
];

// ---- Backpropagation through time, with the reference step backward. ----

interface BpttOptions {
  /** Whether step t's backward starts from dhs[t] plus what step t + 1 sent back (true) or from dhs[t] alone. */
  future: boolean;
  /** How the steps' parameter gradients are combined. */
  combine: 'sum' | 'last' | 'mean';
}

function bpttWith(opts: BpttOptions): BpttMistake['backward'] {
  return (dhs, cache) => {
    const T = cache.steps.length;
    const dxs = new Array<Matrix>(T);
    let dhNext = Matrix.zeros(cache.h0.rows, cache.h0.cols);
    let params: GruStepGrads | null = null;
    for (let t = T - 1; t >= 0; t--) {
      const g = gruStepBackward(opts.future ? dhs[t].add(dhNext) : dhs[t], cache.steps[t]);
      dxs[t] = g.dx;
      dhNext = g.dhPrev;
      params = opts.combine === 'last' || params === null ? g : {
        ...g,
        dWx: params.dWx.add(g.dWx),
        dWh: params.dWh.add(g.dWh),
        dbx: params.dbx.add(g.dbx),
        dbh: params.dbh.add(g.dbh),
      };
    }
    if (params === null) throw new Error('bpttWith: a mistake needs at least one step');
    const k = opts.combine === 'mean' ? 1 / T : 1;
    return { dxs, dh0: dhNext, dWx: params.dWx.scale(k), dWh: params.dWh.scale(k), dbx: params.dbx.scale(k), dbh: params.dbh.scale(k) };
  };
}

const PARAMETER_GRADS: readonly SequenceGradName[] = ['dWx', 'dWh', 'dbx', 'dbh'];

export const BPTT_MISTAKES: readonly BpttMistake[] = [
  {
    id: 'future-gradient-dropped',
    backward: bpttWith({ future: false, combine: 'sum' }),
    affects: ['dxs', 'dh0', ...PARAMETER_GRADS],
    diagnosis: {
      en: 'The gradient from the future is dropped in gruBackward: h_t feeds both the loss and the next step, so the backward of step t must start from dhs[t] plus the dhPrev that step t + 1 sent back; yours matches starting from dhs[t] alone.',
      ru: 'Потерян градиент из будущего в gruBackward: h_t идёт и в функцию потерь, и в следующий шаг, поэтому обратный проход шага t должен начинаться с dhs[t] плюс dhPrev, который вернул шаг t + 1, а ваш совпадает с одним dhs[t].',
    },
    hint: {
      en: 'Walk t from T − 1 down to 0 with a running dhNext (zero after the last step): g = gruStepBackward(dhs[t] + dhNext, cache_t), then dhNext = g.dhPrev. The last dhNext is dh0.',
      ru: 'Идите по t от T − 1 до 0 с текущим dhNext (после последнего шага он нулевой): g = gruStepBackward(dhs[t] + dhNext, cache_t), затем dhNext = g.dhPrev. Последний dhNext — это dh0.',
    },
  },
  {
    id: 'parameter-gradients-overwritten',
    backward: bpttWith({ future: true, combine: 'last' }),
    affects: PARAMETER_GRADS,
    diagnosis: {
      en: 'The parameter gradients are not summed over time: every step uses the same Wx, Wh, bx and bh, so dWx = Σ_t dWx_t, and the same for the others; yours matches the gradient of a single step, as if each step replaced the previous one instead of adding to it.',
      ru: 'Градиенты параметров не суммируются по времени: все шаги используют одни и те же Wx, Wh, bx и bh, поэтому dWx = Σ_t dWx_t, и так же для остальных, а ваши совпадают с градиентом одного шага — как будто каждый шаг заменял предыдущий вместо того, чтобы прибавляться к нему.',
    },
    hint: {
      en: 'Start dWx, dWh, dbx and dbh at zero before the loop and add each step\'s gradient: dWx = dWx.add(g.dWx).',
      ru: 'Заведите dWx, dWh, dbx и dbh нулями до цикла и прибавляйте градиент каждого шага: dWx = dWx.add(g.dWx).',
    },
  },
  {
    id: 'parameter-gradients-averaged',
    backward: bpttWith({ future: true, combine: 'mean' }),
    affects: PARAMETER_GRADS,
    diagnosis: {
      en: 'The parameter gradients are averaged over time: the loss adds up over the steps, so dWx = Σ_t dWx_t, and the same for the others; yours matches that sum divided by T.',
      ru: 'Градиенты параметров усреднены по времени: функция потерь складывается по шагам, поэтому dWx = Σ_t dWx_t, и так же для остальных, а ваши совпадают с этой суммой, делённой на T.',
    },
    hint: {
      en: 'Do not divide by T: if a loss averages over time, that 1/T is already inside dhs.',
      ru: 'Не делите на T: если функция потерь усредняется по времени, множитель 1/T уже содержится в dhs.',
    },
  },
];
