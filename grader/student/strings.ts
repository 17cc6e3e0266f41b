/** What the student commands (watch, hint, submit) say, in every course language. `{name}` is filled by `fill`. */
import type { Localized } from '../results';

const L = (en: string, ru: string): Localized => ({ en, ru });

export const S = {
  // hint
  hintAllPass: L('Every public check of {exercise} passes: no hint needed. Try the next exercise: npx gatelab hint', 'Все открытые проверки {exercise} пройдены: подсказка не нужна. Попробуйте следующее упражнение: npx gatelab hint'),
  hintAllPassEverywhere: L('Every public check passes: no hint needed. The hidden checks run when your work is graded.', 'Все открытые проверки пройдены: подсказка не нужна. Скрытые проверки запускаются при оценивании.'),
  hintLevel: L('Hint {level} of {levels}:', 'Подсказка {level} из {levels}:'),
  hintMore: L('Still stuck? Run npx gatelab hint {exercise} again for a more specific hint.', 'Всё ещё не получается? Запустите npx gatelab hint {exercise} ещё раз: следующая подсказка конкретнее.'),
  hintLast: L(
    'That was the last hint for this check. Reread the statement (README.md) next to your code line by line, or ask your teacher.',
    'Это была последняя подсказка для этой проверки. Перечитайте условие (README.ru.md) рядом со своим кодом строка за строкой или спросите преподавателя.',
  ),
  hintNoMore: L('There are no further hints for this check; the statement (README.md) explains the math step by step.', 'Других подсказок для этой проверки нет; условие (README.ru.md) объясняет математику шаг за шагом.'),
  // watch
  watchStarting: L('Starting the checker (the first run takes a few seconds) …', 'Запускаю проверку (первый запуск занимает несколько секунд) …'),
  watchProgress: L('Progress', 'Прогресс'),
  watchExercises: L('exercises', 'упражнений'),
  watchChecks: L('public checks', 'открытых проверок'),
  watchWaiting: L('Watching exercises/ — save a file to check it again. Ctrl-C to quit.', 'Слежу за exercises/ — сохраните файл, и я проверю снова. Ctrl-C — выход.'),
  watchRunning: L('Checking {exercise} …', 'Проверяю {exercise} …'),
  watchTook: L('checked in {seconds} s', 'проверено за {seconds} с'),
  watchFailed: L('The check itself failed: {message}', 'Сама проверка не удалась: {message}'),
  watchBye: L('Stopped watching. Good work!', 'Слежение остановлено. Хорошая работа!'),
  // submit
  submitMissing: L(
    '{file} is missing. Restore it from the kit (the stub) and write your solution in it.',
    'Нет файла {file}. Восстановите его из набора (заготовку) и напишите в нём решение.',
  ),
  submitArtifactMissing: L(
    '{file} is not there yet, so that part of {exercise} cannot earn points; the statement says how to make it.',
    'Файла {file} пока нет, поэтому эта часть {exercise} не принесёт баллов; как его получить, сказано в условии.',
  ),
  submitArtifactTooLarge: L('{file} is {bytes} bytes; the grader takes at most {max}. Make it smaller (see the statement).', '{file} занимает {bytes} байт; проверка принимает не больше {max}. Уменьшите его (см. условие).'),
  submitCompile: L('{file} does not compile (line {line}): {message}', '{file} не компилируется (строка {line}): {message}'),
  submitRefused: L(
    'Nothing was submitted. Fix the problems above and run submit again (or, to hand in as it is, add --anyway).',
    'Ничего не отправлено. Исправьте проблемы выше и запустите submit снова (или, чтобы сдать как есть, добавьте --anyway).',
  ),
  submitNoStudent: L(
    'who are you? Pass your id from the course roster: npx gatelab submit --student <id> (or set it once: git config user.email you@example.org)',
    'кто вы? Укажите свой id из списка курса: npx gatelab submit --student <id> (или один раз задайте git config user.email you@example.org)',
  ),
  submitNoCheck: L('the public checks could not run ({message}), so submission.json has no summary; your files are submitted all the same.', 'открытые проверки не запустились ({message}), поэтому в submission.json нет сводки; файлы всё равно сдаются.'),
  submitManifest: L('Wrote {file}: {count} files with their SHA-256, public checks {passed}/{total}.', 'Записан {file}: {count} файлов с их SHA-256, открытые проверки {passed}/{total}.'),
  submitPushed: L('Committed and pushed to {remote} ({branch}, commit {commit}). Your work is submitted.', 'Закоммичено и отправлено в {remote} ({branch}, коммит {commit}). Работа сдана.'),
  submitPushFailed: L(
    'Your work is committed locally (commit {commit}) but the push to {remote} failed: {message}. Check your network and access, then run: git push',
    'Работа закоммичена локально (коммит {commit}), но отправка в {remote} не удалась: {message}. Проверьте сеть и доступ, затем выполните: git push',
  ),
  submitCommitFailed: L(
    'git could not commit: {message}. If git asks who you are: git config user.name "Your Name" && git config user.email you@example.org',
    'git не смог сделать коммит: {message}. Если git спрашивает, кто вы: git config user.name "Ваше Имя" && git config user.email you@example.org',
  ),
  submitArchive: L(
    'This folder is not a git clone with a remote, so your work is packed into {file}. Hand in that file as your teacher asked.',
    'Эта папка не клон git-репозитория с удалённым репозиторием, поэтому работа упакована в {file}. Сдайте этот файл так, как просил преподаватель.',
  ),
} satisfies Record<string, Localized>;
