// The students' matrix toolkit, checked against independent definitions on plain number[][] written here.
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matrix, seededRandom, sigmoid } from '../../exercises/lib/matrix';

type Grid = number[][];

// ---------------------------------------------------------------- comparisons (course convention)

const ATOL = 1e-9;
const RTOL = 1e-7;

/** |a − r| ≤ atol + rtol·|r|; NaN matches only NaN and an infinite reference only the same infinity. */
function isClose(a: number, r: number): boolean {
  if (Number.isNaN(r)) return Number.isNaN(a);
  if (!Number.isFinite(r)) return a === r;
  return Math.abs(a - r) <= ATOL + RTOL * Math.abs(r);
}

function expectClose(a: number, r: number, where = 'value'): void {
  if (!isClose(a, r)) throw new Error(`${where}: got ${a}, expected ${r}`);
}

/** Reads the matrix through its documented row-major layout, so toArray is not trusted here. */
function checkGrid(m: Matrix, expected: Grid, same: (a: number, r: number) => boolean): void {
  const rows = expected.length;
  const cols = rows > 0 ? expected[0].length : 0;
  if (m.rows !== rows || m.cols !== cols) throw new Error(`shape: got ${m.rows}×${m.cols}, expected ${rows}×${cols}`);
  expect(m.data.length).toBe(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const a = m.data[r * cols + c];
      if (!same(a, expected[r][c])) throw new Error(`entry (${r}, ${c}): got ${a}, expected ${expected[r][c]}`);
    }
  }
}

const expectGridClose = (m: Matrix, expected: Grid): void => checkGrid(m, expected, isClose);
/** For copies (transpose, slices, concatenation) the values must be the very same floats, -0 and NaN included. */
const expectGridExact = (m: Matrix, expected: Grid): void => checkGrid(m, expected, Object.is);

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}

// ---------------------------------------------------------------- independent definitions

const refMatmul = (a: Grid, b: Grid): Grid =>
  a.map((row) =>
    b[0].map((_, j) => {
      let s = 0;
      for (let k = 0; k < row.length; k++) s += row[k] * b[k][j];
      return s;
    }),
  );
/** Elementwise f(a, b) where b is a's shape or one row used for every row of a. */
const refZip = (a: Grid, b: Grid, f: (x: number, y: number) => number): Grid =>
  a.map((row, i) => row.map((x, j) => f(x, b.length === 1 ? b[0][j] : b[i][j])));
const refMap = (a: Grid, f: (x: number) => number): Grid => a.map((row) => row.map((x) => f(x)));
const refTranspose = (a: Grid): Grid => a[0].map((_, j) => a.map((row) => row[j]));
const refSigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const refTanh = (x: number): number =>
  Math.abs(x) > 20 ? Math.sign(x) : (Math.exp(x) - Math.exp(-x)) / (Math.exp(x) + Math.exp(-x));
const flat = (a: Grid): number[] => a.flat();

// ---------------------------------------------------------------- arbitraries

const dim = fc.integer({ min: 1, max: 6 });
const finite = fc.double({ min: -1e3, max: 1e3, noNaN: true });
const special = fc.constantFrom(NaN, Infinity, -Infinity);
/** Mostly finite values, sometimes NaN or ±Infinity, which must flow through every operation. */
const value = fc.oneof({ weight: 9, arbitrary: finite }, { weight: 1, arbitrary: special });
const grid = (rows: number, cols: number, v = value): fc.Arbitrary<Grid> =>
  fc.array(fc.array(v, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
const anyGrid = (v = value): fc.Arbitrary<Grid> => fc.tuple(dim, dim).chain(([r, c]) => grid(r, c, v));
const samePair = fc.tuple(dim, dim).chain(([r, c]) => fc.tuple(grid(r, c), grid(r, c)));
const rowPair = fc.tuple(dim, dim).chain(([r, c]) => fc.tuple(grid(r, c), grid(1, c)));
const matmulPair = fc.tuple(dim, dim, dim).chain(([n, k, m]) => fc.tuple(grid(n, k), grid(k, m)));
const seed = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));

