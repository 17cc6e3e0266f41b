/**
 * `gatelab export github-classroom --out <dir>`: a GitHub Actions workflow for the students'
 * repositories, and the teacher's instructions (TEACHER.md, Russian and English).
 *
 * The workflow runs the public checks on every push and appends the progress table to the run's
 * summary page. The job stays green while checks still fail, with a warning annotation: students
 * push unfinished work for weeks, and GitHub emails the pusher about every failed run, which would
 * bury the one message that matters. A failure means the checks could not run at all. Teachers who
 * want a red commit status until every public check passes set the Actions variable
 * GATELAB_STRICT=1 (organisation or repository).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCatalog } from '../catalog';
import type { Lang } from '../results';

export const WORKFLOW_PATH = path.join('.github', 'workflows', 'gatelab.yml');
export const NODE_VERSION = 20;

const NOTICES = {
  en: {
    passed: 'All public checks pass. The hidden checks run when your work is graded.',
    failing: 'Some public checks do not pass yet: the table is on this run\'s Summary page.',
    broken: 'The checks could not run; read the log of the step ‘Run the public checks’.',
  },
  ru: {
    passed: 'Все открытые проверки пройдены. Скрытые проверки запускаются при оценивании.',
    failing: 'Часть открытых проверок пока не проходит: таблица на странице Summary этого запуска.',
    broken: 'Проверки не удалось запустить; смотрите журнал шага «Run the public checks».',
  },
};

export function workflowYaml(lang: Lang): string {
  const n = NOTICES[lang];
  return `# gatelab: the public checks on every push; the progress table goes to the run's Summary page.
# Written by \`gatelab export github-classroom\`. The job stays green while checks fail (with a
# warning), and fails only when the checks cannot run; set the Actions variable GATELAB_STRICT=1
# to make failing checks fail the job too.
name: gatelab check

on:
  push:
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: gatelab-\${{ github.ref }}
  cancel-in-progress: true

jobs:
  check:
    name: Public checks
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - name: Check out the work
        uses: actions/checkout@v4
      - name: Set up Node ${NODE_VERSION}
        uses: actions/setup-node@v4
        with:
          node-version: ${NODE_VERSION}
      - name: Install the kit
        run: |
          if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
      - name: Run the public checks
        env:
          GATELAB_STRICT: \${{ vars.GATELAB_STRICT }}
        run: |
          summary="\${RUNNER_TEMP:-/tmp}/gatelab-check.md"
          set +e
          npx gatelab check --lang ${lang} --format markdown > "$summary"
          code=$?
          set -e
          if [ -s "$summary" ]; then
            cat "$summary"
            cat "$summary" >> "$GITHUB_STEP_SUMMARY"
          else
            printf '### gatelab\\n\\n%s\\n' "${n.broken}" >> "$GITHUB_STEP_SUMMARY"
          fi
          case "$code" in
            0) echo "::notice title=gatelab::${n.passed}" ;;
            1)
              echo "::warning title=gatelab::${n.failing}"
              if [ "\${GATELAB_STRICT:-}" = "1" ]; then exit 1; fi
              ;;
            *)
              echo "::error title=gatelab::${n.broken}"
              exit "$code"
              ;;
          esac
`;
}

export function teacherGuide(opts: { deadline: string }): string {
  return `# GitHub Classroom · gatelab

[English below](#english)

## Русский

Студенты работают в своих репозиториях на GitHub; при каждом push GitHub Actions запускает открытые
проверки (\`npx gatelab check\`) и показывает таблицу прогресса на странице **Summary** запуска.
Оценку ставите вы, на своей машине, командами \`gatelab collect\` и \`gatelab grade-all\`: скрытые
проверки и секрет курса никогда не попадают к студентам.

1. **Комплект.** \`npx gatelab release --out kit\` — комплект студента. Затем экспортируйте
   workflow в отдельную папку и скопируйте его в комплект (TEACHER.md в комплект не кладите):

   \`\`\`sh
   npx gatelab export github-classroom --out classroom
   cp -r classroom/.github kit/
   \`\`\`
2. **Шаблон.** Опубликуйте \`kit/\` как новый репозиторий в организации курса и включите
   Settings → General → **Template repository**.
3. **Задание.** GitHub Classroom → New assignment → индивидуальное, приватные репозитории,
   starter code — этот шаблон. Встроенный autograding Classroom не нужен: workflow уже в репозитории.
   Каждый студент получит репозиторий \`<организация>/<префикс-задания>-<логин>\`.
4. **Что видит студент.** Вкладка Actions → запуск → Summary: таблица по упражнениям и первая
   проблема с подсказкой. Пока не все проверки проходят, запуск зелёный с предупреждением: GitHub
   пишет письмо о каждом упавшем запуске, а незаконченная работа — нормальное состояние. Красный
   запуск означает, что проверки не удалось запустить. Если вы хотите красный статус до полного
   прохождения, задайте переменную Actions \`GATELAB_STRICT=1\` (Settings → Secrets and variables →
   Actions → Variables) для организации или репозитория.
5. **Список класса** (\`roster.csv\`, столбцы \`id,name,repo[,extension_days]\`), по одной строке на
   студента, \`repo\` — адрес для клонирования:

   \`\`\`csv
   id,name,repo,extension_days
   ivanova,Анна Иванова,https://github.com/ORG/gatelab-ivanova.git,
   petrov,Пётр Петров,git@github.com:ORG/gatelab-petrov.git,2
   \`\`\`

   Из списка логинов: \`while read u; do echo "$u,$u,https://github.com/ORG/gatelab-$u.git,"; done < logins.txt\`
   (добавьте строку заголовка). Репозитории приватные: \`git\` на вашей машине должен иметь к ним
   доступ (например, \`gh auth login\` и \`gh auth setup-git\`, или SSH-ключ). Токены в список не пишите.
6. **В срок сдачи** (запустите точно в дедлайн, например из \`cron\` или \`at\`: так доказано, что
   взятый коммит был в репозитории к сроку):

   \`\`\`sh
   export GATELAB_SECRET='длинный случайный текст вне репозитория'
   npx gatelab collect --roster roster.csv --deadline ${opts.deadline} --into submissions [--late-window 3]
   npx gatelab grade-all submissions --out reports
   npx gatelab report reports      # после того как ассистент заполнит reports/<id>/manual.json
   \`\`\`

   Отчёт по классу — \`reports/index.html\`, журнал оценок — \`reports/gradebook.csv\`, отзыв
   каждому студенту — \`reports/<id>/feedback.html\`.

## English

Students work in their own GitHub repositories; on every push GitHub Actions runs the public checks
(\`npx gatelab check\`) and shows the progress table on the run's **Summary** page. You grade on
your own machine with \`gatelab collect\` and \`gatelab grade-all\`: the hidden checks and the course
secret never reach students.

1. **The kit.** \`npx gatelab release --out kit\` makes the student kit. Export the workflow into a
   separate folder and copy it into the kit (keep TEACHER.md out of the kit):

   \`\`\`sh
   npx gatelab export github-classroom --out classroom
   cp -r classroom/.github kit/
   \`\`\`
2. **The template.** Push \`kit/\` as a new repository in the course's organisation and tick
   Settings → General → **Template repository**.
3. **The assignment.** GitHub Classroom → New assignment → individual, private repositories, starter
   code: that template. Classroom's own autograding is not needed: the workflow is in the repository.
   Each student gets \`<organisation>/<assignment-prefix>-<username>\`.
4. **What students see.** Actions tab → the run → Summary: the table per exercise and the first
   problem with a hint. While checks still fail the run is green with a warning: GitHub emails about
   every failed run, and unfinished work is the normal state. A red run means the checks could not
   run. For a red status until every public check passes, set the Actions variable
   \`GATELAB_STRICT=1\` (Settings → Secrets and variables → Actions → Variables) on the organisation
   or the repository.
5. **The roster** (\`roster.csv\`, columns \`id,name,repo[,extension_days]\`), one row per student,
   \`repo\` being the clone URL:

   \`\`\`csv
   id,name,repo,extension_days
   ivanova,Anna Ivanova,https://github.com/ORG/gatelab-ivanova.git,
   petrov,Pyotr Petrov,git@github.com:ORG/gatelab-petrov.git,2
   \`\`\`

   From a list of usernames: \`while read u; do echo "$u,$u,https://github.com/ORG/gatelab-$u.git,"; done < logins.txt\`
   (add the header line). The repositories are private: \`git\` on your machine needs access to them
   (for example \`gh auth login\` then \`gh auth setup-git\`, or an SSH key). Never write tokens into the roster.
6. **At the deadline** (run it exactly at the deadline, e.g. from \`cron\` or \`at\`: that proves the
   commit taken was in the repository in time):

   \`\`\`sh
   export GATELAB_SECRET='a long random text kept outside the repository'
   npx gatelab collect --roster roster.csv --deadline ${opts.deadline} --into submissions [--late-window 3]
   npx gatelab grade-all submissions --out reports
   npx gatelab report reports      # after a TA fills in reports/<id>/manual.json
   \`\`\`

   The class report is \`reports/index.html\`, the grade book \`reports/gradebook.csv\`, and each
   student's feedback \`reports/<id>/feedback.html\`.
`;
}

export function exportGithubClassroom(opts: { kitRoot: string; out: string; lang?: Lang }): { files: string[] } {
  const catalog = loadCatalog(opts.kitRoot);
  const out = path.resolve(opts.out);
  const workflow = path.join(out, WORKFLOW_PATH);
  const guide = path.join(out, 'TEACHER.md');
  mkdirSync(path.dirname(workflow), { recursive: true });
  writeFileSync(workflow, workflowYaml(opts.lang ?? catalog.defaultLanguage));
  writeFileSync(guide, teacherGuide({ deadline: catalog.deadline }));
  return { files: [workflow, guide] };
}
