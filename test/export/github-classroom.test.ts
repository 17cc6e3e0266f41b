/**
 * `gatelab export github-classroom`: the workflow is read back with a small YAML reader of our own,
 * then its `run:` steps are run in order, as GitHub's runner would (`bash --noprofile --norc -eo
 * pipefail`), in a temporary copy of a student kit with GITHUB_STEP_SUMMARY pointing to a file.
 * The `uses:` actions (checkout, setup-node) and the install step are skipped: the copy links the
 * repository's node_modules instead of running `npm ci`.
 *
 * The kit is what a student gets: `gatelab release` into a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../grader/catalog';
import { exportGithubClassroom } from '../../grader/export';
import { PACKAGE_ROOT } from '../../grader/kit';
import { release } from '../../grader/release';
import { EXAMPLES, tempDir } from '../grader/helpers';
import { parseYamlSubset, type Yaml } from './yaml-subset';

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> };

const catalog = loadCatalog(PACKAGE_ROOT);

/** A freshly released student kit (`gatelab release`), with the repository's node_modules in place of `npm ci`. */
async function studentKit(): Promise<string> {
  const kit = path.join(tempDir('classroom-kit'), 'kit');
  await release({ kitRoot: PACKAGE_ROOT, out: kit });
  symlinkSync(path.join(PACKAGE_ROOT, 'node_modules'), path.join(kit, 'node_modules'));
  return kit;
}

function asMap(y: Yaml | undefined, what: string): Record<string, Yaml> {
  if (!y || typeof y !== 'object' || Array.isArray(y)) throw new Error(`${what} is not a mapping`);
  return y;
}

let workflowText: string;
let steps: Step[];
let teacher: string;

beforeAll(() => {
  const out = tempDir('classroom');
  const { files } = exportGithubClassroom({ kitRoot: PACKAGE_ROOT, out, lang: 'ru' });
  expect(files.map((f) => path.relative(out, f)).sort()).toEqual(['.github/workflows/gatelab.yml', 'TEACHER.md']);
  workflowText = readFileSync(path.join(out, '.github', 'workflows', 'gatelab.yml'), 'utf8');
  teacher = readFileSync(path.join(out, 'TEACHER.md'), 'utf8');
  const doc = asMap(parseYamlSubset(workflowText), 'the workflow');
  const job = asMap(asMap(doc.jobs, 'jobs').check, 'jobs.check');
  steps = job.steps as Step[];
});

/** Runs the workflow's run: steps in order, as the runner would; stops at the first step that fails. */
function runWorkflow(kit: string, vars: Record<string, string>) {
  const summary = path.join(tempDir('summary'), 'step-summary.md');
  writeFileSync(summary, '');
  const runnerTemp = tempDir('runner-temp');
  let stdout = '';
  let code = 0;
  for (const step of steps) {
    if (step.uses || step.run?.includes('npm ci')) continue;
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_STEP_SUMMARY: summary, RUNNER_TEMP: runnerTemp };
    for (const [key, value] of Object.entries(step.env ?? {})) {
      env[key] = value.replace(/\$\{\{\s*vars\.(\w+)\s*\}\}/g, (_, name: string) => vars[name] ?? '');
    }
    const script = path.join(runnerTemp, 'step.sh');
    writeFileSync(script, step.run ?? '');
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: kit, env, encoding: 'utf8', timeout: 170_000 });
    stdout += r.stdout + r.stderr;
    code = r.status ?? -1;
    if (code !== 0) break;
  }
  return { code, stdout, summary: readFileSync(summary, 'utf8') };
}