const M = Matrix.from;

// ---------------------------------------------------------------- construction and access

describe('construction and access', () => {
  it('stores rows in row-major order and reads them back', () => {
    const m = M([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect([m.rows, m.cols, m.shape]).toEqual([2, 3, '2×3']);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect([m.get(0, 2), m.get(1, 0)]).toEqual([3, 4]);
  });

  it('from and toArray round-trip every float exactly, -0, NaN and ±Infinity included', () => {
    const v = fc.oneof(value, fc.constant(-0), fc.double());
    fc.assert(
      fc.property(anyGrid(v), (g) => {
        const back = M(g).toArray();
        expect(back.length).toBe(g.length);
        back.forEach((row, r) => row.forEach((x, c) => expect(Object.is(x, g[r][c])).toBe(true)));
      }),
    );
  });

  it('toArray returns a copy: changing it leaves the matrix alone', () => {
    const m = M([[1, 2]]);
    m.toArray()[0][0] = 99;
    expect(m.get(0, 0)).toBe(1);
  });

  it('supports empty matrices', () => {
    expect(M([]).shape).toBe('0×0');
    expect(Matrix.zeros(0, 3).toArray()).toEqual([]);
    expect(Matrix.zeros(2, 0).toArray()).toEqual([[], []]);
  });

  it('wraps the given Float64Array without copying it, even one made in another realm', () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]);
    const m = new Matrix(3, 2, data);
    expect(m.data).toBe(data);
    expect(m.get(2, 1)).toBe(6);
    const foreign = vm.runInNewContext('new Float64Array([1, 2])') as Float64Array;
    expect(foreign instanceof Float64Array).toBe(false);
    expect(new Matrix(1, 2, foreign).add(M([[1, 1]])).toArray()).toEqual([[2, 3]]);
  });

  it('rejects bad sizes and data of the wrong length', () => {
    expect(messageOf(() => new Matrix(-1, 2))).toBe('Matrix: rows must be a non-negative integer, got -1');
    expect(messageOf(() => new Matrix(2, 1.5))).toBe('Matrix: cols must be a non-negative integer, got 1.5');
    expect(messageOf(() => new Matrix(2, 3, new Float64Array(5)))).toBe(
      'Matrix: data has 5 values but a 2×3 matrix needs 6',
    );
    expect(messageOf(() => new Matrix(1, 2, [1, 2] as unknown as Float64Array))).toMatch(/Float64Array/);
    expect(messageOf(() => Matrix.zeros(NaN, 1))).toMatch(/rows must be a non-negative integer/);
  });

  it('rejects ragged input to from, naming the row', () => {
    expect(messageOf(() => M([[1, 2], [3, 4], [5]]))).toBe('Matrix.from: row 2 has 1 values but row 0 has 2');
    expect(messageOf(() => M([[1], [2, 3]]))).toBe('Matrix.from: row 1 has 2 values but row 0 has 1');
  });

  it('zeros and fill give the asked shape with every entry equal', () => {
    fc.assert(
      fc.property(dim, dim, value, (r, c, v) => {
        expectGridExact(
          Matrix.zeros(r, c),
          Array.from({ length: r }, () => Array(c).fill(0)),
        );
        expectGridExact(
          Matrix.fill(r, c, v),
          Array.from({ length: r }, () => Array(c).fill(v)),
        );
      }),
    );
  });

  it('get rejects positions outside the matrix', () => {
    const m = Matrix.zeros(2, 3);
    expect(messageOf(() => m.get(2, 0))).toBe('get: (2, 0) is outside a 2×3 matrix');
    expect(() => m.get(0, 3)).toThrow(/outside/);
    expect(() => m.get(-1, 0)).toThrow(/outside/);
    expect(() => m.get(0.5, 0)).toThrow(/outside/);
  });

  it('toString shows the shape and values, and cuts large matrices', () => {
    expect(
      String(
        M([
          [1, 2.5],
          [NaN, -Infinity],
        ]),
      ),
    ).toBe('Matrix 2×2\n[1, 2.5]\n[NaN, -Infinity]');
    expect(String(M([[1 / 3]]))).toBe('Matrix 1×1\n[0.333333]');
    const big = String(Matrix.zeros(10, 10)).split('\n');
    expect(big[0]).toBe('Matrix 10×10');
    expect(big[1]).toBe('[0, 0, 0, 0, 0, 0, …]');
    expect(big).toHaveLength(1 + 6 + 1);
    expect(big[7]).toBe('…');
  });
});

