// GRU cell, written from the lecture's picture: h_t = (1 - z_t) * h_{t-1} + z_t * h~_t.
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
    hn: Matrix; // hPrev·Wh_n + bh_n
    Wx: Matrix;
    Wh: Matrix;
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

export function gruStep(x: Matrix, hPrev: Matrix, p: GruParams): GruStepOutput {
    const gx = x.matmul(p.Wx).add(p.bx);
    const gh = hPrev.matmul(p.Wh).add(p.bh);
    const [xz, xr, xn] = gx.splitCols(3);
    const [hz, hr, hn] = gh.splitCols(3);
    const z = xz.add(hz).sigmoid();
    const r = xr.add(hr).sigmoid();
    const n = xn.add(r.mul(hn)).tanh();
    // the update gate lets the new candidate in, as in the picture
    const h = z.oneMinus().mul(hPrev).add(z.mul(n));
    return { h, cache: { x, hPrev, z, r, n, hn, Wx: p.Wx, Wh: p.Wh } };
}

export function gruStepBackward(dh: Matrix, cache: GruStepCache): GruStepGrads {
    const { x, hPrev, z, r, n, hn, Wx, Wh } = cache;
    const dn = dh.mul(z);
    const dz = dh.mul(n.sub(hPrev));
    const dnPre = dn.mul(n.mul(n).oneMinus());
    const dr = dnPre.mul(hn);
    const dzPre = dz.mul(z).mul(z.oneMinus());
    const drPre = dr.mul(r).mul(r.oneMinus());
    const dgx = Matrix.concatCols([dzPre, drPre, dnPre]);
    const dgh = Matrix.concatCols([dzPre, drPre, dnPre.mul(r)]);
    return {
        dx: dgx.matmul(Wx.transpose()),
        dhPrev: dgh.matmul(Wh.transpose()).add(dh.mul(z.oneMinus())),
        dWx: x.transpose().matmul(dgx),
        dWh: hPrev.transpose().matmul(dgh),
        dbx: dgx.sumRows(),
        dbh: dgh.sumRows(),
    };
}

export function gruForward(xs: Matrix[], h0: Matrix, p: GruParams): GruSequenceOutput {
    const hs: Matrix[] = [];
    const steps: GruStepCache[] = [];
    let h = h0;
    for (let t = 0; t < xs.length; t++) {
        const out = gruStep(xs[t], h, p);
        hs.push(out.h);
        steps.push(out.cache);
        h = out.h;
    }
    return { hs, cache: { h0, p, steps } };
}

export function gruBackward(dhs: Matrix[], cache: GruSequenceCache): GruSequenceGrads {
    const { h0, p, steps } = cache;
    let dWx = Matrix.zeros(p.Wx.rows, p.Wx.cols);
    let dWh = Matrix.zeros(p.Wh.rows, p.Wh.cols);
    let dbx = Matrix.zeros(1, p.bx.cols);
    let dbh = Matrix.zeros(1, p.bh.cols);
    let carry = Matrix.zeros(h0.rows, h0.cols);
    const dxs: Matrix[] = [];
    for (let t = steps.length - 1; t >= 0; t--) {
        const g = gruStepBackward(dhs[t].add(carry), steps[t]);
        dxs.unshift(g.dx);
        carry = g.dhPrev;
        dWx = dWx.add(g.dWx);
        dWh = dWh.add(g.dWh);
        dbx = dbx.add(g.dbx);
        dbh = dbh.add(g.dbh);
    }
    return { dxs, dh0: carry, dWx, dWh, dbx, dbh };
}

export function initGru(D: number, H: number, seed: number): GruParams {
    const k = 1 / Math.sqrt(H);
    return {
        Wx: Matrix.random(D, 3 * H, seed, -k, k),
        Wh: Matrix.random(H, 3 * H, seed + 1, -k, k),
        bx: Matrix.zeros(1, 3 * H),
        bh: Matrix.zeros(1, 3 * H),
    };
}
