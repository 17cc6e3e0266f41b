/** Student-facing texts the harness writes itself (the exercises add their own, more specific ones). */
import type { Localized, NumericDiff } from '../shared/results';
import type { FailureKind } from './student';

export function fill(text: Localized, params: Record<string, string | number>): Localized {
  const sub = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
  return { en: sub(text.en), ru: sub(text.ru) };
}

const FAILURES: Record<FailureKind, Localized> = {
  'not-implemented': {
    en: '{fn} is not implemented yet: it still throws the stub\'s error. Remove that line and write the function.',
    ru: '{fn} ещё не реализована: она по-прежнему выбрасывает ошибку заготовки. Удалите эту строку и напишите функцию.',
  },
  threw: { en: '{fn} threw an error: `{message}`', ru: '{fn} выбросила ошибку: `{message}`' },
  'not-a-function': {
    en: '{fn} is not exported as a function from your module. Keep the name and the export from the stub.',
    ru: '{fn} не экспортируется из вашего модуля как функция. Сохраните имя и export из заготовки.',
  },
  'missing-module': {
    en: 'Your module for this exercise was not found. Keep the file name from the stub.',
    ru: 'Ваш модуль для этого упражнения не найден. Сохраните имя файла из заготовки.',
  },
  'load-failed': {
    en: 'Your module failed while loading, before {fn} could run: `{message}`',
    ru: 'Ваш модуль упал при загрузке, до вызова {fn}: `{message}`',
  },
  timeout: {
    en: '{fn} did not finish in time. Look for a loop that never ends or a promise that never resolves.',
    ru: '{fn} не завершилась вовремя. Проверьте, нет ли бесконечного цикла или промиса, который никогда не разрешается.',
  },
  'out-of-memory': {
    en: '{fn} used more memory than allowed. Look for arrays that grow without end.',
    ru: '{fn} использовала больше памяти, чем разрешено. Проверьте, нет ли массивов, растущих без конца.',
  },
  exited: {
    en: 'Your code ended the process while running {fn} (`{message}`). Do not call process.exit in a submission.',
    ru: 'Ваш код завершил процесс во время {fn} (`{message}`). Не вызывайте process.exit в решении.',
  },
  crashed: { en: 'The process running {fn} crashed: `{message}`', ru: 'Процесс, выполнявший {fn}, аварийно завершился: `{message}`' },
  unserializable: {
    en: '{fn} returned a value that cannot be read back (a function, a getter that throws, or a cycle): `{message}`. Return plain matrices, numbers and objects.',
    ru: '{fn} вернула значение, которое нельзя прочитать (функцию, бросающий геттер или цикл): `{message}`. Возвращайте обычные матрицы, числа и объекты.',
  },
  'budget-exhausted': {
    en: 'The time budget for this exercise ran out before {fn} could run (earlier calls timed out or crashed).',
    ru: 'Лимит времени на это упражнение исчерпан до вызова {fn} (предыдущие вызовы зависли или упали).',
  },
  'compile-error': {
    en: '{file} does not compile (line {line}). The compiler says:\n`{message}`',
    ru: '{file} не компилируется (строка {line}). Сообщение компилятора:\n`{message}`',
  },
};

/**
 * A failure in the report's words. `{message}` is the tool's or the student's own text (a compiler error, a thrown
 * message), in whatever language it came: it is set as code (between backticks, see grader/feedback/math.ts), after a
 * sentence of ours, and cannot close the code span early.
 */
export function failureText(kind: FailureKind, params: Record<string, string | number>): Localized {
  const clean: Record<string, string | number> = { ...params };
  if (params.message !== undefined) clean.message = String(params.message).replace(/`/g, "'").replace(/\s*\n\s*/g, ' ');
  return fill(FAILURES[kind], clean);
}

export function diffText(d: NumericDiff): Localized {
  const expected = `${d.expectedShape[0]}×${d.expectedShape[1]}`;
  if (!d.actualShape) {
    return fill(
      { en: '{q} is not a matrix; it should be a {shape} Matrix.', ru: '{q} — не матрица; ожидается Matrix размера {shape}.' },
      { q: d.quantity, shape: expected },
    );
  }
  const actual = `${d.actualShape[0]}×${d.actualShape[1]}`;
  if (actual !== expected) {
    return fill(
      { en: '{q} has shape {actual} but should be {shape}.', ru: '{q} имеет размер {actual}, а должен быть {shape}.' },
      { q: d.quantity, actual, shape: expected },
    );
  }
  if (d.nanCount > 0) {
    return fill(
      { en: '{q} contains NaN ({n} entries) where the correct result has a number.', ru: '{q} содержит NaN ({n} эл.) там, где правильный результат — число.' },
      { q: d.quantity, n: d.nanCount },
    );
  }
  const at = d.worstIndex ? `[${d.worstIndex[0]}, ${d.worstIndex[1]}]` : '';
  return fill(
    {
      en: '{q} differs from the correct value in {m} of {t} entries (the worst at {at}).',
      ru: '{q} отличается от правильного значения в {m} из {t} элементов (сильнее всего в {at}).',
    },
    { q: d.quantity, m: d.mismatches, t: d.total, at },
  );
}

export const NOT_A_NUMBER: Localized = {
  en: '{q} should be a number; your function returned {got}.',
  ru: '{q} должно быть числом; ваша функция вернула {got}.',
};

export const NUMBER_DIFFERS: Localized = {
  en: '{q} differs from the correct value.',
  ru: '{q} отличается от правильного значения.',
};
