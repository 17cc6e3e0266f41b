import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../grader/shared/catalog';
import { checkWork } from '../../grader/student/checker';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { BACKWARD_MISTAKES } from '../../solutions/02-forget-gate/mistakes';
import { EXAMPLES, tempDir } from './helpers';

const exercise02 = loadCatalog(PACKAGE_ROOT).exercises.find((e) => e.id === '02-forget-gate');
const public02 = exercise02?.checks.filter((c) => c.visibility === 'public') ?? [];
const publicPoints02 = public02.reduce((s, c) => s + c.points, 0);

/** A student's kit: the catalog and exercises copied, the runtime linked. */
function studentKit(): string {
  const kit = tempDir('kit');
  cpSync(path.join(PACKAGE_ROOT, 'course.json'), path.join(kit, 'course.json'));
  cpSync(path.join(PACKAGE_ROOT, 'exercises'), path.join(kit, 'exercises'), { recursive: true });
  for (const linked of ['grader', 'node_modules', 'package.json'])
    symlinkSync(path.join(PACKAGE_ROOT, linked), path.join(kit, linked));
  return kit;
}

describe('gatelab check (students)', () => {
  it('on the untouched stubs: nothing passes, and the first problem says the function is not written yet', async () => {
    const report = await checkWork({ kitRoot: studentKit(), lang: 'en' });
    expect(report.allPassed).toBe(false);
    expect(report.scored.raw_milli).toBe(0);
    const text = report.lines.join('\n');
    expect(text).toMatch(new RegExp(`✗ 02-forget-gate\\s+0/${public02.length}\\s+0/${publicPoints02}`));
    // The first screen explains itself: what the points count, and the language and how to switch it.
    expect(text).toMatch(/Exercise\s+Public checks\s+Public points/);
    expect(text).toContain('count the public checks only');
    expect(text).toContain('Messages are in English (--lang en)');
    // The first exercise of the catalog comes first.
    expect(text).toMatch(/First problem: 01-vanishing-gradient › public-chains/);
    expect(text).toMatch(/unroll is not implemented yet|chainGradient is not implemented yet/);
  });

  it('on a solved exercise: every public check passes; in Russian by default', async () => {
    const kit = studentKit();
    cpSync(
      path.join(EXAMPLES, 's01-perfect', 'exercises', '02-forget-gate', 'forget-gate.ts'),
      path.join(kit, 'exercises', '02-forget-gate', 'forget-gate.ts'),
    );
    const report = await checkWork({ kitRoot: kit, exercise: '02' });
    expect(report.allPassed).toBe(true);
    expect(report.scored.raw_milli).toBe(publicPoints02 * 1000);
    const text = report.lines.join('\n');
    expect(text).toContain('Все открытые проверки пройдены');
    expect(text).toContain(
      `Всего за 02-forget-gate можно получить баллов: ${exercise02?.points}, из них за открытые проверки: ${publicPoints02}`,
    );
    expect(text).toContain('Для английского добавьте --lang en');
  });

  it('points at the wrong gradient of a half-solved exercise', async () => {
    const kit = studentKit();
    cpSync(
      path.join(EXAMPLES, 's03-wrong-backward', 'exercises', '02-forget-gate', 'forget-gate.ts'),
      path.join(kit, 'exercises', '02-forget-gate', 'forget-gate.ts'),
    );
    const report = await checkWork({ kitRoot: kit, exercise: '02-forget-gate', lang: 'en' });
    expect(report.allPassed).toBe(false);
    const text = report.lines.join('\n');
    expect(text).toContain('✓ public-forward');
    expect(text).toContain('First problem: 02-forget-gate › public-backward');
    // Named as the hidden check would name it, not "dbf differs …".
    const named = BACKWARD_MISTAKES.find((m) => text.includes(m.diagnosis.en));
    expect(named?.affects).toEqual(['dbf']);
  });

  it('a helper file of the student’s own is compiled and usable', async () => {
    const kit = studentKit();
    const dir = path.join(kit, 'exercises', '02-forget-gate');
    mkdirSync(dir, { recursive: true });
    cpSync(
      path.join(EXAMPLES, 's01-perfect', 'exercises', '02-forget-gate', 'forget-gate.ts'),
      path.join(dir, 'forget-gate.ts'),
    );
    writeFileSync(path.join(dir, 'helpers.ts'), 'export const twice = (x: number): number => 2 * x;\n');
    writeFileSync(
      path.join(dir, 'forget-gate.ts'),
      "import { twice } from './helpers';\nvoid twice;\n" + readFileSync(path.join(dir, 'forget-gate.ts'), 'utf8'),
    );
    const report = await checkWork({ kitRoot: kit, exercise: '02', lang: 'en' });
    expect(report.allPassed).toBe(true);
  });
});