// ---------------------------------------------------------------- seeded random numbers

describe('seededRandom', () => {
  const draw = (s: number, n: number): number[] => {
    const next = seededRandom(s);
    return Array.from({ length: n }, () => next());
  };

  it('gives the same sequence for the same seed', () => {
    fc.assert(
      fc.property(seed, (s) => {
        expect(draw(s, 40)).toEqual(draw(s, 40));
      }),
    );
  });

  it('stays in [0, 1) on a 2^-53 grid and uses the low bits', () => {
    fc.assert(
      fc.property(seed, (s) => {
        const xs = draw(s, 200);
        for (const x of xs) {
          expect(x >= 0 && x < 1).toBe(true);
          expect(Number.isInteger(x * 2 ** 53)).toBe(true);
        }
        // A 32-bit generator would leave the lowest bits zero; here about half the draws are odd multiples of 2^-53.
        expect(xs.some((x) => (x * 2 ** 53) % 2 === 1)).toBe(true);
      }),
    );
  });

  it('gives different sequences for different seeds, integer or not', () => {
    fc.assert(
      fc.property(seed, seed, (a, b) => {
        fc.pre(a !== b);
        expect(draw(a, 4)).not.toEqual(draw(b, 4));
      }),
    );
    const seeds = [0, 1, 2, -1, 0.5, 1.5, 0.1, 0.2, 2 ** 40, 2 ** 40 + 1, 1e300, Number.MIN_VALUE];
    const firsts = new Set(seeds.map((s) => draw(s, 1)[0]));
    expect(firsts.size).toBe(seeds.length);
  });

  it('treats -0 like 0 and rejects seeds that are not finite', () => {
    expect(draw(-0, 5)).toEqual(draw(0, 5));
    for (const bad of [NaN, Infinity, -Infinity]) {
      expect(messageOf(() => seededRandom(bad))).toBe(`seededRandom: the seed must be a finite number, got ${bad}`);
    }
  });

  it('is close to uniform: mean, variance and ten equal bins', () => {
    const xs = draw(2024, 20000);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.003);
    const bins = Array(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]++;
    for (const count of bins) expect(Math.abs(count - 2000)).toBeLessThan(200); // ~4.7 standard deviations
  });
});

