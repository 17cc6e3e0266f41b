/**
 * What the sandbox saw while the suites ran, as integrity notes for the report (each kind once per exercise),
 * and the sandbox's layers for this student (results.json `sandbox`): fail closed, a missing layer the teacher
 * did not accept means the student's code does not run, and every report says why; an accepted one is noted.
 */
import type { Catalog } from '../shared/catalog';
import type { IntegrityNote, Localized, SandboxRecord } from '../shared/results';
import { loadStrings, type Strings } from '../shared/messages';
import { accepts, LAYERS, layerStates, missingLayers, type Acceptance, type IsolationDetails, type LayerStatus } from '../sandbox';
import type { RanCheck } from './run-suites';

const TEXT: Record<string, { kind: IntegrityNote['kind']; message: Localized }> = {
  exit: {
    kind: 'process-exit',
    message: { en: 'Your code ended its process while being graded: {detail}', ru: 'Ваш код завершил свой процесс во время проверки: {detail}' },
  },
  timeout: {
    kind: 'timeout',
    message: { en: 'A call did not finish within the time limit and was stopped: {detail}', ru: 'Вызов не уложился в лимит времени и был остановлен: {detail}' },
  },
  'out-of-memory': {
    kind: 'out-of-memory',
    message: { en: 'Your code ran out of the memory allowed: {detail}', ru: 'Вашему коду не хватило разрешённой памяти: {detail}' },
  },
  'access-denied': {
    kind: 'access-denied',
    message: {
      en: 'Your code tried something a submission may not do (read or write files outside its folder, start processes …); it was blocked: {detail}',
      ru: 'Ваш код попытался сделать то, что решению запрещено (читать или писать файлы вне своей папки, запускать процессы …); это заблокировано: {detail}',
    },
  },
  'forged-message': {
    kind: 'sandbox',
    message: { en: 'Your code sent messages on the grader\'s channel; they were ignored: {detail}', ru: 'Ваш код отправлял сообщения в канал проверяющей системы; они проигнорированы: {detail}' },
  },
};

export function sandboxNotes(ran: RanCheck[]): IntegrityNote[] {
  const seen = new Set<string>();
  const notes: IntegrityNote[] = [];
  for (const check of ran) {
    for (const message of check.record?.flags ?? []) {
      const detail = `${check.exercise} · ${check.id}: `;
      notes.push({ kind: 'review', message: { en: detail + message.en, ru: detail + message.ru } });
    }
    for (const event of check.record?.events ?? []) {
      const text = TEXT[event.kind];
      const key = `${check.exercise}/${event.kind}`;
      if (!text || seen.has(key)) continue;
      seen.add(key);
      // The sandbox's own words (English, from the tool) stand as code after our sentence, one language per report.
      const detail = `${check.exercise}${event.fn ? ` · ${event.fn}` : ''}: \`${event.detail.slice(0, 260).replace(/`/g, "'").replace(/\s*\n\s*/g, ' ')}\``;
      notes.push({
        kind: text.kind,
        message: { en: text.message.en.replace('{detail}', detail), ru: text.message.ru.replace('{detail}', detail) },
      });
    }
  }
  return notes;
}

/** A text of the catalog's "sandbox" namespace in both languages, with `{name}` filled from `params` (per language). */
export function sandboxText(key: string, params: Record<string, Localized | string> = {}): Localized {
  const one = (lang: 'en' | 'ru'): string => {
    const ns = loadStrings(lang).sandbox as Strings;
    const text = ns[key];
    if (typeof text !== 'string') throw new Error(`templates/strings.${lang}.json: no string "sandbox.${key}"`);
    return text.replace(/\{(\w+)\}/g, (all, k: string) => {
      const v = params[k];
      return v === undefined ? all : typeof v === 'string' ? v : v[lang];
    });
  };
  return { en: one('en'), ru: one('ru') };
}

/** "net (no network access), memory (a memory cap)" in each language. */
export function layerList(layers: readonly string[]): Localized {
  const one = (lang: 'en' | 'ru'): string => {
    const names = (loadStrings(lang).sandbox as Strings).layer as Strings;
    return layers.map((l) => `${l} (${String(names[l] ?? l)})`).join(', ');
  };
  return { en: one('en'), ru: one('ru') };
}

/** results.json's `sandbox`: each layer's state, what was accepted missing, and whether the code ran. */
export function sandboxRecord(states: readonly LayerStatus[], acceptance: Acceptance): SandboxRecord {
  const missing = states.filter((s) => s.state === 'missing').map((s) => s.layer);
  const layers = Object.fromEntries(LAYERS.map((l) => [l, states.find((s) => s.layer === l)?.state ?? 'missing'])) as SandboxRecord['layers'];
  const refused = missing.filter((l) => !accepts(acceptance, l));
  return { ran: refused.length === 0, layers, accepted_missing: missing.filter((l) => accepts(acceptance, l)), refused };
}

/** The integrity note every report carries when a layer was missing: refused (code not run) or accepted (weaker). */
export function sandboxIntegrity(record: SandboxRecord, states: readonly LayerStatus[]): IntegrityNote[] {
  const notes: IntegrityNote[] = [];
  if (record.refused.length > 0) {
    const why = [...new Set(record.refused.map((l) => states.find((s) => s.layer === l)?.why ?? 'unavailable'))].join('; ').slice(0, 300);
    notes.push({ kind: 'sandbox', message: sandboxText('refusedNote', { layers: layerList(record.refused), why }) });
  }
  if (record.accepted_missing.length > 0) notes.push({ kind: 'sandbox', message: sandboxText('weakNote', { layers: layerList(record.accepted_missing) }) });
  return notes;
}

/** Every check of the catalog as not run, saying why: the sandbox was refused, so no student code ran. */
export function refusedChecks(catalog: Catalog, record: SandboxRecord, visibility: 'all' | 'public' = 'all'): RanCheck[] {
  const diagnosis = sandboxText('refusedCheck', { layers: layerList(record.refused) });
  return catalog.exercises.flatMap((e) =>
    e.checks
      .filter((c) => visibility === 'all' || c.visibility === 'public')
      .map((c) => ({ exercise: e.id, id: c.id, record: { outcome: 'error' as const, diagnosis, diffs: [], duration_ms: 0 } })),
  );
}

/** For a student's own check: the missing layers said once, as a note (their own code runs anyway). */
export function checkNotice(isolation: IsolationDetails, lang: 'en' | 'ru'): string[] {
  const missing = missingLayers(layerStates(isolation));
  return missing.length === 0 ? [] : [sandboxText('checkNotice', { layers: layerList(missing) })[lang], ''];
}
