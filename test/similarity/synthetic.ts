/**
 * Seeded random TypeScript for the similarity tests: functions made of random statements and expression trees, about
 * as varied per line as hand-written code, so that two programs from different seeds share only what any two
 * programs share. The shape of a program (`shapeSeed`) and its names (`nameSeed`) are drawn separately: the same
 * shape under other names is a renamed copy.
 */

/** mulberry32: small, fast and the same on every machine. */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METHODS = [
  'matmul',
  'add',
  'sub',
  'mul',
  'scale',
  'transpose',
  'sigmoid',
  'tanh',
  'oneMinus',
  'sumRows',
  'sum',
  'norm',
  'map',
  'get',
  'sliceCols',
];
const MATH = ['exp', 'log', 'log1p', 'sqrt', 'abs', 'max', 'min', 'pow', 'tanh', 'floor', 'round', 'hypot'];
const FIELDS = ['rows', 'cols', 'data', 'length'];
const BINARY = ['+', '-', '*', '/', '%', '<', '>', '<=', '>=', '===', '!==', '&&', '||', '**'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tas', 'vo', 'zu', 'pe', 'dor', 'ix', 'ul', 'gam', 'sef', 'no', 'bri'];

class Writer {
  private readonly lines: string[] = [];
  private readonly names: string[];
  private variables: string[] = [];

  constructor(
    private readonly shape: () => number,
    nameSeed: number,
    private readonly indent: string,
  ) {
    const naming = rng(nameSeed);
    // Names come from their own stream, so a copy under other names keeps every choice of shape.
    this.names = Array.from({ length: 64 }, (_, i) => {
      const word = Array.from(
        { length: 2 + Math.floor(naming() * 2) },
        () => SYLLABLES[Math.floor(naming() * SYLLABLES.length)],
      ).join('');
      return `${word}${i}`;
    });
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.shape() * items.length)];
  }

  private chance(p: number): boolean {
    return this.shape() < p;
  }

  private variable(): string {
    return this.variables.length > 0 && this.chance(0.8) ? this.pick(this.variables) : this.pick(this.names);
  }

  private fresh(): string {
    const name = this.names[this.variables.length % this.names.length];
    this.variables.push(name);
    return name;
  }

  private expression(depth: number): string {
    const leaf = depth <= 0 || this.chance(0.3);
    if (leaf) {
      const roll = this.shape();
      if (roll < 0.55) return this.variable();
      if (roll < 0.85) return String(Math.floor(this.shape() * 100) / 10);
      return `${this.variable()}.${this.pick(FIELDS)}`;
    }
    const roll = this.shape();
    if (roll < 0.35) return `${this.expression(depth - 1)} ${this.pick(BINARY)} ${this.expression(depth - 1)}`;
    if (roll < 0.55) return `Math.${this.pick(MATH)}(${this.expression(depth - 1)})`;
    if (roll < 0.75)
      return `${this.variable()}.${this.pick(METHODS)}(${this.chance(0.5) ? this.expression(depth - 1) : ''})`;
    if (roll < 0.85)
      return `(${this.expression(depth - 1)} ? ${this.expression(depth - 1)} : ${this.expression(depth - 1)})`;
    if (roll < 0.93) return `${this.variable()}[${this.expression(depth - 1)}]`;
    return `[${this.expression(depth - 1)}, ${this.expression(depth - 1)}]`;
  }

  private line(depth: number, text: string): void {
    this.lines.push(this.indent.repeat(depth) + text);
  }

  private statement(depth: number): void {
    const roll = this.shape();
    if (roll < 0.4 || depth > 3) {
      this.line(depth, `const ${this.fresh()} = ${this.expression(3)};`);
    } else if (roll < 0.55) {
      this.line(depth, `${this.variable()} ${this.pick(['=', '+=', '-=', '*='])} ${this.expression(2)};`);
    } else if (roll < 0.7) {
      const index = this.fresh();
      this.line(depth, `for (let ${index} = 0; ${index} < ${this.expression(1)}; ${index}++) {`);
      this.block(depth + 1, 1 + Math.floor(this.shape() * 3));
      this.line(depth, '}');
    } else if (roll < 0.85) {
      this.line(depth, `if (${this.expression(2)}) {`);
      this.block(depth + 1, 1 + Math.floor(this.shape() * 3));
      if (this.chance(0.5)) {
        this.line(depth, '} else {');
        this.block(depth + 1, 1 + Math.floor(this.shape() * 2));
      }
      this.line(depth, '}');
    } else if (roll < 0.93) {
      this.line(depth, `while (${this.expression(2)}) {`);
      this.block(depth + 1, 1 + Math.floor(this.shape() * 2));
      this.line(depth, '}');
    } else {
      this.line(depth, `${this.variable()}.${this.pick(METHODS)}(${this.expression(2)});`);
    }
  }

  private block(depth: number, statements: number): void {
    for (let i = 0; i < statements; i++) this.statement(depth);
  }

  /** A function of about `lines` lines named `name`. */
  func(name: string, lines: number): void {
    this.variables = [];
    const parameters = Array.from({ length: 1 + Math.floor(this.shape() * 3) }, () => `${this.fresh()}: number`);
    this.line(0, `export function ${name}(${parameters.join(', ')}): number {`);
    const end = this.lines.length + lines;
    while (this.lines.length < end) this.statement(1);
    this.line(1, `return ${this.expression(2)};`);
    this.line(0, '}');
    this.line(0, '');
  }

  text(): string {
    return this.lines.join('\n');
  }
}

/** About `lines` lines of random functions; the same `shapeSeed` under another `nameSeed` is a renamed copy. */
export function randomProgram(shapeSeed: number, nameSeed: number, lines: number, indent = '    '): string {
  const writer = new Writer(rng(shapeSeed), nameSeed, indent);
  for (let f = 0; writer.text().split('\n').length < lines; f++) writer.func(`helper${f}`, 12 + (f % 4) * 6);
  return writer.text();
}
