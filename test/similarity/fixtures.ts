/**
 * Submissions of exercise 02 for the similarity tests, written the way students would: the generated stub with the
 * TODO and throw of each function replaced by a body. Each student's bodies are hand-written; the copies among them
 * are edited by hand the way a copier would (renamed, reformatted, recommented), not produced by a transformation the
 * detector could simply undo.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceFile } from '../../grader/similarity';

export const EXERCISE = '02-forget-gate';
export const FILE = 'exercises/02-forget-gate/forget-gate.ts';
export const STUB = readFileSync(join(__dirname, '../..', FILE), 'utf8');

export type FunctionName = 'sigmoid' | 'forgetGateForward' | 'forgetGateBackward' | 'retention' | 'halfLife';
export type Bodies = Partial<Record<FunctionName, string>>;

/** The stub with the given functions written; the others stay untouched, TODO and throw included. */
export function fillStub(bodies: Bodies, stub = STUB): string {
  let text = stub;
  for (const [name, body] of Object.entries(bodies)) {
    const todo = new RegExp(`( *)// TODO: write ${name} \\(.*\\n *throw new Error\\(.*\\);\\n`);
    if (!todo.test(text)) throw new Error(`fixture: no TODO for ${name} in the stub`);
    text = text.replace(todo, () => body.replace(/^\n/, '').replace(/\s*$/, '\n'));
  }
  return text;
}

export function submission(student: string, text: string, file = FILE): SourceFile {
  return { student, exercise: EXERCISE, file, text };
}

export const baseline: SourceFile[] = [{ student: '(stub)', exercise: EXERCISE, file: FILE, text: STUB }];

/**
 * 1-based lines of the body of `export function name` in `text`: from the line after the one that opens the body to
 * the line before its closing brace at the start of a line.
 */
export function bodyLines(text: string, name: string): [number, number] {
  const lines = text.split('\n');
  const head = lines.findIndex((line) => line.startsWith(`export function ${name}(`));
  if (head < 0) throw new Error(`fixture: no function ${name}`);
  const open = lines.findIndex((line, i) => i >= head && line.trimEnd().endsWith('{'));
  const close = lines.findIndex((line, i) => i > open && line.startsWith('}'));
  return [open + 2, close];
}

/** Anna: toolkit operations, with a few habits of her own (explicit cache fields, a grads object, a loop). */
export const anna: Bodies = {
  sigmoid: `
    // stable in both directions: never take exp of a large positive number
    return z.map((v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))));`,
  forgetGateForward: `
    const fromInput = x.matmul(p.Wfx);
    const fromState = hPrev.matmul(p.Wfh);
    const gate = sigmoid(fromInput.add(fromState).add(p.bf));
    const kept = gate.mul(cPrev);
    const cell = kept.add(cNew);
    return { f: gate, c: cell, cache: { x: x, hPrev: hPrev, cPrev: cPrev, f: gate, Wfx: p.Wfx, Wfh: p.Wfh } };`,
  forgetGateBackward: `
    const gate = cache.f;
    // dL/df = dc * cPrev, then through the sigmoid
    const dGate = dc.mul(cache.cPrev);
    const slope = gate.mul(Matrix.fill(gate.rows, gate.cols, 1).sub(gate));
    const dPre = dGate.mul(slope);
    const grads: ForgetGateGrads = {
        dx: dPre.matmul(cache.Wfx.transpose()),
        dhPrev: dPre.matmul(cache.Wfh.transpose()),
        dcPrev: dc.mul(gate),
        dcNew: dc,
        dWfx: cache.x.transpose().matmul(dPre),
        dWfh: cache.hPrev.transpose().matmul(dPre),
        dbf: dPre.sumRows(),
    };
    return grads;`,
  retention: `
    let left = 1;
    const s = bf >= 0 ? 1 / (1 + Math.exp(-bf)) : Math.exp(bf) / (1 + Math.exp(bf));
    for (let i = 0; i < steps; i++) left *= s;
    return left;`,
  halfLife: `
    if (Number.isNaN(bf)) return NaN;
    if (bf === Infinity) return Infinity;
    if (bf === -Infinity) return 0;
    const softplus = bf > 0 ? Math.log1p(Math.exp(-bf)) : -bf + Math.log1p(Math.exp(bf));
    return Math.log(2) / softplus;`,
};

/**
 * Boris copied Anna's file and disguised it: every local renamed, other comments, no semicolons, other line breaks
 * and indentation, double quotes, one statement split in two lines. Same program.
 */
