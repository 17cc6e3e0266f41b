/**
 * The judgement of one catalogued mistake from its graded results: caught, nowhere else, explained in each language,
 * misleading (the rules are written out in types.ts). Pure: the runner (run.ts) grades, this file only reads.
 */
import type { CheckResult, IntegrityNote, Results } from '../../grader/shared/results';
import type { CatalogueMistake, MisleadingKind } from './types';

export interface Misleading {
  kind: MisleadingKind;
  check: string;
  detail: string;
}

export interface MistakeVerdict {
  id: string;
  exercise: string;
  /** Exercises that scored below their maximum. */
  lostIn: string[];
  caught: boolean;
  nowhereElse: boolean;
  explained: { en: boolean; ru: boolean };
  misleading: Misleading[];
  /** The failing checks of the `losesIn` exercises with their diagnoses, to show when a verdict is not the goal. */
  diagnoses: { check: string; en: string; ru: string }[];
  /** The failing checks of the other exercises (where the mistake must not cost points), with their diagnoses. */
  elsewhere: { check: string; en: string }[];
  /** The graded student's integrity notes (results.json `integrity`): a catalogued mistake is honest work, so none. */
  integrity: IntegrityNote[];
}

type Lang = 'en' | 'ru';

/** Lower case, − as -, ′ and ’ as ', ё as е, runs of white space as one space: words match as a reader would match them. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/\u2212/g, '-')
    .replace(/[\u2032\u2019]/g, "'")
    .replace(/ё/g, 'е')
    .replace(/\s+/g, ' ');
}

/** Whether `text` holds every word of at least one of the lists. */
export function holdsOneList(text: string, lists: string[][]): boolean {
  const t = normalise(text);
  return lists.some((words) => words.length > 0 && words.every((w) => t.includes(normalise(w))));
}

/** The functions declared in a TypeScript file, each with its source text (from its line to the next declaration). */
export function functionsOf(source: string): { name: string; start: number; end: number }[] {
  const found = [...source.matchAll(/^(?:export )?(?:async )?function (\w+)/gm)].map((m) => ({
    name: m[1],
    start: m.index,
  }));
  return found.map((f, i) => ({ ...f, end: i + 1 < found.length ? found[i + 1].start : source.length }));
}

/**
 * The functions of the perfect file that the edit makes wrong: the one that contains it, and every function that
 * calls a wrong one, to a fixed point. An edit outside every function (a constant, an import) makes all of them
 * suspect: none may then be called right.
 */
export function wrongFunctions(source: string, at: number): Set<string> {
  const fns = functionsOf(source);
  const home = fns.find((f) => f.start <= at && at < f.end);
  if (!home) return new Set(fns.map((f) => f.name));
  const wrong = new Set([home.name]);
  for (let grew = true; grew;) {
    grew = false;
    for (const f of fns) {
      if (wrong.has(f.name)) continue;
      const body = source.slice(f.start, f.end);
      if ([...wrong].some((name) => new RegExp(`\\b${name}\\s*\\(`).test(body))) {
        wrong.add(f.name);
        grew = true;
      }
    }
  }
  return wrong;
}

const FIX = { en: /\bfix (?:your )?(\w+)/gi, ru: /исправьте (?:вашу |свою |ваш |свой )?(\w+)/gi };

function misleadingOf(
  check: CheckResult,
  mistake: CatalogueMistake,
  others: CatalogueMistake[],
  functions: { all: Set<string>; wrong: Set<string> },
): Misleading[] {
  const found: Misleading[] = [];
  for (const lang of ['en', 'ru'] as Lang[]) {
    const text = check.diagnosis?.[lang] ?? '';
    if (!holdsOneList(text, mistake.explains[lang])) {
      const other = others.find(
        (o) => o.exercise === mistake.exercise && o.id !== mistake.id && holdsOneList(text, o.explains[lang]),
      );
      if (other) found.push({ kind: 'another-mistake', check: check.id, detail: `${lang}: reads as ${other.id}` });
    }
    for (const m of text.matchAll(FIX[lang])) {
      const fn = m[1];
      if (functions.all.has(fn) && !functions.wrong.has(fn))
        found.push({
          kind: 'right-function-blamed',
          check: check.id,
          detail: `${lang}: "${m[0]}", but ${fn} is right`,
        });
    }
  }
  return found;
}

/**
 * Judges one mistake. `perfectSource` is the edited file as the perfect submission has it (to tell which functions the
 * edit leaves right); `all` is the whole catalogue (to tell one mistake's words from another's).
 */
export function judge(
  mistake: CatalogueMistake,
  results: Results,
  perfectSource: string,
  all: CatalogueMistake[],
): MistakeVerdict {
  const byExercise = new Map(results.exercises.map((e) => [e.id, e]));
  const lostIn = results.exercises.filter((e) => e.score_milli < e.max_milli).map((e) => e.id);
  const caught = mistake.losesIn.every((id) => lostIn.includes(id));
  const nowhereElse =
    results.exercises.every((e) => mistake.losesIn.includes(e.id) || e.score_milli === e.max_milli) &&
    mistake.losesIn.every((id) => byExercise.has(id));
  const failing = results.tests
    .map((t) => t.gatelab)
    .filter((t) => mistake.losesIn.includes(t.exercise) && t.score_milli < t.max_milli);
  const where = mistake.checks ? failing.filter((t) => mistake.checks?.includes(t.id)) : failing;
  const explained = {
    en: where.some((t) => holdsOneList(t.diagnosis?.en ?? '', mistake.explains.en)),
    ru: where.some((t) => holdsOneList(t.diagnosis?.ru ?? '', mistake.explains.ru)),
  };
  const at = perfectSource.indexOf(mistake.find);
  const functions = {
    all: new Set(functionsOf(perfectSource).map((f) => f.name)),
    wrong: wrongFunctions(perfectSource, at),
  };
  const misleading = failing.flatMap((t) => misleadingOf(t, mistake, all, functions));
  return {
    id: mistake.id,
    exercise: mistake.exercise,
    lostIn,
    caught,
    nowhereElse,
    explained,
    misleading,
    diagnoses: failing.map((t) => ({
      check: `${t.exercise}/${t.id}`,
      en: t.diagnosis?.en ?? '',
      ru: t.diagnosis?.ru ?? '',
    })),
    elsewhere: results.tests
      .map((t) => t.gatelab)
      .filter((t) => !mistake.losesIn.includes(t.exercise) && t.score_milli < t.max_milli)
      .map((t) => ({ check: `${t.exercise}/${t.id}`, en: t.diagnosis?.en ?? '' })),
    integrity: results.integrity,
  };
}

/** Whether a verdict meets the catalogue's goal for one entry (no integrity note included: see catalogue.test.ts). */
export const meetsGoal = (v: MistakeVerdict): boolean =>
  v.caught && v.nowhereElse && v.explained.en && v.explained.ru && v.misleading.length === 0;

/** One line per integrity note, as the teacher reads it: kind, file and line, the English message. */
export function describeNotes(notes: IntegrityNote[]): string[] {
  return notes.map((n) => `${n.kind}${n.file ? ` in ${n.file}${n.line ? `:${n.line}` : ''}` : ''}: ${n.message.en}`);
}
