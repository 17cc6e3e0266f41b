/**
 * `gatelab export github-actions --shards N`: the workflow is read by GitHub's own parser
 * (@actions/workflow-parser, the schema and converter behind the Actions service's workflow files), which must
 * report no error, and then by YAML for what the recipe promises: a matrix of N grade jobs, each grading its shard
 * with the secret from the repository's secrets and uploading it, and a merge job that needs them all, downloads the
 * shards into one folder each, merges every one of them and uploads the reports.
 */
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { exportGithubActions, githubActionsWorkflow } from '../../grader/export';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { tempDir } from '../grader/helpers';

type Step = {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  id?: string;
};
type Job = {
  name: string;
  needs?: string;
  'runs-on': string;
  strategy?: { matrix: { shard: number[] } };
  steps: Step[];
  permissions?: Record<string, string>;
};
type Workflow = { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };

/** Every error GitHub's parser and converter find in a workflow file. */
async function githubErrors(text: string): Promise<string[]> {
  const parsed = parseWorkflow({ name: 'gatelab-grade.yml', content: text }, new NoOperationTraceWriter());
  if (parsed.value) await convertWorkflowTemplate(parsed.context, parsed.value);
  return parsed.context.errors.getErrors().map((e) => e.message);
}

const stepUsing = (job: Job, action: string) => job.steps.filter((s) => s.uses?.startsWith(`${action}@`));

