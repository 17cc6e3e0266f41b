/**
 * The kit's TypeScript loader (bin/load-typescript.js): .ts files load through require, extensionless imports
 * resolve, each file is compiled once and then read from the kit's cache, a changed file is compiled again (never
 * served stale), and an error's stack points at the TypeScript line.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { tempDir } from './helpers';

let kit: string;

function run(code: string): { out: string; err: string; status: number | null } {
  const r = spawnSync(process.execPath, ['-e', `require('./bin/load-typescript'); ${code}`], {
    cwd: kit,
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { out: r.stdout.trim(), err: r.stderr, status: r.status };
}

const cached = () => readdirSync(path.join(kit, '.gatelab', 'cache', 'ts')).filter((f) => f.endsWith('.js'));

const counter = (start: number) => `export class Counter {
  count = ${start};
  constructor(private readonly step: number) {}
  next(): number {
    this.count += this.step;
    return this.count;
  }
}
`;

describe('bin/load-typescript.js', () => {
  beforeAll(() => {
    kit = tempDir('load-ts');
    mkdirSync(path.join(kit, 'bin'));
    mkdirSync(path.join(kit, 'lib'));
    copyFileSync(path.join(PACKAGE_ROOT, 'bin', 'load-typescript.js'), path.join(kit, 'bin', 'load-typescript.js'));
    symlinkSync(path.join(PACKAGE_ROOT, 'node_modules'), path.join(kit, 'node_modules'));
    writeFileSync(path.join(kit, 'lib', 'index.ts'), counter(10));
    writeFileSync(
      path.join(kit, 'main.ts'),
      [
        "import type { Counter as C } from './lib';",
        "import { Counter } from './lib';",
        'const c: C = new Counter(3);',
        'export const values = [c.next(), c.next()];',
        'export function fail(): never {',
        "  throw new Error('on line 6');",
        '}',
        '',
      ].join('\n'),
    );
  });

  it('loads TypeScript, resolves a folder import, and keeps TypeScript class semantics', () => {
    const r = run("console.log(JSON.stringify(require('./main.ts').values))");
    expect(r.err).toBe('');
    expect(r.out).toBe('[13,16]');
    expect(cached()).toHaveLength(2);
  });

  it('reads from the cache the second time, and compiles a changed file again', () => {
    const before = cached();
    expect(run("console.log(JSON.stringify(require('./main.ts').values))").out).toBe('[13,16]');
    expect(cached()).toEqual(before);
    writeFileSync(path.join(kit, 'lib', 'index.ts'), counter(100));
    expect(run("console.log(JSON.stringify(require('./main.ts').values))").out).toBe('[103,106]');
    expect(cached()).toHaveLength(3);
  });

  it("an error's stack names the TypeScript file and line", () => {
    const r = run("try { require('./main.ts').fail(); } catch (e) { console.log(e.stack.split('\\n')[1]); }");
    expect(r.out).toContain(`${path.join(kit, 'main.ts')}:6`);
  });
});
