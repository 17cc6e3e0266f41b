/**
 * The statements say which checks are public and what follows at grading, in step with course.json; the kit README
 * says which language the messages are in; the 02 statement says whether calling the toolkit's sigmoid is allowed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../grader/shared/catalog';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { studentReadme } from '../../grader/release/readme';

const catalog = loadCatalog(PACKAGE_ROOT);
const statement = (id: string, file: string) => readFileSync(path.join(PACKAGE_ROOT, 'exercises', id, file), 'utf8');
const block = (text: string) =>
  text.slice(text.indexOf('<!-- gatelab:checks'), text.indexOf('<!-- /gatelab:checks -->'));

describe('exercise statements', () => {
  for (const e of catalog.exercises) {
    for (const file of ['README.md', 'README.ru.md']) {
      it(`${e.id}/${file} lists every public check with its points, and the hidden ones' count and points`, () => {
        const text = block(statement(e.id, file));
        expect(text.length).toBeGreaterThan(100);
        for (const c of e.checks.filter((k) => k.visibility === 'public')) {
          expect(text).toMatch(new RegExp(`\\| \`${c.id}\` \\| [^|]+ \\| ${c.points} \\|`));
        }
        const hidden = e.checks.filter((k) => k.visibility === 'hidden');
        const hiddenPoints = hidden.reduce((s, k) => s + k.points, 0);
        expect(text).toContain(`| ${hidden.map((k) => k.id).join(', ')} | ${hiddenPoints} |`);
        expect(text).toContain(`**${hidden.length} `);
        expect(text).toContain(`**${e.points}**`);
        expect(text).toContain(`loadFixtures('${e.id.slice(0, 2)}')`);
      });
    }
  }

  it('02 says that calling the toolkit’s sigmoid is allowed, in both languages', () => {
    expect(statement('02-forget-gate', 'README.md')).toMatch(/`z\.sigmoid\(\)` is allowed/);
    expect(statement('02-forget-gate', 'README.ru.md')).toMatch(/`z\.sigmoid\(\)` использовать разрешено/);
  });
});

describe('the kit README', () => {
  it('names the language of the messages and says what the points of check count', () => {
    const en = studentReadme(catalog, 'en', { hasTrainScript: true });
    expect(catalog.defaultLanguage).toBe('ru');
    expect(en).toContain('Messages are in Russian');
    expect(en).toContain('--lang en');
    expect(en).toContain('counts the public checks only');
    expect(en).not.toContain("in the course's language;");
    const ru = studentReadme(catalog, 'ru', { hasTrainScript: true });
    expect(ru).toContain('Сообщения — по-русски');
    expect(ru).toContain('учитывает только открытые проверки');
  });
});
