/**
 * What the hidden suite says when a cell is wrong. Trusted side only, and pure: it never calls student code (the
 * suite does that) but turns what came back into a statement about a gate or a line of math:
 *   - gate probes: parameters that hold three gates fully open or shut and leave one driven by its weights, so the
 *     expected c (and h) depend on that one gate alone;
 *   - recognition candidates: the catalogue's wrong cells (and pairs of them) run on the suite's inputs;
 *   - per-gate blocks of the parameter gradients (column block k of dWx, dWh and db belongs to gate k).
 */
import { Matrix } from '../lib/matrix';
import { outputsText } from '../../grader/harness/diagnosis-text';
import { lstmForward, lstmStep, lstmStepBackward, type LstmParams, type LstmStepCache } from './lstm';
import { GATES, pinBlocks, type BlockMode, type Gate, type LstmSequenceCase, type LstmStepCase } from './cases';
import {
  aloneText,
  backwardWith,
  BACKWARD_MISTAKES,
  BPTT_MISTAKES,
  combine,
  forwardWith,
  FORWARD_MISTAKES,
  SEQUENCE_MISTAKES,
  type BackwardParts,
  type ForwardParts,
  type Localized,
} from './mistakes';

/** The harness's Candidate: a wrong cell's outputs by name, and what to say when a student's match them. */
export interface Candidate {
  id: string;
  outputs: Record<string, Matrix>;
  diagnosis: Localized;
  hint: Localized;
}

export const STEP_GRADS = ['dx', 'dhPrev', 'dcPrev', 'dWx', 'dWh', 'db'] as const;
export const SEQUENCE_GRADS = ['dh0', 'dc0', 'dWx', 'dWh', 'db'] as const;

