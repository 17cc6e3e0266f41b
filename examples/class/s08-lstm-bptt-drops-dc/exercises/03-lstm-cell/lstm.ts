/**
 * Exercise 03 — LSTM cell (my solution).
 * Gate order in the 4H columns: i, f, g, o.
 */
import { Matrix, seededRandom } from '../lib/matrix';

export interface LstmParams {
    Wx: Matrix; // D×4H
    Wh: Matrix; // H×4H
    b: Matrix; //  1×4H
}

export interface LstmStepCache {
    x: Matrix;
    hPrev: Matrix;
    cPrev: Matrix;
    gates: Matrix[]; // [i, f, g, o]
    tc: Matrix; // tanh(c)
    p: LstmParams;
}

export interface LstmStepOutput {
    h: Matrix;
    c: Matrix;
    cache: LstmStepCache;
}

export interface LstmStepGrads {
    dx: Matrix;
    dhPrev: Matrix;
    dcPrev: Matrix;
    dWx: Matrix;
    dWh: Matrix;
    db: Matrix;
}

export interface LstmSequenceCache {
    steps: LstmStepCache[];
}

export interface LstmSequenceOutput {
    hs: Matrix[];
    c: Matrix;
    cache: LstmSequenceCache;
}

export interface LstmSequenceGrads {
    dxs: Matrix[];
    dh0: Matrix;
    dc0: Matrix;
    dWx: Matrix;
    dWh: Matrix;
    db: Matrix;
}

export function lstmStep(x: Matrix, hPrev: Matrix, cPrev: Matrix, p: LstmParams): LstmStepOutput {
    const a = x.matmul(p.Wx).add(hPrev.matmul(p.Wh)).add(p.b);
    const [ai, af, ag, ao] = a.splitCols(4);
    const i = ai.sigmoid();
    const f = af.sigmoid();
    const g = ag.tanh();
    const o = ao.sigmoid();
    const c = f.mul(cPrev).add(i.mul(g)); // forget old + write new
    const tc = c.tanh();
    const h = o.mul(tc);
    return { h, c, cache: { x, hPrev, cPrev, gates: [i, f, g, o], tc, p } };
}

export function lstmStepBackward(dh: Matrix, dc: Matrix, cache: LstmStepCache): LstmStepGrads {
    const [i, f, g, o] = cache.gates;
    const tc = cache.tc;
    // total gradient on c: from h and from the next step
    const dcAll = dc.add(dh.mul(o).mul(tc.mul(tc).oneMinus()));
    const da = Matrix.concatCols([
        dcAll.mul(g).mul(i).mul(i.oneMinus()), // input gate
        dcAll.mul(cache.cPrev).mul(f).mul(f.oneMinus()), // forget gate
        dcAll.mul(i).mul(g.mul(g).oneMinus()), // candidate
        dh.mul(tc).mul(o).mul(o.oneMinus()), // output gate
    ]);
    return {
        dx: da.matmul(cache.p.Wx.transpose()),
        dhPrev: da.matmul(cache.p.Wh.transpose()),
        dcPrev: dcAll.mul(f),
        dWx: cache.x.transpose().matmul(da),
        dWh: cache.hPrev.transpose().matmul(da),
        db: da.sumRows(),
    };
}

export function lstmForward(xs: Matrix[], h0: Matrix, c0: Matrix, p: LstmParams): LstmSequenceOutput {
    const hs: Matrix[] = [];
    const steps: LstmStepCache[] = [];
    let h = h0;
    let c = c0;
    for (const x of xs) {
        const out = lstmStep(x, h, c, p);
        hs.push(out.h);
        steps.push(out.cache);
        h = out.h;
        c = out.c;
    }
    return { hs, c, cache: { steps } };
}

export function lstmBackward(dhs: Matrix[], cache: LstmSequenceCache): LstmSequenceGrads {
    const T = cache.steps.length;
    const N = dhs[0].rows;
    const H = dhs[0].cols;
    const p = cache.steps[0].p;
    let dWx = Matrix.zeros(p.Wx.rows, p.Wx.cols);
    let dWh = Matrix.zeros(p.Wh.rows, p.Wh.cols);
    let db = Matrix.zeros(1, 4 * H);
    const dxs: Matrix[] = new Array(T);
    let dhNext = Matrix.zeros(N, H);
    let dcPrev = Matrix.zeros(N, H);
    for (let t = T - 1; t >= 0; t--) {
        // the loss only looks at h, so there is no gradient on c from outside
        const noDc = Matrix.zeros(N, H);
        const grads = lstmStepBackward(dhs[t].add(dhNext), noDc, cache.steps[t]);
        dxs[t] = grads.dx;
        dhNext = grads.dhPrev;
        dcPrev = grads.dcPrev;
        dWx = dWx.add(grads.dWx);
        dWh = dWh.add(grads.dWh);
        db = db.add(grads.db);
    }
    return { dxs, dh0: dhNext, dc0: dcPrev, dWx, dWh, db };
}

export function initLstm(D: number, H: number, seed: number): LstmParams {
    const r = 1 / Math.sqrt(H);
    const Wx = Matrix.random(D, 4 * H, seed, -r, r);
    const Wh = Matrix.random(H, 4 * H, seed + 1, -r, r);
    const b = Matrix.concatCols([Matrix.zeros(1, H), Matrix.fill(1, H, 1), Matrix.zeros(1, 2 * H)]);
    return { Wx, Wh, b };
}
