/** The student kit's README.md and README.ru.md: set up, the exercises, check / watch / hint, submit. */
import type { Catalog } from '../shared/catalog';
import type { Lang } from '../shared/results';

const TEXT = {
  en: {
    other: '*Русская версия: [README.ru.md](README.ru.md).*',
    kit: 'student kit',
    setup: 'Set up once',
    setupText: 'You need Node.js 20 or later. In this folder:',
    install: 'installs what the kit needs (a minute, once)',
    firstCheck: 'every check fails with "not implemented yet": that is the start',
    work: 'Your work',
    workText:
      'Each exercise has a folder in `exercises/`: the statement (`README.md`, in Russian `README.ru.md`), the file you fill in, public tests (`*.test.ts`) and their examples (`fixtures.json`). Do not edit the tests, the examples or the toolkit `exercises/lib/matrix.ts` (read it whole, you build on it): grading uses the kit\'s own copies of them.',
    head: ['exercise', 'folder', 'what you write', 'points'],
    loop: 'Check, watch, hints',
    check: 'a progress table over every exercise, and the first problem with a hint',
    checkOne: 'one exercise in detail (02-forget-gate works too)',
    watch: 'checks again every time you save a file; Ctrl-C to quit',
    hint: 'the next, more specific hint for the first failing check of 02',
    loopText:
      '`npx gatelab check 02` is the same as `npm run check -- 02`. Messages are in {language}, the course\'s language, unless you ask for another: `--lang en` for English, `--lang ru` for Russian (`npm run check -- 02 --lang en`). The Points column of `check` counts the public checks only; the table above gives what each exercise is worth in all, and each statement lists its public checks and how many hidden checks (and points) follow. `check` exits 0 when every public check passes and 1 otherwise. When your work is graded, the public checks run again on fresh examples, and hidden checks compare your results with the reference on cases drawn just for you. To try your own functions on the public examples, `loadFixtures(\'02\')` from `grader/student/fixtures.ts` reads them (the file\'s header shows how).',
    train: 'Training (exercise 05)',
    trainText: 'trains your forecaster with a progress bar and writes `model.json`, which you submit with your code',
    submit: 'Submit',
    submitCmd: 'your id from the course roster; it is remembered in submission.json',
    submitText: [
      '`submit` checks that every file you must hand in exists and compiles, runs the public checks once, and writes `submission.json`: your id, the kit version, the time, and the SHA-256 of every file you submit. Then:',
      '- if this folder is a git clone with a remote (GitHub Classroom, your course\'s server), it commits (`submit: <time>`) and pushes;',
      '- otherwise it packs `submission-<id>-<time>.tgz` and prints its path: hand in that file as your teacher asks.',
      'Submit as often as you like; the last submission before the deadline counts.',
    ],
    deadline: 'Deadline',
    languages: { en: 'English', ru: 'Russian' },
  },
  ru: {
    other: '*English version: [README.md](README.md).*',
    kit: 'комплект студента',
    setup: 'Подготовка (один раз)',
    setupText: 'Нужен Node.js 20 или новее. В этой папке:',
    install: 'устанавливает то, что нужно комплекту (около минуты, один раз)',
    firstCheck: 'все проверки падают с «ещё не реализована»: так и должно быть в начале',
    work: 'Ваша работа',
    workText:
      'У каждого упражнения своя папка в `exercises/`: условие (`README.ru.md`, по-английски `README.md`), файл, который вы заполняете, открытые тесты (`*.test.ts`) и их примеры (`fixtures.json`). Не меняйте тесты, примеры и набор инструментов `exercises/lib/matrix.ts` (прочитайте его целиком, вы на нём строите): при оценивании используются копии из комплекта.',
    head: ['упражнение', 'папка', 'что написать', 'баллы'],
    loop: 'Проверка, слежение, подсказки',
    check: 'таблица прогресса по всем упражнениям и первая проблема с подсказкой',
    checkOne: 'одно упражнение подробно (можно и 02-forget-gate)',
    watch: 'проверяет снова при каждом сохранении файла; Ctrl-C — выход',
    hint: 'следующая, более конкретная подсказка к первой непройденной проверке 02',
    loopText:
      '`npx gatelab check 02` — то же, что `npm run check -- 02`. Сообщения — {language}, на языке курса, если не попросить другой: `--lang en` — по-английски, `--lang ru` — по-русски (`npm run check -- 02 --lang en`). Столбец баллов в `check` учитывает только открытые проверки; сколько стоит каждое упражнение целиком, сказано в таблице выше, а в условии каждого упражнения перечислены его открытые проверки и сказано, сколько скрытых проверок (и баллов) добавится при оценивании. `check` завершается с кодом 0, если все открытые проверки пройдены, иначе с кодом 1. При оценивании открытые проверки запускаются снова на новых примерах, а скрытые сравнивают ваши результаты с эталоном на примерах, созданных лично для вас. Чтобы опробовать свои функции на открытых примерах, используйте `loadFixtures(\'02\')` из `grader/student/fixtures.ts` (как — показано в начале файла).',
    train: 'Обучение (упражнение 05)',
    trainText: 'обучает ваш прогнозист с индикатором прогресса и записывает `model.json`, который вы сдаёте вместе с кодом',
    submit: 'Сдача',
    submitCmd: 'ваш id из списка курса; он сохраняется в submission.json',
    submitText: [
      '`submit` проверяет, что все файлы, которые нужно сдать, на месте и компилируются, один раз запускает открытые проверки и записывает `submission.json`: ваш id, версию комплекта, время и SHA-256 каждого сдаваемого файла. Затем:',
      '- если эта папка — клон git-репозитория с удалённым репозиторием (GitHub Classroom, сервер курса), делает коммит (`submit: <время>`) и push;',
      '- иначе упаковывает `submission-<id>-<время>.tgz` и печатает путь к нему: сдайте этот файл так, как просит преподаватель.',
      'Сдавать можно сколько угодно раз; засчитывается последняя сдача до срока.',
    ],
    deadline: 'Срок сдачи',
    languages: { en: 'по-английски', ru: 'по-русски' },
  },
};