describe('gatelab export github-classroom', () => {
  it('writes a workflow with the expected steps: checkout, Node 20, install, the public checks in the chosen language', () => {
    const doc = asMap(parseYamlSubset(workflowText), 'the workflow');
    expect(Object.keys(asMap(doc.on, 'on'))).toContain('push');
    expect(asMap(doc.permissions, 'permissions')).toEqual({ contents: 'read' });
    const job = asMap(asMap(doc.jobs, 'jobs').check, 'jobs.check');
    expect(job['runs-on']).toBe('ubuntu-latest');
    expect(steps.map((s) => s.uses ?? 'run')).toEqual(['actions/checkout@v4', 'actions/setup-node@v4', 'run', 'run']);
    expect(steps[1].with).toEqual({ 'node-version': '20' });
    expect(steps[2].run).toMatch(/npm ci --no-audit --no-fund/);
    expect(steps[3].run).toContain('npx gatelab check --lang ru --format markdown');
    expect(steps[3].run).toContain('"$GITHUB_STEP_SUMMARY"');
    for (const step of steps.filter((s) => s.run)) {
      const syntax = spawnSync('bash', ['-n'], { input: step.run, encoding: 'utf8' });
      expect(syntax.stderr).toBe('');
      expect(syntax.status).toBe(0);
    }
  });

  it('TEACHER.md explains the template repository, the roster of clone URLs, collect and grade-all, in Russian and English', () => {
    expect(teacher).toMatch(/## Русский/);
    expect(teacher).toMatch(/## English/);
    for (const phrase of ['Template repository', 'id,name,repo', 'gatelab collect --roster roster.csv', `--deadline ${catalog.deadline}`, 'gatelab grade-all submissions', 'GATELAB_STRICT=1']) {
      expect(teacher.split(phrase).length - 1).toBeGreaterThanOrEqual(2);
    }
  });

  it('untouched stubs: the summary shows the progress table, the job passes with a warning; GATELAB_STRICT=1 fails it', async () => {
    const kit = await studentKit();
    try {
      const relaxed = runWorkflow(kit, {});
      expect(relaxed.stdout).toContain('::warning title=gatelab::');
      expect(relaxed.code).toBe(0);
      expect(relaxed.summary).toContain('| | Упражнение | Пройдено проверок | Баллы |');
      for (const exercise of catalog.exercises) {
        const publicChecks = exercise.checks.filter((c) => c.visibility === 'public');
        const publicPoints = publicChecks.reduce((s, c) => s + c.points, 0);
        expect(relaxed.summary).toContain(`| ❌ | ${exercise.id} · ${exercise.title.ru} | 0/${publicChecks.length} | 0/${publicPoints} |`);
      }
      expect(relaxed.summary).toMatch(/\*\*Первая проблема:\*\* 01-vanishing-gradient › /);

      const strict = runWorkflow(kit, { GATELAB_STRICT: '1' });
      expect(strict.code).toBe(1);
      expect(strict.summary).toContain('| | Упражнение | Пройдено проверок | Баллы |');
    } finally {
      rmSync(path.dirname(kit), { recursive: true, force: true });
    }
  }, 240_000);

  it('a solved kit: every row is ticked, the job passes with a notice', async () => {
    const kit = await studentKit();
    try {
      cpSync(path.join(EXAMPLES, 's01-perfect', 'exercises'), path.join(kit, 'exercises'), { recursive: true });
      const run = runWorkflow(kit, { GATELAB_STRICT: '1' });
      expect(run.stdout).toContain('::notice title=gatelab::');
      expect(run.code).toBe(0);
      for (const exercise of catalog.exercises) expect(run.summary).toContain(`| ✅ | ${exercise.id} · ${exercise.title.ru} |`);
      expect(run.summary).toContain('Все открытые проверки пройдены.');
    } finally {
      rmSync(path.dirname(kit), { recursive: true, force: true });
    }
  }, 240_000);

  it('a kit whose checks cannot run: the job fails and the summary says so', async () => {
    const kit = await studentKit();
    try {
      rmSync(path.join(kit, 'course.json'));
      const run = runWorkflow(kit, {});
      expect(run.code).toBe(2);
      expect(run.stdout).toContain('::error title=gatelab::');
      expect(run.summary).toMatch(/^### gatelab\n\nПроверки не удалось запустить/);
    } finally {
      rmSync(path.dirname(kit), { recursive: true, force: true });
    }
  }, 120_000);

  it('writes into an existing folder without touching other files', () => {
    const out = tempDir('classroom-existing');
    mkdirSync(path.join(out, '.github', 'workflows'), { recursive: true });
    writeFileSync(path.join(out, '.github', 'workflows', 'other.yml'), 'name: other\n');
    exportGithubClassroom({ kitRoot: PACKAGE_ROOT, out, lang: 'en' });
    expect(readFileSync(path.join(out, '.github', 'workflows', 'other.yml'), 'utf8')).toBe('name: other\n');
    expect(readFileSync(path.join(out, '.github', 'workflows', 'gatelab.yml'), 'utf8')).toContain('npx gatelab check --lang en --format markdown');
    expect(existsSync(path.join(out, 'TEACHER.md'))).toBe(true);
  });
});
