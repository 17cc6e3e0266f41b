/**
 * A small immutable float64 matrix toolkit for the gated-RNN exercises.
 *
 * Layout follows the course: a batch of N examples is an N×D matrix (one example per row), weights multiply from
 * the right (`x.matmul(W)`) and a bias is a 1×K row that `add` broadcasts over the rows; `Matrix.linear` does a
whole layer, x·W + h·U + b, in one pass.
 * Every operation returns a new Matrix and leaves its inputs untouched. NaN and ±Infinity flow through unchanged.
 */

/**
 * A seeded generator of floats in [0, 1) with 53-bit resolution; the same seed always gives the same sequence.
 *
 * Algorithm: the seed's 64 float bits (hi, lo) are folded to 32 bits as `fmix32(hi) ^ lo` (murmur3's finalizer);
 * that seeds splitmix32, whose first four outputs are the state of xoshiro128** (Blackman & Vigna). Each float
 * takes two xoshiro outputs a, b: ((a >>> 5) · 2^26 + (b >>> 6)) / 2^53. Any finite seed works, integer or not.
 */
export function seededRandom(seed: number): () => number {
  if (!Number.isFinite(seed)) throw new Error(`seededRandom: the seed must be a finite number, got ${seed}`);
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, seed + 0); // + 0 turns -0 into 0, so both give the same sequence
  let sm = bits.getUint32(0); // hi word, then fmix32
  sm = Math.imul(sm ^ (sm >>> 16), 0x85ebca6b);
  sm = Math.imul(sm ^ (sm >>> 13), 0xc2b2ae35);
  sm = sm ^ (sm >>> 16) ^ bits.getUint32(4);
  const splitmix32 = (): number => {
    sm = (sm + 0x9e3779b9) | 0;
    let t = sm ^ (sm >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
  // splitmix32's output is a bijection of its counter, so four consecutive outputs are never all zero.
  let s0 = splitmix32(),
    s1 = splitmix32(),
    s2 = splitmix32(),
    s3 = splitmix32();
  const next32 = (): number => {
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  };
  return () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
}

/** The logistic σ(z) = 1 / (1 + e^−z) in the stable two-branch form: NaN only for NaN, σ(1000) = 1, σ(−1000) = 0. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z); // z < 0 (or NaN), so e ≤ 1 and nothing overflows
  return e / (1 + e);
}

function checkSize(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`Matrix: ${what} must be a non-negative integer, got ${n}`);
}

/** Checks that b has a's shape or is a 1×cols row; returns b's data and after how many values it repeats. */
function operand(a: Matrix, b: Matrix, op: string, symbol: string): [Float64Array, number] {
  if (b.rows === a.rows && b.cols === a.cols) return [b.data, b.data.length];
  if (b.rows === 1 && b.cols === a.cols) return [b.data, b.cols];
  throw new Error(
    `${op}: (${a.shape}) ${symbol} (${b.shape}): shapes differ ` +
      `(the second must be ${a.shape} or a 1×${a.cols} row)`,
  );
}

/** Throws unless `ms` is non-empty and every matrix has as many `size` (rows or cols) as the first. */
function checkSame(op: string, ms: Matrix[], size: 'rows' | 'cols'): void {
  if (ms.length === 0) throw new Error(`${op}: needs at least one matrix`);
  const bad = ms.findIndex((m) => m[size] !== ms[0][size]);
  if (bad > 0) {
    throw new Error(
      `${op}: matrix 0 is (${ms[0].shape}) but matrix ${bad} is (${ms[bad].shape}): ` +
        `${size === 'rows' ? 'row' : 'column'} counts ${ms[0][size]} and ${ms[bad][size]} differ`,
    );
  }
}

/**
 * out += a·b, where out is a.rows×b.cols. The one product kernel behind matmul and linear. Speed (an LSTM spends most
 * of its time here): out is computed in 4×4 tiles whose sixteen sums stay in local variables while p runs over the
 * inner size, so each loaded a and b value serves four products. Every sum continues from out's value and adds its
 * terms in the order p = 0, 1, …, exactly like the textbook triple loop, so the results are bit-identical to it.
 * Rows and columns left over (when n or m is not a multiple of 4) use that loop. Zeros are never skipped: 0·NaN must
 * stay NaN.
 */
function addProduct(out: Float64Array, x: Matrix, w: Matrix): void {
  const a = x.data,
    bd = w.data,
    n = x.rows,
    k = x.cols,
    m = w.cols;
  const n4 = n - (n % 4),
    m4 = m - (m % 4);
  for (let i = 0; i < n4; i += 4) {
    const r0 = i * k,
      r1 = r0 + k,
      r2 = r1 + k,
      r3 = r2 + k;
    for (let j = 0; j < m4; j += 4) {
      const o0 = i * m + j,
        o1 = o0 + m,
        o2 = o1 + m,
        o3 = o2 + m;
      let c00 = out[o0],
        c01 = out[o0 + 1],
        c02 = out[o0 + 2],
        c03 = out[o0 + 3];
      let c10 = out[o1],
        c11 = out[o1 + 1],
        c12 = out[o1 + 2],
        c13 = out[o1 + 3];
      let c20 = out[o2],
        c21 = out[o2 + 1],
        c22 = out[o2 + 2],
        c23 = out[o2 + 3];
      let c30 = out[o3],
        c31 = out[o3 + 1],
        c32 = out[o3 + 2],
        c33 = out[o3 + 3];
      for (let p = 0, q = j; p < k; p++, q += m) {
        const b0 = bd[q],
          b1 = bd[q + 1],
          b2 = bd[q + 2],
          b3 = bd[q + 3];
        const x0 = a[r0 + p],
          x1 = a[r1 + p],
          x2 = a[r2 + p],
          x3 = a[r3 + p];
        c00 += x0 * b0;
        c01 += x0 * b1;
        c02 += x0 * b2;
        c03 += x0 * b3;
        c10 += x1 * b0;
        c11 += x1 * b1;
        c12 += x1 * b2;
        c13 += x1 * b3;
        c20 += x2 * b0;
        c21 += x2 * b1;
        c22 += x2 * b2;
        c23 += x2 * b3;
        c30 += x3 * b0;
        c31 += x3 * b1;
        c32 += x3 * b2;
        c33 += x3 * b3;
      }
      out[o0] = c00;
      out[o0 + 1] = c01;
      out[o0 + 2] = c02;
      out[o0 + 3] = c03;
      out[o1] = c10;
      out[o1 + 1] = c11;
      out[o1 + 2] = c12;
      out[o1 + 3] = c13;
      out[o2] = c20;
      out[o2 + 1] = c21;
      out[o2 + 2] = c22;
      out[o2 + 3] = c23;
      out[o3] = c30;
      out[o3 + 1] = c31;
      out[o3 + 2] = c32;
      out[o3 + 3] = c33;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i < n4 ? m4 : 0; j < m; j++) {
      let sum = out[i * m + j];
      for (let p = 0; p < k; p++) sum += a[i * k + p] * bd[p * m + j];
      out[i * m + j] = sum;
    }
  }
}

/**
 * An immutable rows×cols matrix of float64 values, stored row-major. It has no private members on purpose, so the
 * same file reached by two paths (for example through a symlink) still gives one compatible type.
 */
export class Matrix {
  /** Number of rows (for a batch: examples). */
  readonly rows: number;
  /** Number of columns (for a batch: features). */
  readonly cols: number;
  /** Row-major values: entry (r, c) is `data[r * cols + c]`. Read-only by contract: never write into it. */
  readonly data: Float64Array;

  /**
   * Wraps `data` (taken as-is, not copied: do not change it afterwards), or makes a zero matrix if it is omitted.
   * Sizes must be non-negative integers and `data.length` must be rows·cols.
   */
  constructor(rows: number, cols: number, data?: Float64Array) {
    checkSize('rows', rows);
    checkSize('cols', cols);
    if (data === undefined) data = new Float64Array(rows * cols);
    // Not `instanceof`, which fails for an array made in another realm (a vm context or a worker).
    if (Object.prototype.toString.call(data) !== '[object Float64Array]') {
      throw new Error('Matrix: data must be a Float64Array (or use Matrix.from)');
    }
    if (data.length !== rows * cols) {
      throw new Error(`Matrix: data has ${data.length} values but a ${rows}×${cols} matrix needs ${rows * cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /** Builds a matrix from an array of equal-length rows; `[]` gives a 0×0 matrix. */
  static from(rows: number[][]): Matrix {
    const cols = rows.length > 0 ? rows[0].length : 0;
    const data = new Float64Array(rows.length * cols);
    rows.forEach((row, r) => {
      if (row.length !== cols) throw new Error(`Matrix.from: row ${r} has ${row.length} values but row 0 has ${cols}`);
      data.set(row, r * cols);
    });
    return new Matrix(rows.length, cols, data);
  }

  /** A rows×cols matrix of zeros. */
  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  /** A rows×cols matrix with every entry equal to `value`. */
  static fill(rows: number, cols: number, value: number): Matrix {
    const m = new Matrix(rows, cols);
    m.data.fill(value);
    return m;
  }

  /** A rows×cols matrix of values uniform in [low, high), drawn row by row from `seededRandom(seed)`. */
  static random(rows: number, cols: number, seed: number, low = -1, high = 1): Matrix {
    if (!(low < high) || !Number.isFinite(high - low)) {
      throw new Error(`Matrix.random: need finite low < high, got low = ${low}, high = ${high}`);
    }
    const m = new Matrix(rows, cols);
    const next = seededRandom(seed);
    for (let i = 0; i < m.data.length; i++) {
      const v = low + (high - low) * next();
      m.data[i] = v < high ? v : low; // rounding can reach `high` when the range is a few ulps wide
    }
    return m;
  }

  /** The values as an array of rows (a copy). */
  toArray(): number[][] {
    const out: number[][] = [],
      cols = this.cols;
    for (let r = 0; r < this.rows; r++) out.push(Array.from(this.data.subarray(r * cols, r * cols + cols)));
    return out;
  }

  /** The entry at row r, column c (both counted from 0). */
  get(r: number, c: number): number {
    if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || c < 0 || r >= this.rows || c >= this.cols) {
      throw new Error(`get: (${r}, ${c}) is outside a ${this.shape} matrix`);
    }
    return this.data[r * this.cols + c];
  }

  /** The shape as text, e.g. `"2×3"`. */
  get shape(): string {
    return `${this.rows}×${this.cols}`;
  }

  /** The shape and values (6 significant digits), at most 6 rows and 6 columns, for debugging. */
  toString(): string {
    const show = (n: number): number[] => Array.from({ length: Math.min(n, 6) }, (_, i) => i);
    const lines = show(this.rows).map((r) => {
      const vals = show(this.cols).map((c) => String(Number(this.get(r, c).toPrecision(6))));
      return `[${vals.join(', ')}${this.cols > 6 ? ', …' : ''}]`;
    });
    return [`Matrix ${this.shape}`, ...lines, ...(this.rows > 6 ? ['…'] : [])].join('\n');
  }

  /** The matrix product this·b: (N×K)·(K×M) → N×M. */
  matmul(b: Matrix): Matrix {
    if (this.cols !== b.rows)
      throw new Error(`matmul: (${this.shape})·(${b.shape}): inner sizes ${this.cols} and ${b.rows} differ`);
    const out = new Float64Array(this.rows * b.cols);
    addProduct(out, this, b);
    return new Matrix(this.rows, b.cols, out);
  }

  /**
   * x₁·W₁ + x₂·W₂ + … + bias in one pass, without the intermediate matrices: `Matrix.linear([[x, Wx], [h, Wh]], b)`
   * is an LSTM's a = x·Wx + h·Wh + b. Every xₖ has N rows, every Wₖ has M columns; bias (optional) is a 1×M row or
   * N×M. Each entry is one running sum over the terms in order, so the result is bit-identical to
   * `Matrix.concatCols([x₁, x₂]).matmul(Matrix.concatRows([W₁, W₂])).add(bias)`.
   */
  static linear(terms: [Matrix, Matrix][], bias?: Matrix): Matrix {
    if (terms.length === 0) throw new Error('linear: needs at least one [x, W] term');
    const n = terms[0][0].rows,
      m = terms[0][1].cols;
    terms.forEach(([x, w], t) => {
      if (x.cols !== w.rows)
        throw new Error(`linear: term ${t}: (${x.shape})·(${w.shape}): inner sizes ${x.cols} and ${w.rows} differ`);
      if (x.rows !== n || w.cols !== m) {
        throw new Error(
          `linear: term ${t} gives ${x.rows}×${w.cols} but term 0 gives ${n}×${m}: every term must have the same shape`,
        );
      }
    });
    const out = new Float64Array(n * m);
    for (const [x, w] of terms) addProduct(out, x, w);
    const sum = new Matrix(n, m, out);
    if (bias === undefined) return sum;
    const [bd, period] = operand(sum, bias, 'linear', '+');
    for (let row = 0; row < out.length; row += period) for (let j = 0; j < period; j++) out[row + j] += bd[j];
    return sum;
  }

  /** Elementwise this + b; b is the same shape or a 1×cols row added to every row (a bias). */
  add(b: Matrix): Matrix {
    const [bd, period] = operand(this, b, 'add', '+');
    const a = this.data,
      out = new Float64Array(a.length);
    for (let row = 0; row < a.length; row += period) for (let j = 0; j < period; j++) out[row + j] = a[row + j] + bd[j];
    return new Matrix(this.rows, this.cols, out);
  }

  /** Elementwise this − b; b is the same shape or a 1×cols row subtracted from every row. */
  sub(b: Matrix): Matrix {
    const [bd, period] = operand(this, b, 'sub', '−');
    const a = this.data,
      out = new Float64Array(a.length);
    for (let row = 0; row < a.length; row += period) for (let j = 0; j < period; j++) out[row + j] = a[row + j] - bd[j];
    return new Matrix(this.rows, this.cols, out);
  }

  /** Elementwise (Hadamard) product this ⊙ b; b is the same shape or a 1×cols row multiplied into every row. */
  mul(b: Matrix): Matrix {
    const [bd, period] = operand(this, b, 'mul', '⊙');
    const a = this.data,
      out = new Float64Array(a.length);
    for (let row = 0; row < a.length; row += period) for (let j = 0; j < period; j++) out[row + j] = a[row + j] * bd[j];
    return new Matrix(this.rows, this.cols, out);
  }

  /** Every entry multiplied by the number k. */
  scale(k: number): Matrix {
    const a = this.data,
      out = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = a[i] * k;
    return new Matrix(this.rows, this.cols, out);
  }

  /** A matrix of fn(value, row, column) for every entry. */
  map(fn: (v: number, r: number, c: number) => number): Matrix {
    const a = this.data,
      rows = this.rows,
      cols = this.cols,
      out = new Float64Array(a.length);
    for (let r = 0, i = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++, i++) out[i] = fn(a[i], r, c);
    }
    return new Matrix(this.rows, this.cols, out);
  }

  /** Elementwise logistic σ(x), stable for every input (see the scalar `sigmoid`). */
  sigmoid(): Matrix {
    const a = this.data,
      out = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = sigmoid(a[i]);
    return new Matrix(this.rows, this.cols, out);
  }

  /** Elementwise hyperbolic tangent. */
  tanh(): Matrix {
    const a = this.data,
      out = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = Math.tanh(a[i]);
    return new Matrix(this.rows, this.cols, out);
  }

  /** Elementwise 1 − x (for example 1 − z in the GRU, or σ' = σ ⊙ (1 − σ)). */
  oneMinus(): Matrix {
    const a = this.data,
      out = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = 1 - a[i];
    return new Matrix(this.rows, this.cols, out);
  }

  /** The transpose: rows×cols → cols×rows. */
  transpose(): Matrix {
    const a = this.data,
      rows = this.rows,
      cols = this.cols,
      out = new Float64Array(a.length);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c];
    }
    return new Matrix(cols, rows, out);
  }

  /** Columns start (included) to end (excluded), like Array.prototype.slice but without negative indices. */
  sliceCols(start: number, end: number): Matrix {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > this.cols) {
      throw new Error(
        `sliceCols: (${start}, ${end}) is not a column range of ${this.shape} ` +
          `(need integers 0 ≤ start ≤ end ≤ ${this.cols})`,
      );
    }
    const a = this.data,
      cols = this.cols,
      w = end - start,
      out = new Float64Array(this.rows * w);
    for (let r = 0, i = 0; r < this.rows; r++) for (let c = r * cols + start, e = c + w; c < e; c++) out[i++] = a[c];
    return new Matrix(this.rows, w, out);
  }

  /** Splits the columns into k equal blocks, left to right (an LSTM's N×4H pre-activation → i, f, g, o). */
  splitCols(k: number): Matrix[] {
    if (!Number.isInteger(k) || k < 1 || this.cols % k !== 0) {
      throw new Error(`splitCols: ${this.shape} cannot be split into ${k} equal column blocks (${this.cols} columns)`);
    }
    const w = this.cols / k;
    return Array.from({ length: k }, (_, b) => this.sliceCols(b * w, (b + 1) * w));
  }

  /** Places matrices with the same number of rows side by side: the inverse of splitCols. */
  static concatCols(ms: Matrix[]): Matrix {
    checkSame('concatCols', ms, 'rows');
    const rows = ms[0].rows,
      cols = ms.reduce((sum, m) => sum + m.cols, 0),
      out = new Float64Array(rows * cols);
    let i = 0;
    for (let r = 0; r < rows; r++) {
      for (const m of ms) for (let c = r * m.cols, e = c + m.cols, d = m.data; c < e; c++) out[i++] = d[c];
    }
    return new Matrix(rows, cols, out);
  }

  /** Stacks matrices with the same number of columns on top of each other. */
  static concatRows(ms: Matrix[]): Matrix {
    checkSame('concatRows', ms, 'cols');
    const cols = ms[0].cols,
      rows = ms.reduce((sum, m) => sum + m.rows, 0),
      out = new Float64Array(rows * cols);
    let offset = 0;
    for (const m of ms) {
      out.set(m.data, offset);
      offset += m.data.length;
    }
    return new Matrix(rows, cols, out);
  }

  /** Adds the rows together: N×K → 1×K (the gradient of a broadcast bias). */
  sumRows(): Matrix {
    const a = this.data,
      cols = this.cols,
      out = new Float64Array(cols);
    for (let i = 0, c = 0; i < a.length; i++) {
      out[c] += a[i];
      if (++c === cols) c = 0;
    }
    return new Matrix(1, cols, out);
  }

  /** The sum of all entries (0 for an empty matrix). */
  sum(): number {
    let s = 0;
    for (let i = 0; i < this.data.length; i++) s += this.data[i];
    return s;
  }

  /** The Frobenius norm √(Σ x²). */
  norm(): number {
    let s = 0;
    for (let i = 0; i < this.data.length; i++) s += this.data[i] * this.data[i];
    return Math.sqrt(s);
  }
}
