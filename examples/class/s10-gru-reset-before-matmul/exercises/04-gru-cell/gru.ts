/**
 * GRU, following Cho et al. (2014): the reset gate is applied to the previous state before it is multiplied
 * by the recurrent weights of the candidate.
 */
import { Matrix } from '../lib/matrix';

export interface GruParams {
    Wx: Matrix; // D×3H
    Wh: Matrix; // H×3H
    bx: Matrix; // 1×3H
    bh: Matrix; // 1×3H
}

export interface GruStepCache {
    x: Matrix;
    hPrev: Matrix;
    z: Matrix;
    r: Matrix;
    n: Matrix;
    p: GruParams;
}

export interface GruStepOutput {
    h: Matrix;
    cache: GruStepCache;
}

export interface GruStepGrads {
    dx: Matrix;
    dhPrev: Matrix;
    dWx: Matrix;
    dWh: Matrix;
    dbx: Matrix;
    dbh: Matrix;
}

export interface GruSequenceCache {
    h0: Matrix;
    p: GruParams;
    steps: GruStepCache[];
}

export interface GruSequenceOutput {
    hs: Matrix[];
    cache: GruSequenceCache;
}

export interface GruSequenceGrads {
    dxs: Matrix[];
    dh0: Matrix;
    dWx: Matrix;
    dWh: Matrix;
    dbx: Matrix;
    dbh: Matrix;
}

/** Columns of gate k (0 = z, 1 = r, 2 = n). */
function gate(m: Matrix, k: number): Matrix {
    const H = m.cols / 3;
    return m.sliceCols(k * H, (k + 1) * H);
}

export function gruStep(x: Matrix, hPrev: Matrix, p: GruParams): GruStepOutput {
    const z = x.matmul(gate(p.Wx, 0)).add(gate(p.bx, 0)).add(hPrev.matmul(gate(p.Wh, 0))).add(gate(p.bh, 0)).sigmoid();
    const r = x.matmul(gate(p.Wx, 1)).add(gate(p.bx, 1)).add(hPrev.matmul(gate(p.Wh, 1))).add(gate(p.bh, 1)).sigmoid();
    // candidate: reset the old state, then mix it
    const n = x.matmul(gate(p.Wx, 2)).add(gate(p.bx, 2)).add(r.mul(hPrev).matmul(gate(p.Wh, 2))).add(gate(p.bh, 2)).tanh();
    const h = z.mul(hPrev).add(z.oneMinus().mul(n));
    return { h, cache: { x, hPrev, z, r, n, p } };
}

export function gruStepBackward(dh: Matrix, cache: GruStepCache): GruStepGrads {
    const { x, hPrev, z, r, n, p } = cache;
    const dz = dh.mul(hPrev.sub(n));
    const dn = dh.mul(z.oneMinus());
    const daN = dn.mul(n.mul(n).oneMinus());
    const dReset = daN.matmul(gate(p.Wh, 2).transpose()); // gradient of r ⊙ hPrev
    const dr = dReset.mul(hPrev);
    const daZ = dz.mul(z).mul(z.oneMinus());
    const daR = dr.mul(r).mul(r.oneMinus());

    const dA = Matrix.concatCols([daZ, daR, daN]);
    const dx = dA.matmul(p.Wx.transpose());
    const dWx = x.transpose().matmul(dA);
    const dbx = dA.sumRows();

    const dhPrev = dh
        .mul(z)
        .add(daZ.matmul(gate(p.Wh, 0).transpose()))
        .add(daR.matmul(gate(p.Wh, 1).transpose()))
        .add(dReset.mul(r));
    const dWh = Matrix.concatCols([
        hPrev.transpose().matmul(daZ),
        hPrev.transpose().matmul(daR),
        r.mul(hPrev).transpose().matmul(daN),
    ]);
    const dbh = dA.sumRows();
    return { dx, dhPrev, dWx, dWh, dbx, dbh };
}

export function gruForward(xs: Matrix[], h0: Matrix, p: GruParams): GruSequenceOutput {
    const hs: Matrix[] = [];
    const steps: GruStepCache[] = [];
    let h = h0;
    for (const x of xs) {
        const step = gruStep(x, h, p);
        steps.push(step.cache);
        h = step.h;
        hs.push(h);
    }
    return { hs, cache: { h0, p, steps } };
}

export function gruBackward(dhs: Matrix[], cache: GruSequenceCache): GruSequenceGrads {
    const T = cache.steps.length;
    const dxs: Matrix[] = new Array(T);
    let dWx = Matrix.zeros(cache.p.Wx.rows, cache.p.Wx.cols);
    let dWh = Matrix.zeros(cache.p.Wh.rows, cache.p.Wh.cols);
    let dbx = Matrix.zeros(1, cache.p.bx.cols);
    let dbh = Matrix.zeros(1, cache.p.bh.cols);
    let dNext = Matrix.zeros(cache.h0.rows, cache.h0.cols);
    for (let t = T - 1; t >= 0; t--) {
        const g = gruStepBackward(dhs[t].add(dNext), cache.steps[t]);
        dxs[t] = g.dx;
        dNext = g.dhPrev;
        dWx = dWx.add(g.dWx);
        dWh = dWh.add(g.dWh);
        dbx = dbx.add(g.dbx);
        dbh = dbh.add(g.dbh);
    }
    return { dxs, dh0: dNext, dWx, dWh, dbx, dbh };
}

export function initGru(D: number, H: number, seed: number): GruParams {
    const bound = 1 / Math.sqrt(H);
    return {
        Wx: Matrix.random(D, 3 * H, seed, -bound, bound),
        Wh: Matrix.random(H, 3 * H, seed + 1, -bound, bound),
        bx: Matrix.zeros(1, 3 * H),
        bh: Matrix.zeros(1, 3 * H),
    };
}