export function studentReadme(catalog: Catalog, lang: Lang, opts: { hasTrainScript: boolean }): string {
  const t = TEXT[lang];
  const rows = catalog.exercises.map((e) => `| ${e.id.slice(0, 2)} · ${e.title[lang]} | \`exercises/${e.id}/\` | ${e.modules.map((m) => `\`${m}\``).join(', ')}${(e.answers ?? []).map((a) => `, \`${a.file}\``).join('')} | ${e.points} |`);
  const total = catalog.exercises.reduce((s, e) => s + e.points, 0);
  const lines = [
    `# ${catalog.course[lang]}: ${t.kit}`,
    '',
    t.other,
    '',
    `## ${t.setup}`,
    '',
    t.setupText,
    '',
    '```sh',
    `npm install          # ${t.install}`,
    `npm run check        # ${t.firstCheck}`,
    '```',
    '',
    `## ${t.work}`,
    '',
    t.workText,
    '',
    `| ${t.head.join(' | ')} |`,
    `|${t.head.map(() => '---').join('|')}|`,
    ...rows,
    `| | | | ${total} |`,
    '',
    `${t.deadline}: ${catalog.deadline}.`,
    '',
    `## ${t.loop}`,
    '',
    '```sh',
    `npm run check             # ${t.check}`,
    `npm run check -- 02       # ${t.checkOne}`,
    `npm run watch             # ${t.watch}`,
    `npm run hint -- 02        # ${t.hint}`,
    '```',
    '',
    t.loopText.replace('{language}', t.languages[catalog.defaultLanguage]),
    '',
  ];
  if (opts.hasTrainScript) lines.push(`## ${t.train}`, '', '```sh', `npm run train             # ${t.trainText}`, '```', '');
  lines.push(`## ${t.submit}`, '', '```sh', `npm run submit -- --student <id>     # ${t.submitCmd}`, '```', '', ...t.submitText, '');
  return lines.join('\n');
}
