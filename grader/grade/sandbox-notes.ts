/** What the sandbox saw while the suites ran, as integrity notes for the report (each kind once per exercise). */
import type { IntegrityNote, Localized } from '../results';
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