describe('Matrix.random', () => {
  it('is reproducible, fills row by row from seededRandom, and stays in [low, high)', () => {
    const range = fc.tuple(finite, fc.double({ min: 1e-3, max: 1e3, noNaN: true })).map(([low, w]) => [low, low + w]);
    fc.assert(
      fc.property(dim, dim, seed, range, (r, c, s, [low, high]) => {
        const m = Matrix.random(r, c, s, low, high);
        expect(m.shape).toBe(`${r}×${c}`);
        expect(Matrix.random(r, c, s, low, high).data).toEqual(m.data);
        const next = seededRandom(s);
        m.data.forEach((x, i) => {
          expect(x >= low && x < high).toBe(true);
          expectClose(x, low + (high - low) * next(), `entry ${i}`);
        });
      }),
    );
  });

  it('defaults to [-1, 1) and differs between seeds', () => {
    const m = Matrix.random(20, 20, 7);
    expect(m.data.every((x) => x >= -1 && x < 1)).toBe(true);
    expect(m.data.some((x) => x < -0.9) && m.data.some((x) => x > 0.9)).toBe(true);
    expect(Matrix.random(20, 20, 8).data).not.toEqual(m.data);
    expect(Matrix.random(20, 20, 7.5).data).not.toEqual(m.data);
  });

  it('stays below high even when the range is one ulp wide', () => {
    const m = Matrix.random(50, 50, 3, 1, 1 + 2 ** -52);
    expect(m.data.every((x) => x === 1)).toBe(true);
  });

  it('rejects an empty or infinite range', () => {
    expect(messageOf(() => Matrix.random(2, 2, 1, 1, 1))).toBe(
      'Matrix.random: need finite low < high, got low = 1, high = 1',
    );
    expect(() => Matrix.random(2, 2, 1, 0, Infinity)).toThrow(/finite low < high/);
    expect(() => Matrix.random(2, 2, 1, -Number.MAX_VALUE, Number.MAX_VALUE)).toThrow(/finite low < high/);
  });
});

// ---------------------------------------------------------------- operations against the definitions

