/**
 * What the hidden suite says when a GRU is wrong. Trusted side only. Pure: it compares values the suite got from
 * the student with the reference and the mistake catalogue, and returns texts; it never calls student code.
 *
 * Order of reasoning: a catalogued mistake first (the most specific text); then, for the step, probes that saturate
 * one gate at a time to find which line of the math is wrong; then a plain list of what differs.
 */
import { Matrix } from '../lib/matrix';
import { gruStep, type GruParams } from './gru';
import { saturateGates, type GateBlock, type GruStepCase } from './cases';
import { block, STEP_FORWARD_MISTAKES, type Localized } from './mistakes';

export interface Explanation {
  diagnosis: Localized;
  hint?: Localized;
}

/** Same shape and values within the tolerance the harness's `recognise` uses (loose enough for reordered sums). */
export function matches(actual: unknown, expected: Matrix): boolean {
  if (!(actual instanceof Matrix) || actual.rows !== expected.rows || actual.cols !== expected.cols) return false;
  return expected.data.every((e, i) => Math.abs(actual.data[i] - e) <= 1e-9 + 1e-6 * Math.abs(e));
}

/** A field of an untrusted result, if the result is an object (as the harness's `field`). */
function get(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return Object.prototype.hasOwnProperty.call(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

/**
 * An untrusted result's matrices under flat names: plain fields as they are, the entries of array fields as
 * `name[t]` (`hs[0]`, `dxs[3]`), so sequences compare like steps.
 */
export function flatten(value: unknown, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const v = get(value, name);
    if (Array.isArray(v)) v.forEach((m, t) => (out[`${name}[${t}]`] = m));
    else out[name] = v;
  }
  return out;
}

const baseName = (key: string) => key.replace(/\[\d+\]$/, '');

export function fill(text: Localized, values: Record<string, string | number>): Localized {
  const sub = (s: string) => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
  return { en: sub(text.en), ru: sub(text.ru) };
}

// ---- Gate probes for gruStep. ----

export type ProbeName = 'z1' | 'z0' | 'z0r0' | 'z0r1';
const PROBES: Record<ProbeName, Partial<Record<GateBlock, 0 | 1>>> = {
  z1: { z: 1 }, //          h must be hPrev exactly
  z0: { z: 0 }, //          h must be the candidate n
  z0r0: { z: 0, r: 0 }, //  n must ignore hPrev: tanh(x·Wx_n + bx_n)
  z0r1: { z: 0, r: 1 }, //  n = tanh(ax_n + ah_n)
};
export const PROBE_NAMES = Object.keys(PROBES) as ProbeName[];

/** The parameters of each probe: the case's own, with the z and r gates forced to 0 or 1 by their biases. */
export function probeParams(p: GruParams): Record<ProbeName, GruParams> {
  return Object.fromEntries(PROBE_NAMES.map((name) => [name, saturateGates(p, PROBES[name])])) as Record<ProbeName, GruParams>;
}

const TEXT = {
  zKeepsWrongTerm: {
    en: 'The update gate z keeps the wrong term: with z = 0 your step returns hPrev unchanged, but in h = z ⊙ hPrev + (1 − z) ⊙ n a closed z must give the candidate n (and z = 1 must give hPrev).',
    ru: 'Вентиль обновления z сохраняет не то слагаемое: при z = 0 ваш шаг возвращает hPrev без изменений, а в h = z ⊙ hPrev + (1 − z) ⊙ n при z = 0 должен получаться кандидат n (а при z = 1 — hPrev).',
  },
  zOneNotHPrev: {
    en: 'With the update gate at z = 1 a GRU step must return hPrev unchanged, since h = z ⊙ hPrev + (1 − z) ⊙ n; yours does not. Check the last line, and that z = σ(ax_z + ah_z) comes from the first H columns.',
    ru: 'При вентиле обновления z = 1 шаг GRU должен вернуть hPrev без изменений, ведь h = z ⊙ hPrev + (1 − z) ⊙ n; ваш шаг этого не делает. Проверьте последнюю строку и то, что z = σ(ax_z + ah_z) берётся из первых H столбцов.',
  },
  biasOutsideReset: {
    en: 'The update gate is right, but with the reset gate closed (r = 0) your candidate still contains bh_n: r must multiply the recurrent term together with its bias, n = tanh(ax_n + r ⊙ (hPrev·Wh_n + bh_n)).',
    ru: 'Вентиль обновления верен, но при закрытом вентиле сброса (r = 0) в вашем кандидате всё ещё есть bh_n: r должен умножать рекуррентное слагаемое вместе с его смещением, n = tanh(ax_n + r ⊙ (hPrev·Wh_n + bh_n)).',
  },
  candidateInput: {
    en: 'The update gate is right (z = 1 keeps hPrev), but the candidate n is wrong already without the past: with the reset gate closed (r = 0), n = tanh(x·Wx_n + bx_n) must not depend on hPrev. Check the n block (the last H columns) of x·Wx + bx, and the tanh.',
    ru: 'Вентиль обновления верен (при z = 1 сохраняется hPrev), но кандидат n неверен уже без учёта прошлого: при закрытом вентиле сброса (r = 0) n = tanh(x·Wx_n + bx_n) и от hPrev не зависит. Проверьте блок n (последние H столбцов) в x·Wx + bx и tanh.',
  },
  candidateRecurrent: {
    en: 'The update gate and the input part of the candidate are right, but its recurrent part is not: with the reset gate open (r = 1), n = tanh(ax_n + hPrev·Wh_n + bh_n). Check the n block (the last H columns) of hPrev·Wh + bh.',
    ru: 'Вентиль обновления и входная часть кандидата верны, а рекуррентная часть — нет: при открытом вентиле сброса (r = 1) n = tanh(ax_n + hPrev·Wh_n + bh_n). Проверьте блок n (последние H столбцов) в hPrev·Wh + bh.',
  },
  resetGate: {
    en: 'The candidate n is right when the reset gate is fully closed or fully open, but not in between, so the reset gate r is wrong: r = σ(ax_r + ah_r) from the middle H columns, applied as r ⊙ (hPrev·Wh_n + bh_n).',
    ru: 'Кандидат n верен при полностью закрытом и полностью открытом вентиле сброса, но не между ними — значит, неверен сам вентиль сброса r: r = σ(ax_r + ah_r) из средних H столбцов, применяемый как r ⊙ (hPrev·Wh_n + bh_n).',
  },
  updateGate: {
    en: 'h is right when the update gate is fully open or closed, so the candidate n is right; the update gate z itself is wrong in between. Check z = σ(ax_z + ah_z) from the first H columns, and the mix h = z ⊙ hPrev + (1 − z) ⊙ n.',
    ru: 'h верен при полностью открытом и полностью закрытом вентиле обновления, значит, кандидат n верен, а неверен сам вентиль z между этими крайностями. Проверьте z = σ(ax_z + ah_z) из первых H столбцов и смешивание h = z ⊙ hPrev + (1 − z) ⊙ n.',
  },
} satisfies Record<string, Localized>;

const CANDIDATE_SIGMOID = STEP_FORWARD_MISTAKES.find((m) => m.id === 'candidate-sigmoid');

/**
 * Which line of gruStep is wrong, from the student's h on the probes of case k (each `got[name]` is their h for
 * the probe's parameters). Returns null when every probe is right, which the caller reads as "wrong elsewhere".
 */
export function explainProbes(k: GruStepCase, got: Record<ProbeName, unknown>): Explanation | null {
  const params = probeParams(k.p);
  const want = (name: ProbeName) => gruStep(k.x, k.hPrev, params[name]).h;
  if (!matches(got.z1, want('z1'))) {
    return { diagnosis: matches(got.z0, k.hPrev) ? TEXT.zKeepsWrongTerm : TEXT.zOneNotHPrev };
  }
  if (matches(got.z0, want('z0'))) return null;
  if (!matches(got.z0r0, want('z0r0'))) {
    const p = params.z0r0;
    const axN = k.x.matmul(block(p.Wx, 2)).add(block(p.bx, 2)); // N×H
    if (CANDIDATE_SIGMOID && matches(got.z0r0, axN.sigmoid())) return { diagnosis: CANDIDATE_SIGMOID.diagnosis, hint: CANDIDATE_SIGMOID.hint };
    if (matches(got.z0r0, axN.add(block(p.bh, 2)).tanh())) return { diagnosis: TEXT.biasOutsideReset };
    return { diagnosis: TEXT.candidateInput };
  }
  if (!matches(got.z0r1, want('z0r1'))) return { diagnosis: TEXT.candidateRecurrent };
  return { diagnosis: TEXT.resetGate };
}

/** When every probe is right but h is not: z is wrong only away from 0 and 1. */
export const UPDATE_GATE_BETWEEN: Explanation = { diagnosis: TEXT.updateGate };

// ---- Gradients: a whole catalogued mistake, or several, output by output. ----

export interface GradientCandidate {
  id: string;
  /** The mistake's outputs, flattened (see `flatten`). */
  outputs: Record<string, Matrix>;
  /** The base names it changes (`dxs` covers every `dxs[t]`). */
  affects: readonly string[];
  diagnosis: Localized;
  hint: Localized;
}

const ALSO: Localized = { en: ' Also: ', ru: ' Кроме того: ' };

/**
 * Explains wrong gradients by the catalogue: first a mistake that reproduces every output; then, output by output,
 * one mistake per wrong output, if that explains all of them (a student may make two independent mistakes).
 * `got` and `want` are flattened. Returns null when the catalogue does not explain what is wrong.
 */
export function explainGradients(got: Record<string, unknown>, want: Record<string, Matrix>, candidates: readonly GradientCandidate[]): Explanation | null {
  const keys = Object.keys(want);
  const whole = candidates.find((c) => keys.every((key) => matches(got[key], c.outputs[key])));
  if (whole) return { diagnosis: whole.diagnosis, hint: whole.hint };
  const wrong = keys.filter((key) => !matches(got[key], want[key]));
  if (wrong.length === 0) return null;
  const found: GradientCandidate[] = [];
  for (const key of wrong) {
    const c = candidates.find((m) => m.affects.includes(baseName(key)) && matches(got[key], m.outputs[key]));
    if (!c) return null;
    if (!found.includes(c)) found.push(c);
  }
  const join = (lang: keyof Localized) => found.map((c) => c.diagnosis[lang]).join(ALSO[lang]);
  return { diagnosis: { en: join('en'), ru: join('ru') }, hint: found[0].hint };
}

/** The names of the outputs that differ, with `name[t]` entries folded into their base name. */
export function wrongNames(got: Record<string, unknown>, want: Record<string, Matrix>): string[] {
  const names = Object.keys(want).filter((key) => !matches(got[key], want[key])).map(baseName);
  return [...new Set(names)];
}

/** The grader's stock texts for this exercise. */
export const MESSAGES = {
  fixStepForwardFirst: {
    en: 'Your backward pass starts from your forward pass, and gruStep is not right yet: fix gruStep first (see the check "gruStep equals the reference").',
    ru: 'Обратный проход опирается на ваш прямой, а gruStep пока неверна: сначала исправьте gruStep (см. проверку «gruStep совпадает с эталоном»).',
  },
  fixStepForSequence: {
    en: 'gruForward repeats gruStep over time, and your gruStep is not right yet: fix gruStep first (see the check "gruStep equals the reference").',
    ru: 'gruForward повторяет gruStep во времени, а ваша gruStep пока неверна: сначала исправьте gruStep (см. проверку «gruStep совпадает с эталоном»).',
  },
  fixSequenceForwardFirst: {
    en: 'gruBackward starts from your gruForward, which is not right yet: fix gruForward first (see the check on gruForward).',
    ru: 'gruBackward опирается на ваш gruForward, а он пока неверен: сначала исправьте gruForward (см. проверку gruForward).',
  },
  fixStepBackwardFirst: {
    en: 'gruBackward goes through gruStepBackward at every step, and your gruStepBackward is not right yet: fix it first (see the check on gruStepBackward).',
    ru: 'gruBackward на каждом шаге проходит через gruStepBackward, а ваша gruStepBackward пока неверна: сначала исправьте её (см. проверку gruStepBackward).',
  },
  hsLength: {
    en: 'gruForward must return hs with one new state per input: {T} matrices N×H (h_1 … h_T) for {T} inputs; yours has {got}.',
    ru: 'gruForward должна вернуть hs — по одному новому состоянию на каждый вход: {T} матриц N×H (h_1 … h_T) для {T} входов, а у вас {got}.',
  },
  dxsLength: {
    en: 'gruBackward must return dxs with one gradient per input: {T} matrices N×D for {T} inputs; yours has {got}.',
    ru: 'gruBackward должна вернуть dxs — по одному градиенту на каждый вход: {T} матриц N×D для {T} входов, а у вас {got}.',
  },
  firstWrongState: {
    en: 'hs[{t}], the state after input xs[{t}], is the first output that differs (the ones before it are right). Each state is gruStep(x_t, h_{t−1}).h, starting from h0.',
    ru: 'hs[{t}] — состояние после входа xs[{t}] — первый неверный выход (предыдущие верны). Каждое состояние — это gruStep(x_t, h_{t−1}).h, начиная с h0.',
  },
} satisfies Record<string, Localized>;
