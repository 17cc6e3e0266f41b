/**
 * The student kit's README.md and README.ru.md: set up, the exercises, check / watch / hint, submit. One Handlebars
 * template (templates/kit-readme.md.hbs) for both languages, its words from the message catalog's area `readme`.
 */
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../shared/catalog';
import { PACKAGE_ROOT } from '../shared/kit';
import { formatMessage, loadStrings, lookup } from '../shared/messages';
import { LANGS, type Lang } from '../shared/results';

let template: Handlebars.TemplateDelegate | undefined;

export function studentReadme(catalog: Catalog, lang: Lang, opts: { hasTrainScript: boolean }): string {
  // Markdown, not HTML: nothing is escaped; strict: a misspelt name in the template is an error, not an empty line.
  template ??= Handlebars.create().compile(
    readFileSync(path.join(PACKAGE_ROOT, 'templates', 'kit-readme.md.hbs'), 'utf8'),
    { noEscape: true, strict: true },
  );
  return template({
    t: loadStrings(lang).readme,
    course: catalog.course[lang],
    // The line that points to the README in each other language, in that language.
    other: LANGS.filter((l) => l !== lang)
      .map((l) => lookup(l, 'readme.version'))
      .join(' '),
    exercises: catalog.exercises.map((e) => ({
      number: e.id.slice(0, 2),
      title: e.title[lang],
      id: e.id,
      files: [...e.modules, ...(e.answers ?? []).map((a) => a.file)].map((f) => `\`${f}\``).join(', '),
      points: e.points,
    })),
    total: catalog.exercises.reduce((s, e) => s + e.points, 0),
    deadline: catalog.deadline,
    loopText: formatMessage(lookup(lang, 'readme.loopText'), {
      language: lookup(lang, `readme.languages.${catalog.defaultLanguage}`),
    }),
    hasTrainScript: opts.hasTrainScript,
  });
}