describe('operations match their definitions', () => {
  it('matmul is the triple-loop product', () => {
    fc.assert(fc.property(matmulPair, ([a, b]) => expectGridClose(M(a).matmul(M(b)), refMatmul(a, b))));
  });

  it('matmul is bit-identical to the triple loop, across whole 4×4 tiles and the rows and columns left over', () => {
    const bigDim = fc.integer({ min: 1, max: 11 });
    const pair = fc
      .tuple(bigDim, bigDim, bigDim)
      .chain(([n, k, m]) => fc.tuple(grid(n, k, finite), grid(k, m, finite)));
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const got = M(a).matmul(M(b)).toArray();
        const want = refMatmul(a, b);
        return got.every((row, i) => row.every((v, j) => Object.is(v, want[i][j])));
      }),
    );
  });

  it('linear is one running sum over its terms, then the bias: bit-identical to the triple loop over [x₁ x₂]·[W₁; W₂] + b', () => {
    const dim = fc.integer({ min: 1, max: 9 });
    const terms = fc
      .tuple(dim, dim, fc.array(dim, { minLength: 1, maxLength: 3 }))
      .chain(([n, m, ks]) =>
        fc.tuple(fc.tuple(...ks.map((k) => fc.tuple(grid(n, k, finite), grid(k, m, finite)))), grid(1, m, finite)),
      );
    fc.assert(
      fc.property(terms, ([pairs, bias]) => {
        const got = Matrix.linear(
          pairs.map(([x, w]) => [M(x), M(w)] as [Matrix, Matrix]),
          M(bias),
        ).toArray();
        // Independently: the row-wise concatenation of the xs times the stacked Ws, by the triple loop, plus the bias.
        const xs = pairs[0][0].map((_, r) => pairs.flatMap(([x]) => x[r]));
        const ws = pairs.flatMap(([, w]) => w);
        const want = refMatmul(xs, ws).map((row) => row.map((v, j) => v + bias[0][j]));
        return got.every((row, i) => row.every((v, j) => Object.is(v, want[i][j])));
      }),
    );
  });

  it('linear without a bias is the plain sum of products; mismatched terms name both shapes', () => {
    const x = Matrix.random(3, 2, 1),
      w = Matrix.random(2, 4, 2),
      h = Matrix.random(3, 5, 3),
      u = Matrix.random(5, 4, 4);
    expectGridClose(
      Matrix.linear([
        [x, w],
        [h, u],
      ]),
      refZip(refMatmul(x.toArray(), w.toArray()), refMatmul(h.toArray(), u.toArray()), (a, b) => a + b),
    );
    expect(
      messageOf(() =>
        Matrix.linear([
          [x, w],
          [h, w],
        ]),
      ),
    ).toBe('linear: term 1: (3×5)·(2×4): inner sizes 5 and 2 differ');
    expect(
      messageOf(() =>
        Matrix.linear([
          [x, w],
          [Matrix.random(2, 5, 5), u],
        ]),
      ),
    ).toMatch(/term 1 gives 2×4 but term 0 gives 3×4/);
    expect(messageOf(() => Matrix.linear([[x, w]], Matrix.random(1, 3, 6)))).toMatch(/^linear: \(3×4\) \+ \(1×3\)/);
    expect(messageOf(() => Matrix.linear([]))).toMatch(/at least one/);
  });

  it('matmul satisfies (AB)ᵀ = BᵀAᵀ and handles an empty inner size', () => {
    fc.assert(
      fc.property(matmulPair, ([a, b]) => {
        const left = M(a).matmul(M(b)).transpose();
        expectGridClose(left, refMatmul(refTranspose(b), refTranspose(a)));
      }),
    );
    expectGridExact(new Matrix(2, 0).matmul(new Matrix(0, 3)), [
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  const binary: [string, (a: Matrix, b: Matrix) => Matrix, (x: number, y: number) => number][] = [
    ['add', (a, b) => a.add(b), (x, y) => x + y],
    ['sub', (a, b) => a.sub(b), (x, y) => x - y],
    ['mul', (a, b) => a.mul(b), (x, y) => x * y],
  ];
  for (const [name, op, f] of binary) {
    it(`${name} works elementwise on equal shapes`, () => {
      fc.assert(fc.property(samePair, ([a, b]) => expectGridClose(op(M(a), M(b)), refZip(a, b, f))));
    });
    it(`${name} broadcasts a 1×K row over every row`, () => {
      fc.assert(fc.property(rowPair, ([a, row]) => expectGridClose(op(M(a), M(row)), refZip(a, row, f))));
    });
  }

  it('broadcasts a bias row in a worked example', () => {
    const x = M([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expectGridExact(x.add(M([[10, 20]])), [
      [11, 22],
      [13, 24],
      [15, 26],
    ]);
    expectGridExact(x.sub(M([[1, 1]])), [
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expectGridExact(x.mul(M([[2, -1]])), [
      [2, -2],
      [6, -4],
      [10, -6],
    ]);
  });

  it('scale multiplies every entry', () => {
    fc.assert(
      fc.property(anyGrid(), value, (a, k) =>
        expectGridClose(
          M(a).scale(k),
          refMap(a, (x) => x * k),
        ),
      ),
    );
  });

  it('map passes value, row and column', () => {
    fc.assert(
      fc.property(anyGrid(), (a) => {
        const got = M(a).map((v, r, c) => 2 * v + 10 * r + 100 * c);
        expectGridClose(
          got,
          a.map((row, r) => row.map((v, c) => 2 * v + 10 * r + 100 * c)),
        );
      }),
    );
  });

  it('sigmoid, tanh and oneMinus work elementwise', () => {
    fc.assert(
      fc.property(anyGrid(), (a) => {
        expectGridClose(M(a).sigmoid(), refMap(a, refSigmoid));
        expectGridClose(M(a).tanh(), refMap(a, refTanh));
        expectGridClose(
          M(a).oneMinus(),
          refMap(a, (x) => 1 - x),
        );
      }),
    );
  });

  it('transpose swaps rows and columns, and twice gives the original exactly', () => {
    fc.assert(
      fc.property(anyGrid(), (a) => {
        expectGridExact(M(a).transpose(), refTranspose(a));
        expectGridExact(M(a).transpose().transpose(), a);
      }),
    );
  });

  it('sliceCols copies the columns start..end-1', () => {
    const withRange = anyGrid().chain((a) =>
      fc.tuple(fc.constant(a), fc.integer({ min: 0, max: a[0].length }), fc.integer({ min: 0, max: a[0].length })),
    );
    fc.assert(
      fc.property(withRange, ([a, i, j]) => {
        const [start, end] = i <= j ? [i, j] : [j, i];
        expectGridExact(
          M(a).sliceCols(start, end),
          a.map((row) => row.slice(start, end)),
        );
      }),
    );
  });

  it('splitCols cuts k equal blocks and concatCols puts them back exactly', () => {
    const blocks = fc
      .tuple(dim, fc.integer({ min: 1, max: 4 }), dim)
      .chain(([r, k, w]) => fc.tuple(grid(r, k * w), fc.constant(k), fc.constant(w)));
    fc.assert(
      fc.property(blocks, ([a, k, w]) => {
        const parts = M(a).splitCols(k);
        expect(parts).toHaveLength(k);
        parts.forEach((p, b) =>
          expectGridExact(
            p,
            a.map((row) => row.slice(b * w, (b + 1) * w)),
          ),
        );
        expectGridExact(Matrix.concatCols(parts), a);
      }),
    );
  });

  it('concatCols joins rows side by side and concatRows stacks them', () => {
    const parts = (fixed: 'rows' | 'cols') =>
      fc
        .tuple(dim, fc.array(dim, { minLength: 1, maxLength: 4 }))
        .chain(([n, sizes]) => fc.tuple(...sizes.map((s) => (fixed === 'rows' ? grid(n, s) : grid(s, n)))));
    fc.assert(
      fc.property(parts('rows'), (gs) => {
        expectGridExact(
          Matrix.concatCols(gs.map(M)),
          gs[0].map((_, r) => gs.flatMap((g) => g[r])),
        );
      }),
    );
    fc.assert(
      fc.property(parts('cols'), (gs) => {
        expectGridExact(Matrix.concatRows(gs.map(M)), gs.flat());
      }),
    );
  });

  it('sumRows adds the rows into one 1×K row', () => {
    fc.assert(
      fc.property(anyGrid(), (a) => {
        expectGridClose(M(a).sumRows(), [a[0].map((_, c) => a.reduce((s, row) => s + row[c], 0))]);
      }),
    );
    expectGridExact(Matrix.zeros(0, 3).sumRows(), [[0, 0, 0]]);
  });

  it('sum adds every entry and norm is the Frobenius norm', () => {
    fc.assert(
      fc.property(anyGrid(), (a) => {
        expectClose(
          M(a).sum(),
          flat(a).reduce((s, x) => s + x, 0),
          'sum',
        );
        expectClose(M(a).norm(), Math.sqrt(flat(a).reduce((s, x) => s + x * x, 0)), 'norm');
      }),
    );
    expect(M([[3, 4]]).norm()).toBe(5);
    expect(Matrix.zeros(0, 0).sum()).toBe(0);
  });
});

// ---------------------------------------------------------------- sigmoid at the extremes

describe('sigmoid stability', () => {
  it('gives exactly 1 and 0 at ±1000 and never NaN at ±710', () => {
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(710)).toBe(1);
    const tiny = sigmoid(-710);
    expect(tiny > 0 && Number.isFinite(tiny)).toBe(true);
    expect(tiny).toBe(Math.exp(-710)); // σ(z) = e^z / (1 + e^z) and 1 + e^z rounds to 1 here
    expectGridExact(M([[1000, -1000, 710, -1e308]]).sigmoid(), [[1, 0, 1, 0]]);
    expect(Array.from(M([[-710, 0]]).sigmoid().data)).toEqual([Math.exp(-710), 0.5]);
  });

  it('handles NaN and ±Infinity', () => {
    expect(sigmoid(NaN)).toBeNaN();
    expect([sigmoid(Infinity), sigmoid(-Infinity)]).toEqual([1, 0]);
  });

  it('stays in [0, 1], is symmetric and non-decreasing for every finite input', () => {
    const z = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(z, z, (a, b) => {
        const sa = sigmoid(a);
        expect(sa >= 0 && sa <= 1).toBe(true);
        expectClose(sigmoid(-a), 1 - sa, 'σ(−z)');
        expect(a <= b ? sa <= sigmoid(b) : sa >= sigmoid(b)).toBe(true);
      }),
    );
  });
});

// ---------------------------------------------------------------- immutability

describe('operations never change their inputs', () => {
  type Out = Matrix | Matrix[] | number | Grid;
  const ops: [string, (a: Matrix, b: Matrix, w: Matrix, row: Matrix) => Out][] = [
    ['matmul', (a, _b, w) => a.matmul(w)],
    ['add', (a, b) => a.add(b)],
    ['add row', (a, _b, _w, row) => a.add(row)],
    ['sub', (a, b) => a.sub(b)],
    ['sub row', (a, _b, _w, row) => a.sub(row)],
    ['mul', (a, b) => a.mul(b)],
    ['mul row', (a, _b, _w, row) => a.mul(row)],
    ['scale', (a) => a.scale(1)],
    ['map', (a) => a.map((v) => v)],
    ['sigmoid', (a) => a.sigmoid()],
    ['tanh', (a) => a.tanh()],
    ['oneMinus', (a) => a.oneMinus()],
    ['transpose', (a) => a.transpose()],
    ['sliceCols', (a) => a.sliceCols(0, a.cols)],
    ['splitCols', (a) => a.splitCols(1)],
    ['concatCols', (a, b) => Matrix.concatCols([a, b])],
    ['concatCols one', (a) => Matrix.concatCols([a])],
    ['concatRows', (a, b) => Matrix.concatRows([a, b])],
    ['concatRows one', (a) => Matrix.concatRows([a])],
    ['sumRows', (a) => a.sumRows()],
    ['sum', (a) => a.sum()],
    ['norm', (a) => a.norm()],
    ['toArray', (a) => a.toArray()],
  ];
  const inputs = fc.tuple(dim, dim).chain(([r, c]) => fc.tuple(grid(r, c), grid(r, c), grid(c, r), grid(1, c)));

  for (const [name, op] of ops) {
    it(name, () => {
      fc.assert(
        fc.property(inputs, (gs) => {
          const ms = gs.map(M);
          const unchanged = (): void => ms.forEach((m, i) => expectGridExact(m, gs[i]));
          const out = op(ms[0], ms[1], ms[2], ms[3]);
          unchanged();
          // Writing into the result must not reach the inputs: results never share storage with them.
          for (const o of Array.isArray(out) ? out : [out]) {
            if (o instanceof Matrix) {
              expect(ms.some((m) => m === o || m.data.buffer === o.data.buffer)).toBe(false);
              o.data.fill(7);
            } else if (Array.isArray(o)) o.fill(7);
          }
          unchanged();
        }),
      );
    });
  }
});

// ---------------------------------------------------------------- shape errors

describe('shape errors name the operation and both shapes', () => {
  it('matmul', () => {
    expect(messageOf(() => Matrix.zeros(2, 3).matmul(Matrix.zeros(4, 5)))).toBe(
      'matmul: (2×3)·(4×5): inner sizes 3 and 4 differ',
    );
    expect(messageOf(() => Matrix.zeros(1, 1).matmul(Matrix.zeros(2, 1)))).toBe(
      'matmul: (1×1)·(2×1): inner sizes 1 and 2 differ',
    );
  });

  it('add, sub and mul', () => {
    const a = Matrix.zeros(2, 3);
    expect(messageOf(() => a.add(Matrix.zeros(1, 4)))).toBe(
      'add: (2×3) + (1×4): shapes differ (the second must be 2×3 or a 1×3 row)',
    );
    expect(messageOf(() => a.sub(Matrix.zeros(2, 1)))).toBe(
      'sub: (2×3) − (2×1): shapes differ (the second must be 2×3 or a 1×3 row)',
    );
    expect(messageOf(() => a.mul(Matrix.zeros(3, 3)))).toBe(
      'mul: (2×3) ⊙ (3×3): shapes differ (the second must be 2×3 or a 1×3 row)',
    );
    expect(messageOf(() => Matrix.zeros(1, 3).add(Matrix.zeros(2, 3)))).toBe(
      'add: (1×3) + (2×3): shapes differ (the second must be 1×3 or a 1×3 row)',
    );
  });

  it('splitCols, sliceCols, concatCols and concatRows', () => {
    expect(messageOf(() => Matrix.zeros(2, 10).splitCols(4))).toBe(
      'splitCols: 2×10 cannot be split into 4 equal column blocks (10 columns)',
    );
    expect(() => Matrix.zeros(2, 4).splitCols(0)).toThrow(/splitCols/);
    expect(messageOf(() => Matrix.zeros(2, 4).sliceCols(3, 5))).toBe(
      'sliceCols: (3, 5) is not a column range of 2×4 (need integers 0 ≤ start ≤ end ≤ 4)',
    );
    expect(() => Matrix.zeros(2, 4).sliceCols(3, 2)).toThrow(/sliceCols/);
    expect(() => Matrix.zeros(2, 4).sliceCols(-1, 2)).toThrow(/sliceCols/);
    expect(messageOf(() => Matrix.concatCols([Matrix.zeros(2, 3), Matrix.zeros(2, 1), Matrix.zeros(3, 1)]))).toBe(
      'concatCols: matrix 0 is (2×3) but matrix 2 is (3×1): row counts 2 and 3 differ',
    );
    expect(messageOf(() => Matrix.concatRows([Matrix.zeros(2, 3), Matrix.zeros(1, 2)]))).toBe(
      'concatRows: matrix 0 is (2×3) but matrix 1 is (1×2): column counts 3 and 2 differ',
    );
    expect(messageOf(() => Matrix.concatCols([]))).toBe('concatCols: needs at least one matrix');
    expect(messageOf(() => Matrix.concatRows([]))).toBe('concatRows: needs at least one matrix');
  });
});

// ---------------------------------------------------------------- NaN and ±Infinity

describe('NaN and ±Infinity flow through unchanged', () => {
  it('in elementwise operations', () => {
    const a = M([[NaN, Infinity, -Infinity, 1]]);
    expectGridExact(a.add(M([[1, -Infinity, 1, NaN]])), [[NaN, NaN, -Infinity, NaN]]);
    expectGridExact(a.scale(0), [[NaN, NaN, NaN, 0]]);
    expectGridExact(a.scale(-2), [[NaN, -Infinity, Infinity, -2]]);
    expectGridExact(a.oneMinus(), [[NaN, -Infinity, Infinity, 0]]);
    expectGridExact(a.tanh(), [[NaN, 1, -1, Math.tanh(1)]]);
    expectGridExact(a.sigmoid().sliceCols(0, 3), [[NaN, 1, 0]]);
  });

  it('in matmul (0·NaN is NaN: zeros are not skipped) and reductions', () => {
    const x = M([
      [1, 2],
      [NaN, 0],
      [0, Infinity],
    ]);
    expectGridExact(
      x.matmul(
        M([
          [1, 0],
          [0, 1],
        ]),
      ),
      [
        [1, 2],
        [NaN, NaN],
        [NaN, Infinity],
      ],
    );
    expectGridExact(M([[0, 0]]).matmul(M([[NaN], [1]])), [[NaN]]);
    expect(x.sum()).toBeNaN();
    expect(M([[1, Infinity]]).norm()).toBe(Infinity);
    expectGridExact(
      M([
        [Infinity, 1],
        [-Infinity, 2],
      ]).sumRows(),
      [[NaN, 3]],
    );
  });
});