export const borisText = fillStub({
  sigmoid: `
  /* numerically safe logistic */
  return z.map(t => (t >= 0
      ? 1 / (1 + Math.exp(-t))
      : Math.exp(t) / (1 + Math.exp(t))))`,
  forgetGateForward: `
  const viaX = x.matmul(p.Wfx)
  const viaH = hPrev.matmul(p.Wfh)
  const ff = sigmoid(viaX.add(viaH).add(p.bf))
  const remembered = ff.mul(cPrev)
  const newCell = remembered.add(cNew)
  return {
    f: ff,
    c: newCell,
    cache: { x: x, hPrev: hPrev, cPrev: cPrev, f: ff, Wfx: p.Wfx, Wfh: p.Wfh },
  }`,
  forgetGateBackward: `
  const ff = cache.f
  const gradF = dc.mul(cache.cPrev)   // chain rule
  const deriv = ff.mul(Matrix.fill(ff.rows, ff.cols, 1).sub(ff))
  const gradA = gradF.mul(deriv)
  const out: ForgetGateGrads = {
    dx: gradA.matmul(cache.Wfx.transpose()),
    dhPrev: gradA.matmul(cache.Wfh.transpose()),
    dcPrev: dc.mul(ff),
    dcNew: dc,
    dWfx: cache.x.transpose().matmul(gradA),
    dWfh: cache.hPrev.transpose().matmul(gradA),
    dbf: gradA.sumRows()
  }
  return out`,
  retention: `
  let r = 1
  const sig = bf >= 0 ? 1 / (1 + Math.exp(-bf)) : Math.exp(bf) / (1 + Math.exp(bf))
  for (let k = 0; k < steps; k++) r *= sig
  return r`,
  halfLife: `
  if (Number.isNaN(bf)) return NaN
  if (bf === Infinity) return Infinity
  if (bf === -Infinity) return 0
  const sp = bf > 0
    ? Math.log1p(Math.exp(-bf))
    : -bf + Math.log1p(Math.exp(bf))
  return Math.log(2) / sp`,
});

/** Chen: the same exercise written independently with index loops over the raw data, no toolkit operations. */
export const chen: Bodies = {
  sigmoid: `
    const out = new Float64Array(z.rows * z.cols);
    for (let i = 0; i < out.length; i++) {
        const v = z.data[i];
        if (v < 0) {
            const e = Math.exp(v);
            out[i] = e / (1 + e);
        } else {
            out[i] = 1 / (1 + Math.exp(-v));
        }
    }
    return new Matrix(z.rows, z.cols, out);`,
  forgetGateForward: `
    const n = x.rows, d = x.cols, h = hPrev.cols;
    const a = new Float64Array(n * h);
    for (let r = 0; r < n; r++) {
        for (let j = 0; j < h; j++) {
            let acc = p.bf.data[j];
            for (let k = 0; k < d; k++) acc += x.data[r * d + k] * p.Wfx.data[k * h + j];
            for (let k = 0; k < h; k++) acc += hPrev.data[r * h + k] * p.Wfh.data[k * h + j];
            a[r * h + j] = acc;
        }
    }
    const f = sigmoid(new Matrix(n, h, a));
    const c = new Float64Array(n * h);
    for (let i = 0; i < c.length; i++) c[i] = f.data[i] * cPrev.data[i] + cNew.data[i];
    return { f, c: new Matrix(n, h, c), cache: { x, hPrev, cPrev, f, Wfx: p.Wfx, Wfh: p.Wfh } };`,
  forgetGateBackward: `
    const { x, hPrev, cPrev, f, Wfx, Wfh } = cache;
    const n = dc.rows, h = dc.cols, d = x.cols;
    const da = new Float64Array(n * h);
    const dcPrev = new Float64Array(n * h);
    for (let i = 0; i < n * h; i++) {
        dcPrev[i] = dc.data[i] * f.data[i];
        da[i] = dc.data[i] * cPrev.data[i] * f.data[i] * (1 - f.data[i]);
    }
    const dx = new Float64Array(n * d), dhPrev = new Float64Array(n * h);
    const dWfx = new Float64Array(d * h), dWfh = new Float64Array(h * h), dbf = new Float64Array(h);
    for (let r = 0; r < n; r++) {
        for (let j = 0; j < h; j++) {
            const g = da[r * h + j];
            dbf[j] += g;
            for (let k = 0; k < d; k++) {
                dx[r * d + k] += g * Wfx.data[k * h + j];
                dWfx[k * h + j] += x.data[r * d + k] * g;
            }
            for (let k = 0; k < h; k++) {
                dhPrev[r * h + k] += g * Wfh.data[k * h + j];
                dWfh[k * h + j] += hPrev.data[r * h + k] * g;
            }
        }
    }
    return {
        dx: new Matrix(n, d, dx), dhPrev: new Matrix(n, h, dhPrev), dcPrev: new Matrix(n, h, dcPrev), dcNew: dc,
        dWfx: new Matrix(d, h, dWfx), dWfh: new Matrix(h, h, dWfh), dbf: new Matrix(1, h, dbf),
    };`,
  retention: `
    return Math.pow(Matrix.from([[bf]]).sigmoid().get(0, 0), steps);`,
  halfLife: `
    const minusLogKeep = Math.max(-bf, 0) + Math.log1p(Math.exp(-Math.abs(bf)));
    return Math.LN2 / minusLogKeep;`,
};