describe('export github-actions', () => {
  it("passes GitHub's parser, for one shard, three, the most a matrix takes, and with Pages", async () => {
    for (const options of [
      { shards: 1 },
      { shards: 3, lang: 'ru' as const },
      { shards: 256 },
      { shards: 2, pages: true, secretName: 'COURSE_SECRET', submissions: 'term/submissions' },
    ]) {
      expect([options, await githubErrors(githubActionsWorkflow({ out: '.', ...options }))]).toEqual([options, []]);
    }
  });

  it('the parser is not blind: a job that needs a job that is not there, or a secret in a job name, is an error', async () => {
    const doc = YAML.parse(githubActionsWorkflow({ out: '.', shards: 3 })) as Workflow;
    expect(
      await githubErrors(
        YAML.stringify({ ...doc, jobs: { ...doc.jobs, merge: { ...doc.jobs.merge, needs: 'grading' } } }),
      ),
    ).toEqual([expect.stringMatching(/grading/)]);
    expect(
      await githubErrors(
        YAML.stringify({
          ...doc,
          jobs: { ...doc.jobs, grade: { ...doc.jobs.grade, name: '${{ secrets.GATELAB_SECRET }}' } },
        }),
      ),
    ).toEqual([expect.stringMatching(/secrets/)]);
  });

  it('grades shard i of N in matrix job i with the repository secret, and uploads it with its hidden files', () => {
    const wf = YAML.parse(
      githubActionsWorkflow({ out: '.', shards: 4, secretName: 'COURSE_SECRET', lang: 'en' }),
    ) as Workflow;
    expect(Object.keys(wf.on)).toEqual(['workflow_dispatch']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    const grade = wf.jobs.grade;
    expect(grade.strategy?.matrix.shard).toEqual([1, 2, 3, 4]);
    const run = grade.steps.find((s) => s.run?.includes('grade-all'));
    expect(run?.run).toBe(
      'node bin/gatelab.js grade-all submissions --out shards/${{ matrix.shard }} --shard ${{ matrix.shard }}/4 --lang en',
    );
    expect(run?.env).toEqual({ GATELAB_SECRET: '${{ secrets.COURSE_SECRET }}' });
    // The secret reaches the grading step only.
    expect(JSON.stringify(wf).match(/secrets\./g)).toHaveLength(1);
    const [upload] = stepUsing(grade, 'actions/upload-artifact');
    expect(upload.uses).toBe('actions/upload-artifact@v6');
    expect(upload.with).toMatchObject({
      name: 'gatelab-shard-${{ matrix.shard }}',
      path: 'shards',
      'include-hidden-files': true,
      'if-no-files-found': 'error',
    });
    // The sandbox's user namespaces: Ubuntu's restriction is lifted before grading.
    const names = grade.steps.map((s) => s.run ?? s.uses ?? '');
    expect(names.findIndex((s) => s.includes('apparmor_restrict_unprivileged_userns=0'))).toBeLessThan(
      names.findIndex((s) => s.includes('grade-all')),
    );
  });

  it('merges after every shard: one folder per shard artifact, every shard named, the reports uploaded', () => {
    const wf = YAML.parse(githubActionsWorkflow({ out: '.', shards: 3 })) as Workflow;
    const merge = wf.jobs.merge;
    expect(merge.needs).toBe('grade');
    const [download] = stepUsing(merge, 'actions/download-artifact');
    expect(download.uses).toBe('actions/download-artifact@v7');
    // Each artifact holds shards/<i>/ from its job, so merged into one path they give shards/1 … shards/N.
    expect(download.with).toEqual({ pattern: 'gatelab-shard-*', path: 'shards', 'merge-multiple': true });
    expect(merge.steps.find((s) => s.run?.includes(' merge '))?.run).toBe(
      'node bin/gatelab.js merge shards/1 shards/2 shards/3 --out reports',
    );
    expect(stepUsing(merge, 'actions/upload-artifact').map((s) => s.with?.path)).toEqual(['reports']);
    expect(wf.jobs.pages).toBeUndefined();
    const pages = (YAML.parse(githubActionsWorkflow({ out: '.', shards: 3, pages: true })) as Workflow).jobs.pages;
    expect(pages.needs).toBe('merge');
    expect(pages.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
  });

  it('quotes a submissions folder the shell would split', () => {
    const wf = YAML.parse(githubActionsWorkflow({ out: '.', shards: 2, submissions: "term 1/o'brien" })) as Workflow;
    const run = wf.jobs.grade.steps.find((s) => s.run?.includes('grade-all'))?.run ?? '';
    const words = spawnSync('bash', ['-c', `printf '%s\\n' ${run.replace(/\$\{\{ matrix\.shard \}\}/g, '2')}`], {
      encoding: 'utf8',
    })
      .stdout.trim()
      .split('\n');
    expect(words.slice(0, 8)).toEqual([
      'node',
      'bin/gatelab.js',
      'grade-all',
      "term 1/o'brien",
      '--out',
      'shards/2',
      '--shard',
      '2/2',
    ]);
  });

  it('bad options: one line each, exit 2, nothing written', () => {
    expect(() => githubActionsWorkflow({ out: '.', shards: 257 })).toThrow(
      /^--shards 257 is not a whole number from 1 to 256 \(GitHub's limit of jobs in one matrix\)/,
    );
    expect(() => githubActionsWorkflow({ out: '.', shards: 2, secretName: 'GITHUB_TOKEN' })).toThrow(
      /--secret-name "GITHUB_TOKEN" is not a name GitHub allows/,
    );
    expect(() => githubActionsWorkflow({ out: '.', shards: 2, submissions: '../elsewhere' })).toThrow(
      /--submissions "\.\.\/elsewhere" must be a folder inside the repository/,
    );
    const out = tempDir('gha');
    const r = spawnSync(
      process.execPath,
      [path.join(PACKAGE_ROOT, 'bin', 'gatelab.js'), 'export', 'github-actions', '--shards', '0', '--out', out],
      { encoding: 'utf8', timeout: 300_000 },
    );
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      "gatelab: --shards 0 is not a whole number from 1 to 256 (GitHub's limit of jobs in one matrix); write e.g. --shards 4",
    );
    expect(existsSync(path.join(out, '.github'))).toBe(false);
    const { file } = exportGithubActions({ out, shards: 2 });
    expect(file).toBe(path.join(out, '.github', 'workflows', 'gatelab-grade.yml'));
    expect(readFileSync(file, 'utf8')).toBe(githubActionsWorkflow({ out, shards: 2 }));
  });
});
