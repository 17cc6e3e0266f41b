/**
 * `gatelab export github-classroom`: the workflow is read back with the same YAML library that wrote
 * it, then run as GitHub's runner would, in a temporary copy of a student kit: each `run:` step with
 * `bash --noprofile --norc -eo pipefail` and GITHUB_STEP_SUMMARY pointing to a file, and each
 * Classroom command-grader step the way that action scores it (its `command` in a shell: exit 0
 * earns `max-score`, anything else 0). checkout, setup-node, the reporter and the install step are
 * skipped: the copy links the repository's node_modules instead of running `npm ci`.
 *
 * The kit is what a student gets: `gatelab release` into a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadCatalog } from '../../grader/shared/catalog';
import { exportGithubClassroom } from '../../grader/export';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { release } from '../../grader/release';
import { EXAMPLES, tempDir } from '../grader/helpers';

type Step = {
  name?: string;
  id?: string;
  uses?: string;
  if?: string;
  run?: string;
  with?: Record<string, string | number>;
  env?: Record<string, string>;
};
type Workflow = {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { if?: string; 'runs-on': string; steps: Step[] }>;
};

const catalog = loadCatalog(PACKAGE_ROOT);
const COMMAND_GRADER = 'classroom-resources/autograding-command-grader@v1';
/** Public points per exercise, summed here from course.json's checks. */
const publicPoints = Object.fromEntries(
  catalog.exercises.map((e) => [
    e.id,
    e.checks.filter((c) => c.visibility === 'public').reduce((s, c) => s + c.points, 0),
  ]),
);

/** A freshly released student kit (`gatelab release`), with the repository's node_modules in place of `npm ci`. */
async function studentKit(): Promise<string> {
  const kit = path.join(tempDir('classroom-kit'), 'kit');
  await release({ kitRoot: PACKAGE_ROOT, out: kit });
  symlinkSync(path.join(PACKAGE_ROOT, 'node_modules'), path.join(kit, 'node_modules'));
  return kit;
}

let workflowText: string;
let workflow: Workflow;
let steps: Step[];
let teacher: string;

beforeAll(() => {
  const out = tempDir('classroom');
  const { files } = exportGithubClassroom({ kitRoot: PACKAGE_ROOT, out, lang: 'ru' });
  expect(files.map((f) => path.relative(out, f)).sort()).toEqual(['.github/workflows/gatelab.yml', 'TEACHER.md']);
  workflowText = readFileSync(path.join(out, '.github', 'workflows', 'gatelab.yml'), 'utf8');
  teacher = readFileSync(path.join(out, 'TEACHER.md'), 'utf8');
  workflow = YAML.parse(workflowText) as Workflow;
  steps = workflow.jobs['run-autograding-tests'].steps;
});

/**
 * Runs the workflow's steps in order, as the runner would; stops at the first run: step that fails.
 * `only` limits the grader steps to these exercises (each one runs the checks again).
 */
function runWorkflow(kit: string, vars: Record<string, string>, only?: string[]) {
  const summary = path.join(tempDir('summary'), 'step-summary.md');
  writeFileSync(summary, '');
  const runnerTemp = tempDir('runner-temp');
  let stdout = '';
  let code = 0;
  const points: Record<string, number> = {};
  const baseEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: runnerTemp,
  };
  for (const step of steps) {
    if (step.uses === COMMAND_GRADER) {
      const command = String(step.with?.command);
      if (only && !only.some((id) => command.includes(` ${id} `))) continue;
      const r = spawnSync('bash', ['-c', command], { cwd: kit, env: baseEnv, encoding: 'utf8', timeout: 300_000 });
      points[String(step.id)] = r.status === 0 ? Number(step.with?.['max-score']) : 0;
      continue;
    }
    if (step.uses || step.run?.includes('npm ci')) continue;
    const env: NodeJS.ProcessEnv = { ...baseEnv };
    for (const [key, value] of Object.entries(step.env ?? {})) {
      env[key] = value.replace(/\$\{\{\s*vars\.(\w+)\s*\}\}/g, (_, name: string) => vars[name] ?? '');
    }
    const script = path.join(runnerTemp, 'step.sh');
    writeFileSync(script, step.run ?? '');
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: kit,
      env,
      encoding: 'utf8',
      timeout: 300_000,
    });
    stdout += r.stdout + r.stderr;
    code = r.status ?? -1;
    if (code !== 0) break;
  }
  return { code, stdout, summary: readFileSync(summary, 'utf8'), points };
}