/** A field of an untrusted result, if the result is an object. */
export function member(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return Object.prototype.hasOwnProperty.call(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

/** Elementwise |a − r| ≤ atol + rtol·|r| with the same shape; loose enough to recognise, strict enough to tell apart. */
export function near(actual: unknown, expected: Matrix, rtol = 1e-6, atol = 1e-9): boolean {
  if (!(actual instanceof Matrix) || actual.rows !== expected.rows || actual.cols !== expected.cols) return false;
  return expected.data.every((r, k) => Math.abs(actual.data[k] - r) <= atol + rtol * Math.abs(r));
}

/** `{ hs: [...], c, … }` as flat names (`hs[0]`, …, `c`), the form recognition compares; lists are kept as given. */
export function flatten(value: unknown, lists: string[], singles: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of lists) {
    const list = member(value, name);
    if (Array.isArray(list)) list.forEach((m, t) => (out[`${name}[${t}]`] = m));
  }
  for (const name of singles) out[name] = member(value, name);
  return out;
}

// ---- Gate probes ----

export const GATE_NAMES: Record<Gate, Localized> = {
  i: { en: 'the input gate i', ru: 'входной вентиль i' },
  f: { en: 'the forget gate f', ru: 'вентиль забывания f' },
  g: { en: 'the candidate g', ru: 'кандидат g' },
  o: { en: 'the output gate o', ru: 'выходной вентиль o' },
};

/**
 * One probe per gate. Pinned blocks: open = σ 1 (tanh 1), shut = σ 0, zero = tanh 0. With these the reference gives
 *   f probe: c = f ⊙ cPrev       i probe: c = i       g probe: c = g       o probe: c = cPrev, h = o ⊙ tanh(cPrev)
 * and h = tanh(c) in the first three. The i and g probes start from cPrev = 0, so that whatever the forget gate does
 * cannot show there; blocks that do not matter are pinned where a mix-up of blocks shows.
 */
export const PROBES: readonly { gate: Gate; modes: Record<Gate, BlockMode>; noState?: boolean }[] = [
  { gate: 'f', modes: { i: 'shut', f: 'live', g: 'zero', o: 'open' } },
  { gate: 'i', modes: { i: 'live', f: 'shut', g: 'open', o: 'open' }, noState: true },
  { gate: 'g', modes: { i: 'open', f: 'shut', g: 'live', o: 'open' }, noState: true },
  { gate: 'o', modes: { i: 'shut', f: 'open', g: 'zero', o: 'live' } },
];

/** The arguments of lstmStep for each probe, in the order of PROBES. */
export function probeArgs(k: LstmStepCase): [Matrix, Matrix, Matrix, LstmParams][] {
  return PROBES.map((probe) => [k.x, k.hPrev, probe.noState ? Matrix.zeros(k.cPrev.rows, k.cPrev.cols) : k.cPrev, pinBlocks(k.p, probe.modes)]);
}

/**
 * Which gates behave right on their own, from the student's results of `probeArgs(k)` in order. A gate is right
 * when its probe's c is; the output gate when its probe's c and h are, and h = tanh(c) holds wherever c was right.
 */
export function gateVerdict(k: LstmStepCase, results: unknown[]): Record<Gate, boolean> {
  const checks = probeArgs(k).map(([x, hPrev, cPrev, p], n) => {
    const want = lstmStep(x, hPrev, cPrev, p);
    const cOk = near(member(results[n], 'c'), want.c);
    return { gate: PROBES[n].gate, cOk, hOk: near(member(results[n], 'h'), want.h) };
  });
  const verdict = Object.fromEntries(checks.map((r) => [r.gate, r.cOk])) as Record<Gate, boolean>;
  verdict.o = checks.every((r) => (r.gate === 'o' ? r.cOk && r.hOk : !r.cOk || r.hOk));
  return verdict;
}

const list = (gates: Gate[], lang: keyof Localized) => gates.map((g) => GATE_NAMES[g][lang]).join(', ');

const GATE_LINES: Record<Gate, Localized> = {
  i: { en: 'i = σ(a_i) comes from the first block and scales the candidate: C_new = i ⊙ g.', ru: 'i = σ(a_i) берётся из первого блока и масштабирует кандидата: C_new = i ⊙ g.' },
  f: { en: 'f = σ(a_f) comes from the second block and scales the old state: f ⊙ cPrev.', ru: 'f = σ(a_f) берётся из второго блока и масштабирует старое состояние: f ⊙ cPrev.' },
  g: { en: 'g = tanh(a_g) comes from the third block.', ru: 'g = tanh(a_g) берётся из третьего блока.' },
  o: { en: 'o = σ(a_o) comes from the fourth block, and h = o ⊙ tanh(c).', ru: 'o = σ(a_o) берётся из четвёртого блока, а h = o ⊙ tanh(c).' },
};

/** "Probing one gate at a time: right — …; not right — …", and a hint with the lines of math of the wrong gates. */
export function probeSummary(verdict: Record<Gate, boolean>): { text: Localized; hint: Localized } {
  const right = GATES.filter((g) => verdict[g]);
  const wrong = GATES.filter((g) => !verdict[g]);
  const hint = {
    en: wrong.map((g) => GATE_LINES[g].en).join(' '),
    ru: wrong.map((g) => GATE_LINES[g].ru).join(' '),
  };
  if (wrong.length === 0) {
    return {
      text: {
        en: 'Probing one gate at a time (the other three held fully open or shut), each gate behaves right on its own; the cell goes wrong only when they act together.',
        ru: 'Проверка по одному вентилю (остальные три полностью открыты или закрыты) показывает, что каждый вентиль по отдельности работает верно; ячейка ошибается, только когда они действуют вместе.',
      },
      hint: {
        en: 'Check how c = f ⊙ cPrev + i ⊙ g and h = o ⊙ tanh(c) combine the four gates.',
        ru: 'Проверьте, как c = f ⊙ cPrev + i ⊙ g и h = o ⊙ tanh(c) соединяют четыре вентиля.',
      },
    };
  }
  if (right.length === 0) {
    return {
      text: {
        en: 'Probing one gate at a time (the other three held fully open or shut), none of the four behaves right, so look first at what they share: the pre-activation a = x·Wx + hPrev·Wh + b and how it is split into blocks.',
        ru: 'Проверка по одному вентилю (остальные три полностью открыты или закрыты) показывает, что ни один из четырёх не работает верно, поэтому сначала проверьте общее для всех: предактивацию a = x·Wx + hPrev·Wh + b и её разбиение на блоки.',
      },
      hint,
    };
  }
  return {
    text: {
      en: `Probing one gate at a time (the other three held fully open or shut): right — ${list(right, 'en')}; not right — ${list(wrong, 'en')}.`,
      ru: `Проверка по одному вентилю (остальные три полностью открыты или закрыты): верно — ${list(right, 'ru')}; неверно — ${list(wrong, 'ru')}.`,
    },
    hint,
  };
}

// ---- Recognition candidates ----

/** The catalogue's wrong steps (each mistake, then each pair of them) on case k. */
export function stepForwardCandidates(k: LstmStepCase): Candidate[] {
  const all = [...FORWARD_MISTAKES, ...combine<ForwardParts>(FORWARD_MISTAKES)];
  return all.map((m) => {
    const out = forwardWith(m.parts)(k.x, k.hPrev, k.cPrev, k.p);
    return { id: m.id, outputs: { h: out.h, c: out.c }, diagnosis: aloneText(m), hint: m.hint };
  });
}

export function stepBackwardCandidates(k: LstmStepCase, cache: LstmStepCache): Candidate[] {
  const all = [...BACKWARD_MISTAKES, ...combine<BackwardParts>(BACKWARD_MISTAKES)];
  return all.map((m) => ({ id: m.id, outputs: { ...backwardWith(m.parts)(k.dh, k.dc, cache) }, diagnosis: aloneText(m), hint: m.hint }));
}

export function sequenceCandidates(k: LstmSequenceCase): Candidate[] {
  return SEQUENCE_MISTAKES.map((m) => {
    const out = m.forward(k.xs, k.h0, k.c0, k.p);
    return { id: m.id, outputs: flatten(out, ['hs'], ['c']) as Record<string, Matrix>, diagnosis: m.diagnosis, hint: m.hint };
  });
}

export function bpttCandidates(k: LstmSequenceCase): Candidate[] {
  const { steps } = lstmForward(k.xs, k.h0, k.c0, k.p).cache;
  return BPTT_MISTAKES.map((m) => ({
    id: m.id,
    outputs: flatten(m.backward(k.dhs, steps), ['dxs'], [...SEQUENCE_GRADS]) as Record<string, Matrix>,
    diagnosis: m.diagnosis,
    hint: m.hint,
  }));
}

// ---- Gradients, gate by gate ----

/** Which gates' column blocks of dWx, dWh and db are right (column block k of each belongs to gate k). */
export function gradientBlocks(got: unknown, k: LstmStepCase): Record<Gate, boolean> {
  const want = lstmStepBackward(k.dh, k.dc, lstmStep(k.x, k.hPrev, k.cPrev, k.p).cache);
  const blocks = (name: 'dWx' | 'dWh' | 'db'): (Matrix | null)[] => {
    const m = member(got, name);
    return m instanceof Matrix && m.cols === want[name].cols && m.rows === want[name].rows ? m.splitCols(4) : [null, null, null, null];
  };
  const mine = { dWx: blocks('dWx'), dWh: blocks('dWh'), db: blocks('db') };
  const theirs = { dWx: want.dWx.splitCols(4), dWh: want.dWh.splitCols(4), db: want.db.splitCols(4) };
  return Object.fromEntries(
    GATES.map((gate, n) => [gate, (['dWx', 'dWh', 'db'] as const).every((name) => near(mine[name][n], theirs[name][n]))]),
  ) as Record<Gate, boolean>;
}

/** Each gate's own line of the backward pass: the only place its block of da is formed. */
const GATE_BACKWARD_LINES: Record<Gate, string> = {
  i: 'da_i = dI ⊙ i ⊙ (1 − i), dI = dcTotal ⊙ g',
  f: 'da_f = dF ⊙ f ⊙ (1 − f), dF = dcTotal ⊙ cPrev',
  g: 'da_g = dG ⊙ (1 − g²), dG = dcTotal ⊙ i',
  o: 'da_o = dO ⊙ o ⊙ (1 − o), dO = dh ⊙ tanh(c)',
};

/**
 * Which gradients of lstmStepBackward are wrong and which are right, and, when the parameter gradients are right
 * through some gates and not others, the lines of math of the wrong gates.
 */
export function wrongGradientsText(wrong: string[], blocks: Record<Gate, boolean>): Localized {
  const text = outputsText('lstmStepBackward', wrong, STEP_GRADS.filter((name) => !wrong.includes(name)));
  const right = GATES.filter((g) => blocks[g]);
  const bad = GATES.filter((g) => !blocks[g]);
  if (right.length === 0 || bad.length === 0) return text;
  const lines = bad.map((g) => GATE_BACKWARD_LINES[g]).join('; ');
  return {
    en: `${text.en} Through ${list(right, 'en')} your parameter gradients are right; through ${list(bad, 'en')} they are not, so look at that gate's line: ${lines}.`,
    ru: `${text.ru} Градиенты параметров верны для блоков: ${list(right, 'ru')}; неверны для блоков: ${list(bad, 'ru')}, так что проверьте строку этого вентиля: ${lines}.`,
  };
}

// ---- Fixed texts ----

export const TEXTS = {
  fixStepFirst: {
    en: 'Your lstmStepBackward starts from your lstmStep, and lstmStep is not right yet: fix the forward step first (see the check "lstmStep equals the reference").',
    ru: 'Ваш lstmStepBackward опирается на ваш lstmStep, а lstmStep пока неверен: сначала исправьте прямой шаг (см. проверку «lstmStep совпадает с эталоном»).',
  },
  sequenceNeedsStep: {
    en: 'lstmForward repeats lstmStep at every step, and your lstmStep is not right yet: fix it first (see the check "lstmStep equals the reference").',
    ru: 'lstmForward повторяет lstmStep на каждом шаге, а ваш lstmStep пока неверен: сначала исправьте его (см. проверку «lstmStep совпадает с эталоном»).',
  },
  fixSequenceFirst: {
    en: 'lstmBackward starts from your lstmForward, and lstmForward is not right yet: fix it first (see the check "lstmForward over short and long sequences").',
    ru: 'lstmBackward опирается на ваш lstmForward, а lstmForward пока неверен: сначала исправьте его (см. проверку «lstmForward на коротких и длинных последовательностях»).',
  },
  bpttNeedsStepBackward: {
    en: 'lstmBackward repeats lstmStepBackward at every step, and your lstmStepBackward is not right yet: fix it first (see the check "Every gradient of lstmStepBackward equals the reference").',
    ru: 'lstmBackward повторяет lstmStepBackward на каждом шаге, а ваш lstmStepBackward пока неверен: сначала исправьте его (см. проверку «Все градиенты lstmStepBackward совпадают с эталоном»).',
  },
  nonFinite: {
    en: 'Your cell returns NaN or ∞ when the pre-activations are large (hundreds), where the reference gives ordinary numbers: a σ or tanh written by hand with e^a, such as e^a / (1 + e^a), overflows there to ∞ / ∞ = NaN.',
    ru: 'Ваша ячейка возвращает NaN или ∞ при больших предактивациях (сотни), где эталон даёт обычные числа: σ или tanh, записанные вручную через e^a, например e^a / (1 + e^a), там переполняются до ∞ / ∞ = NaN.',
  },
  fdForwardMalformed: {
    en: 'The finite-difference check could not use your {fn}: for slightly moved inputs it did not return outputs of the right shapes (h and c N×H; hs, T matrices N×H). Fix {fn} first.',
    ru: 'Проверка конечными разностями не смогла использовать ваш {fn}: при слегка сдвинутых входах он не вернул выходы нужных размеров (h и c — N×H; hs — T матриц N×H). Сначала исправьте {fn}.',
  },
  nonFiniteHint: {
    en: 'Use the toolkit\'s sigmoid() and tanh(): they are finite for every finite input.',
    ru: 'Используйте sigmoid() и tanh() из набора: они конечны при любом конечном аргументе.',
  },
  onlySomeCases: {
    en: 'Your {fn} is right on an ordinary case but not on these: {labels}.',
    ru: 'Ваша {fn} верна на обычном примере, но не на этих: {labels}.',
  },
  hsLength: {
    en: 'hs must be an array of T matrices, h_1 … h_T, one per step; yours has {n} entries for T = {T}.',
    ru: 'hs должен быть массивом из T матриц h_1 … h_T, по одной на шаг; у вас {n} элементов при T = {T}.',
  },
  hsLengthHint: {
    en: 'Push each step\'s returned h once, and do not include h0.',
    ru: 'Добавляйте в hs h, возвращённое каждым шагом, ровно один раз и не включайте h0.',
  },
  sequenceDrifts: {
    en: 'Your lstmStep is right, and your lstmForward agrees with the reference up to hs[{t}]; from hs[{next}] on it does not, so look at how each step hands h and c to the next one.',
    ru: 'Ваш lstmStep верен, и ваш lstmForward совпадает с эталоном до hs[{t}] включительно; начиная с hs[{next}] — нет, так что проверьте, как каждый шаг передаёт h и c следующему.',
  },
  sequenceFirstWrong: {
    en: 'Your lstmStep is right, but hs[0] of your lstmForward is not: the first step must be lstmStep(xs[0], h0, c0, p).',
    ru: 'Ваш lstmStep верен, но hs[0] вашего lstmForward — нет: первый шаг должен быть lstmStep(xs[0], h0, c0, p).',
  },
  lastStateWrong: {
    en: 'Your hs are right, but c is not: lstmForward returns the last cell state c_T, the c of the last step.',
    ru: 'Ваши hs верны, а c — нет: lstmForward возвращает последнее состояние ячейки c_T, то есть c последнего шага.',
  },
  bpttWrong: {
    en: 'Your lstmStepBackward is right, but these gradients of lstmBackward are wrong: {names}. Walk the steps from the last to the first, give step t dhs[t] + dhNext and dcNext, and add up dWx, dWh and db.',
    ru: 'Ваш lstmStepBackward верен, но эти градиенты lstmBackward неверны: {names}. Пройдите шаги от последнего к первому, передайте шагу t dhs[t] + dhNext и dcNext и сложите dWx, dWh и db.',
  },
  fdDisagrees: {
    en: 'Your {backward} disagrees with your own {forward} for {names}: nudging the inputs of your {forward} changes the loss differently from what your gradients predict. Re-derive those gradients from your forward code.',
    ru: 'Ваш {backward} не согласуется с вашим же {forward} для {names}: при малом сдвиге входов {forward} потери меняются не так, как предсказывают ваши градиенты. Выведите эти градиенты заново из кода прямого прохода.',
  },
  cacheNotPlain: {
    en: 'Your forward\'s result could not be sent back from the sandbox for the finite-difference check: its cache holds something that is not data (a function, a promise, or an object that refers to itself). Keep the cache to plain matrices, arrays and objects.',
    ru: 'Результат вашего прямого прохода не удалось передать из песочницы для проверки конечными разностями: в кэше лежит что-то кроме данных (функция, промис или объект, ссылающийся сам на себя). Храните в кэше только матрицы, массивы и простые объекты.',
  },
  notDeterministic: {
    en: 'The same inputs gave different results on two calls of {fn}. Results must depend only on the arguments: no randomness, no state kept between calls, and no changes to the cache.',
    ru: 'Одни и те же входы дали разные результаты при двух вызовах {fn}. Результат должен зависеть только от аргументов: без случайности, без состояния между вызовами и без изменения кэша.',
  },
  mutated: {
    en: '{fn} changed one of its arguments. Matrices belong to the caller: build new ones with the toolkit\'s operations instead of writing into .data or into the arrays you were given.',
    ru: '{fn} изменила один из своих аргументов. Матрицы принадлежат вызывающему коду: создавайте новые операциями из набора, а не записывайте в .data или в переданные массивы.',
  },
} satisfies Record<string, Localized>;