/**
 * Dasha wrote her own forward, sigmoid, retention and half-life, but her backward pass is Anna's, renamed and
 * reformatted.
 */
export const dasha: Bodies = {
  sigmoid: `
    return z.sigmoid();`,
  forgetGateForward: `
    const pre = x.matmul(p.Wfx).add(hPrev.matmul(p.Wfh)).add(p.bf);
    const f = sigmoid(pre);
    return { f, c: f.mul(cPrev).add(cNew), cache: { x, hPrev, cPrev, f, Wfx: p.Wfx, Wfh: p.Wfh } };`,
  forgetGateBackward: `
    const g = cache.f;
    const dG = dc.mul(cache.cPrev);  // gradient wrt the gate
    const sl = g.mul(Matrix.fill(g.rows, g.cols, 1).sub(g));
    const dA = dG.mul(sl);
    const res: ForgetGateGrads = {
        dx: dA.matmul(cache.Wfx.transpose()), dhPrev: dA.matmul(cache.Wfh.transpose()),
        dcPrev: dc.mul(g), dcNew: dc,
        dWfx: cache.x.transpose().matmul(dA), dWfh: cache.hPrev.transpose().matmul(dA),
        dbf: dA.sumRows(),
    };
    return res;`,
  retention: `
    if (steps === 0) return 1;
    const logKeep = -Math.log1p(Math.exp(-Math.abs(bf))) + Math.min(bf, 0);
    return Math.exp(steps * logKeep);`,
  halfLife: `
    const t = Math.LN2 / (Math.log1p(Math.exp(-Math.abs(bf))) - Math.min(bf, 0));
    return t;`,
};

/**
 * The idiomatic solution, the one most of a class converges on for a small exercise (it is close to the reference):
 * each student's copy differs only in local names, chosen by `tag`, as it would when written independently.
 */
export function idiomatic(tag: string): Bodies {
  const v = (name: string) => `${name}${tag}`;
  return {
    sigmoid: `
    return z.sigmoid();`,
    forgetGateForward: `
    const ${v('a')} = x.matmul(p.Wfx).add(hPrev.matmul(p.Wfh)).add(p.bf);
    const ${v('f')} = sigmoid(${v('a')});
    const ${v('c')} = ${v('f')}.mul(cPrev).add(cNew);
    return { f: ${v('f')}, c: ${v('c')}, cache: { x, hPrev, cPrev, f: ${v('f')}, Wfx: p.Wfx, Wfh: p.Wfh } };`,
    forgetGateBackward: `
    const { x, hPrev, cPrev, f, Wfx, Wfh } = cache;
    const ${v('da')} = dc.mul(cPrev).mul(f).mul(f.oneMinus());
    return {
        dx: ${v('da')}.matmul(Wfx.transpose()),
        dhPrev: ${v('da')}.matmul(Wfh.transpose()),
        dcPrev: dc.mul(f),
        dcNew: dc,
        dWfx: x.transpose().matmul(${v('da')}),
        dWfh: hPrev.transpose().matmul(${v('da')}),
        dbf: ${v('da')}.sumRows(),
    };`,
    retention: `
    const ${v('keep')} = bf >= 0 ? 1 / (1 + Math.exp(-bf)) : Math.exp(bf) / (1 + Math.exp(bf));
    return Math.pow(${v('keep')}, steps);`,
    halfLife: `
    return Math.LN2 / (Math.max(-bf, 0) + Math.log1p(Math.exp(-Math.abs(bf))));`,
  };
}