describe('gatelab export github-classroom', () => {
  it("has Classroom's triggers, permissions and first-commit guard, and every action at its current major", () => {
    expect(workflow.name).toBe('Autograding Tests');
    expect(Object.keys(workflow.on).sort()).toEqual(['push', 'repository_dispatch', 'workflow_dispatch']);
    expect(workflow.permissions).toEqual({ checks: 'write', actions: 'read', contents: 'read' });
    const job = workflow.jobs['run-autograding-tests'];
    expect(job['runs-on']).toBe('ubuntu-latest');
    expect(job.if).toBe("github.actor != 'github-classroom[bot]'");
    const graders = catalog.exercises.filter((e) => publicPoints[e.id] > 0).length;
    expect(steps.map((s) => s.uses ?? 'run')).toEqual([
      'actions/checkout@v7',
      'actions/setup-node@v7',
      'run',
      ...Array.from({ length: graders }, () => COMMAND_GRADER),
      'classroom-resources/autograding-grading-reporter@v1',
      'run',
    ]);
    expect(steps[1].with).toEqual({ 'node-version': 20 });
    expect(steps[2].run).toMatch(/npm ci --no-audit --no-fund/);
    expect(steps.at(-1)?.if).toBe('always()');
    expect(steps.at(-1)?.run).toContain('npx gatelab check --lang "$GATELAB_LANG" --format markdown');
    expect(steps.at(-1)?.env?.GATELAB_LANG).toBe('ru');
    for (const step of steps.filter((s) => s.run)) {
      const syntax = spawnSync('bash', ['-n'], { input: step.run, encoding: 'utf8' });
      expect(syntax.stderr).toBe('');
      expect(syntax.status).toBe(0);
    }
  });

  it("one command-grader step per exercise, worth the exercise's public points; the reporter reads every one of them", () => {
    const graders = steps.filter((s) => s.uses === COMMAND_GRADER);
    expect(graders.map((s) => [String(s.with?.command), s.with?.['max-score']])).toEqual(
      catalog.exercises.map((e) => [`npx gatelab check ${e.id} --lang ru`, publicPoints[e.id]]),
    );
    const ids = graders.map((s) => String(s.id));
    for (const id of ids) expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of graders) expect(s.with?.['test-name']).toBe(s.name);
    const reporter = steps[steps.length - 2];
    expect(reporter.with?.runners).toBe(ids.join(','));
    // The reporter finds runner r's result in the variable R_RESULTS (r in capitals).
    expect(reporter.env).toEqual(
      Object.fromEntries(ids.map((id) => [`${id.toUpperCase()}_RESULTS`, `\${{steps.${id}.outputs.result}}`])),
    );
  });

  it('TEACHER.md says what the dashboard shows and explains the template, the roster, collect and grade-all, in Russian and English', () => {
    expect(teacher).toMatch(/## Русский/);
    expect(teacher).toMatch(/## English/);
    const total = Object.values(publicPoints).reduce((a, b) => a + b, 0);
    expect(teacher).toContain(
      `the public checks' points only, ${total} of the course's ${catalog.exercises.reduce((sum, e) => sum + e.points, 0)}`,
    );
    expect(teacher).toContain(
      `только баллы открытых проверок, ${total} из ${catalog.exercises.reduce((sum, e) => sum + e.points, 0)}`,
    );
    for (const phrase of [
      'Template repository',
      'id,name,repo',
      'gatelab collect --roster roster.csv',
      `--deadline ${catalog.deadline}`,
      'gatelab grade-all submissions',
      'GATELAB_STRICT=1',
      'gatelab return reports',
    ]) {
      expect(teacher.split(phrase).length - 1).toBeGreaterThanOrEqual(2);
    }
    const lstmPublic = catalog.exercises
      .find((e) => e.id === '03-lstm-cell')!
      .checks.filter((c) => c.visibility === 'public')
      .map((c) => `\`${c.id}\``);
    expect(teacher).toContain(
      `| 03-lstm-cell: открытые проверки | ${lstmPublic.join(', ')} | ${publicPoints['03-lstm-cell']} |`,
    );
  });

  it('untouched stubs: the summary shows the progress table, the job passes with a warning; GATELAB_STRICT=1 fails it', async () => {
    const kit = await studentKit();
    try {
      const relaxed = runWorkflow(kit, {}, ['01-vanishing-gradient']);
      expect(relaxed.points).toEqual({ 'public-01-vanishing-gradient': 0 });
      expect(relaxed.stdout).toContain('::warning title=gatelab::');
      expect(relaxed.code).toBe(0);
      expect(relaxed.summary).toContain('| | Упражнение | Пройдено проверок | Баллы |');
      for (const exercise of catalog.exercises) {
        const publicChecks = exercise.checks.filter((c) => c.visibility === 'public');
        expect(relaxed.summary).toContain(
          `| ❌ | ${exercise.id} · ${exercise.title.ru} | 0/${publicChecks.length} | 0/${publicPoints[exercise.id]} |`,
        );
      }
      expect(relaxed.summary).toMatch(/\*\*Первая проблема:\*\* 01-vanishing-gradient › /);

      const strict = runWorkflow(kit, { GATELAB_STRICT: '1' }, []);
      expect(strict.code).toBe(1);
      expect(strict.summary).toContain('| | Упражнение | Пройдено проверок | Баллы |');
    } finally {
      rmSync(path.dirname(kit), { recursive: true, force: true });
    }
  });

  it('a solved kit: Classroom gets every public point, every row is ticked, the job passes with a notice', async () => {
    const kit = await studentKit();
    try {
      cpSync(path.join(EXAMPLES, 's01-perfect', 'exercises'), path.join(kit, 'exercises'), { recursive: true });
      const run = runWorkflow(kit, { GATELAB_STRICT: '1' });
      expect(run.points).toEqual(
        Object.fromEntries(catalog.exercises.map((e) => [`public-${e.id}`, publicPoints[e.id]])),
      );
      expect(run.stdout).toContain('::notice title=gatelab::');
      expect(run.code).toBe(0);
      for (const exercise of catalog.exercises)
        expect(run.summary).toContain(`| ✅ | ${exercise.id} · ${exercise.title.ru} |`);
      expect(run.summary).toContain('Все открытые проверки пройдены.');
    } finally {
      rmSync(path.dirname(kit), { recursive: true, force: true });
    }
  });

  it('a kit whose checks cannot run: the grader steps earn nothing, the job fails and the summary says so', async () => {
    const kit = await studentKit();
    try {
      rmSync(path.join(kit, 'course.json'));
      const run = runWorkflow(kit, {}, ['02-forget-gate']);
      expect(run.points).toEqual({ 'public-02-forget-gate': 0 });
      expect(run.code).toBe(2);
      expect(run.stdout).toContain('::error title=gatelab::');
      expect(run.summary).toMatch(/^### gatelab\n\nПроверки не удалось запустить/);
    } finally {
      rmSync(path.dirname(kit), { recursive: true, force: true });
    }
  });

  it('writes into an existing folder without touching other files', () => {
    const out = tempDir('classroom-existing');
    mkdirSync(path.join(out, '.github', 'workflows'), { recursive: true });
    writeFileSync(path.join(out, '.github', 'workflows', 'other.yml'), 'name: other\n');
    exportGithubClassroom({ kitRoot: PACKAGE_ROOT, out, lang: 'en' });
    expect(readFileSync(path.join(out, '.github', 'workflows', 'other.yml'), 'utf8')).toBe('name: other\n');
    const written = YAML.parse(readFileSync(path.join(out, '.github', 'workflows', 'gatelab.yml'), 'utf8')) as Workflow;
    expect(written.jobs['run-autograding-tests'].steps.at(-1)?.env?.GATELAB_LANG).toBe('en');
    expect(written.jobs['run-autograding-tests'].steps.find((s) => s.uses === COMMAND_GRADER)?.with?.command).toBe(
      'npx gatelab check 01-vanishing-gradient --lang en',
    );
    expect(existsSync(path.join(out, 'TEACHER.md'))).toBe(true);
  });
});
