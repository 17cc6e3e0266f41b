// Упражнение 03: ячейка LSTM.
// Четыре нейрона: i (вход), f (забывание), g (кандидат), o (выход), блоки в a идут в порядке i, f, g, o.
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
    i: Matrix;
    f: Matrix;
    g: Matrix;
    o: Matrix;
    c: Matrix;
    Wx: Matrix;
    Wh: Matrix;
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
    const H = hPrev.cols;
    const z = x.matmul(p.Wx).add(hPrev.matmul(p.Wh)).add(p.b); // N×4H

    const i = z.sliceCols(0, H).sigmoid();
    const f = z.sliceCols(H, 2 * H).sigmoid();
    const g = z.sliceCols(2 * H, 3 * H).tanh();
    const o = z.sliceCols(3 * H, 4 * H).sigmoid();

    // новое состояние: старое через f плюс новое содержимое через i
    const c = f.mul(cPrev).add(i.mul(g));
    // выход: выходной вентиль пропускает часть состояния
    const h = o.mul(c);

    return { h, c, cache: { x, hPrev, cPrev, i, f, g, o, c, Wx: p.Wx, Wh: p.Wh } };
}

export function lstmStepBackward(dh: Matrix, dc: Matrix, cache: LstmStepCache): LstmStepGrads {
    const { x, hPrev, cPrev, i, f, g, o, c, Wx, Wh } = cache;

    // h = o * c
    const dO = dh.mul(c);
    const dC = dc.add(dh.mul(o));

    // c = f * cPrev + i * g
    const dF = dC.mul(cPrev);
    const dI = dC.mul(g);
    const dG = dC.mul(i);
    const dcPrev = dC.mul(f);

    // производные активаций
    const daI = dI.mul(i).mul(i.oneMinus());
    const daF = dF.mul(f).mul(f.oneMinus());
    const daG = dG.mul(g.mul(g).oneMinus());
    const daO = dO.mul(o).mul(o.oneMinus());
    const dz = Matrix.concatCols([daI, daF, daG, daO]);

    return {
        dx: dz.matmul(Wx.transpose()),
        dhPrev: dz.matmul(Wh.transpose()),
        dcPrev,
        dWx: x.transpose().matmul(dz),
        dWh: hPrev.transpose().matmul(dz),
        db: dz.sumRows(),
    };
}

export function lstmForward(xs: Matrix[], h0: Matrix, c0: Matrix, p: LstmParams): LstmSequenceOutput {
    let h = h0;
    let c = c0;
    const hs: Matrix[] = [];
    const steps: LstmStepCache[] = [];
    for (let t = 0; t < xs.length; t++) {
        const res = lstmStep(xs[t], h, c, p);
        h = res.h;
        c = res.c;
        hs.push(h);
        steps.push(res.cache);
    }
    return { hs, c, cache: { steps } };
}

export function lstmBackward(dhs: Matrix[], cache: LstmSequenceCache): LstmSequenceGrads {
    const steps = cache.steps;
    const T = steps.length;
    const N = dhs[0].rows;
    const H = dhs[0].cols;
    let dhNext = Matrix.zeros(N, H);
    let dcNext = Matrix.zeros(N, H);
    let dWx = Matrix.zeros(steps[0].Wx.rows, 4 * H);
    let dWh = Matrix.zeros(H, 4 * H);
    let db = Matrix.zeros(1, 4 * H);
    const dxs: Matrix[] = [];
    for (let t = T - 1; t >= 0; t--) {
        const gr = lstmStepBackward(dhs[t].add(dhNext), dcNext, steps[t]);
        dxs[t] = gr.dx;
        dhNext = gr.dhPrev;
        dcNext = gr.dcPrev;
        dWx = dWx.add(gr.dWx);
        dWh = dWh.add(gr.dWh);
        db = db.add(gr.db);
    }
    return { dxs, dh0: dhNext, dc0: dcNext, dWx, dWh, db };
}

export function initLstm(D: number, H: number, seed: number): LstmParams {
    const r = 1 / Math.sqrt(H);
    const rnd = seededRandom(seed);
    const Wx = Matrix.zeros(D, 4 * H).map(() => -r + 2 * r * rnd());
    const Wh = Matrix.zeros(H, 4 * H).map(() => -r + 2 * r * rnd());
    // смещение вентиля забывания = 1, остальные 0
    const b = Matrix.zeros(1, 4 * H).map((_v, _r, col) => (col >= H && col < 2 * H ? 1 : 0));
    return { Wx, Wh, b };
}
