import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { loadCatalog } from '../../grader/shared/catalog';
import { EXAMPLES, tempDir } from './helpers';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'gatelab.js');

function gatelab(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.trim() };
}

describe('the gatelab command', () => {
  it('grade: writes the result and exits 0 whatever the score', () => {
    const out = tempDir('cli');
    const r = gatelab(['grade', path.join(EXAMPLES, 's02-untouched'), '--out', out, '--lang', 'en'], {
      GATELAB_SECRET: 'cli-test-secret',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const max = loadCatalog(PACKAGE_ROOT).exercises.reduce((sum, e) => sum + e.points, 0);
    expect(r.stdout).toMatch(new RegExp(`s02-untouched: 0/${max} → .*feedback\\.html`));
    expect(JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')).student).toBe('s02-untouched');
  });

  it('bad input: one line saying what, where and how to fix it; exit 2; nothing written', () => {
    const out = tempDir('cli');
    const missing = gatelab(['grade', '/no/such/folder', '--out', out], { GATELAB_SECRET: 'cli-test-secret' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^gatelab: \/no\/such\/folder: submission folder not found; pass the student's kit folder/,
    );
    expect(missing.stderr.split('\n')).toHaveLength(1);

    const noSecret = gatelab(['grade', path.join(EXAMPLES, 's01-perfect'), '--out', out]);
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toMatch(/no course secret: set GATELAB_SECRET or pass --secret-file/);

    const badDate = gatelab(
      ['grade', path.join(EXAMPLES, 's01-perfect'), '--out', out, '--submitted-at', 'yesterday'],
      { GATELAB_SECRET: 'cli-test-secret' },
    );
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/--submitted-at "yesterday" is not a date-time/);

    const badLang = gatelab(['check', '--lang', 'de']);
    expect(badLang.code).toBe(2);
    expect(existsSync(path.join(out, 'results.json'))).toBe(false);
  });

  it('a malformed catalog names the file and the field', () => {
    const kit = tempDir('kit');
    const catalog = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'course.json'), 'utf8')) as {
      defaultLanguage: string;
    };
    catalog.defaultLanguage = 'de';
    mkdirSync(kit, { recursive: true });
    writeFileSync(path.join(kit, 'course.json'), JSON.stringify(catalog));
    cpSync(path.join(PACKAGE_ROOT, 'exercises'), path.join(kit, 'exercises'), { recursive: true });
    const r = gatelab(['--kit', kit, 'validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gatelab: ${path.join(kit, 'course.json')}: at /defaultLanguage: must be one of "en", "ru"`);
  });

  it('generate --check finds no drift in the committed kit', () => {
    const r = gatelab(['generate', '--check']);
    expect(r.stdout).toContain('generated files are up to date');
    expect(r.code).toBe(0);
  });
});
