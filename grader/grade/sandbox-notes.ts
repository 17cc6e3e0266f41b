/**
 * What the sandbox saw while the suites ran, as integrity notes for the report (each kind once per exercise),
 * and the sandbox's layers for this student (results.json `sandbox`): fail closed, a missing layer the teacher
 * did not accept means the student's code does not run, and every report says why; an accepted one is noted.
 */
import type { Catalog } from '../shared/catalog';
import type { IntegrityNote, Localized, SandboxRecord } from '../shared/results';
import { area, text } from '../shared/messages';
import {
  accepts,
  LAYERS,
  layerStates,
  missingLayers,
  type Acceptance,
  type IsolationDetails,
  type LayerStatus,
} from '../sandbox';
import type { RanCheck } from './run-suites';

/** The integrity note kind of each sandbox event that is reported; its text is the catalog's `sandbox.event.<event>`. */
const EVENT_KINDS: Record<string, IntegrityNote['kind']> = {
  exit: 'process-exit',
  timeout: 'timeout',
  'out-of-memory': 'out-of-memory',
  'access-denied': 'access-denied',
  'forged-message': 'sandbox',
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
      const kind = EVENT_KINDS[event.kind];
      const key = `${check.exercise}/${event.kind}`;
      if (!kind || seen.has(key)) continue;
      seen.add(key);
      // The sandbox's own words (English, from the tool) stand as code after our sentence, one language per report.
      const detail = `${check.exercise}${event.fn ? ` · ${event.fn}` : ''}: \`${event.detail
        .slice(0, 260)
        .replace(/`/g, "'")
        .replace(/\s*\n\s*/g, ' ')}\``;
      notes.push({ kind, message: text(`sandbox.event.${event.kind}`, { detail }) });
    }
  }
  return notes;
}

/** "net (no network access), memory (a memory cap)" in each language. */
export function layerList(layers: readonly string[]): Localized {
  const one = (lang: 'en' | 'ru'): string => {
    const names = area(lang, 'sandbox.layer');
    return layers.map((l) => `${l} (${String(names[l] ?? l)})`).join(', ');
  };
  return { en: one('en'), ru: one('ru') };
}

/** results.json's `sandbox`: each layer's state, what was accepted missing, and whether the code ran. */
export function sandboxRecord(states: readonly LayerStatus[], acceptance: Acceptance): SandboxRecord {
  const missing = states.filter((s) => s.state === 'missing').map((s) => s.layer);
  const layers = Object.fromEntries(
    LAYERS.map((l) => [l, states.find((s) => s.layer === l)?.state ?? 'missing']),
  ) as SandboxRecord['layers'];
  const refused = missing.filter((l) => !accepts(acceptance, l));
  return {
    ran: refused.length === 0,
    layers,
    accepted_missing: missing.filter((l) => accepts(acceptance, l)),
    refused,
  };
}

/** The integrity note every report carries when a layer was missing: refused (code not run) or accepted (weaker). */
export function sandboxIntegrity(record: SandboxRecord, states: readonly LayerStatus[]): IntegrityNote[] {
  const notes: IntegrityNote[] = [];
  if (record.refused.length > 0) {
    const why = [...new Set(record.refused.map((l) => states.find((s) => s.layer === l)?.why ?? 'unavailable'))]
      .join('; ')
      .slice(0, 300);
    notes.push({ kind: 'sandbox', message: text('sandbox.refusedNote', { layers: layerList(record.refused), why }) });
  }
  if (record.accepted_missing.length > 0)
    notes.push({ kind: 'sandbox', message: text('sandbox.weakNote', { layers: layerList(record.accepted_missing) }) });
  return notes;
}

/** Every check of the catalog as not run, saying why: the sandbox was refused, so no student code ran. */
export function refusedChecks(
  catalog: Catalog,
  record: SandboxRecord,
  visibility: 'all' | 'public' = 'all',
): RanCheck[] {
  const diagnosis = text('sandbox.refusedCheck', { layers: layerList(record.refused) });
  return catalog.exercises.flatMap((e) =>
    e.checks
      .filter((c) => visibility === 'all' || c.visibility === 'public')
      .map((c) => ({
        exercise: e.id,
        id: c.id,
        record: { outcome: 'error' as const, diagnosis, diffs: [], duration_ms: 0 },
      })),
  );
}

/** For a student's own check: the missing layers said once, as a note (their own code runs anyway). */
export function checkNotice(isolation: IsolationDetails, lang: 'en' | 'ru'): string[] {
  const missing = missingLayers(layerStates(isolation));
  return missing.length === 0 ? [] : [text('sandbox.checkNotice', { layers: layerList(missing) })[lang], ''];
}
