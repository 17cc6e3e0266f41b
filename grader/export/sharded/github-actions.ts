/**
 * `gatelab export github-actions --shards N`: a workflow for the teacher's private repository (this kit with its
 * solutions, and the submissions folder `gatelab collect` wrote, committed) that grades the class on N runners and
 * merges the shards:
 *
 *   grade    a matrix of N jobs; job i checks out the course, installs it, lets the sandbox create its user
 *            namespaces (Ubuntu runners restrict them by default: one sysctl, with the runner's sudo), runs
 *            `grade-all --shard i/N` with the course secret from the repository's secrets, and uploads the shard
 *            as the artifact gatelab-shard-i (hidden files included: the .input-hash files belong to the results)
 *   merge    needs every grade job; downloads the shards (pattern gatelab-shard-*, merged into shards/<i>),
 *            runs `gatelab merge`, and uploads the reports as the artifact gatelab-reports
 *   pages    (--pages only) publishes the reports on the repository's GitHub Pages site
 *
 * The workflow is built as an object and written with the `yaml` library.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { writeFileAtomicSync } from '../../shared/atomic';
import { UsageError } from '../../shared/errors';
import type { Lang } from '../../shared/results';
import { SECRET_ENV } from '../../shared/seed';
import { NODE_MAJOR } from '../gradescope/scripts';
import { checkRelativePath, checkShardCount, gradeCommand, mergeArgs, shellWord } from './common';

export const ACTIONS_WORKFLOW = path.join('.github', 'workflows', 'gatelab-grade.yml');
/** GitHub runs at most 256 jobs from one matrix. */
export const MAX_MATRIX = 256;
export const ACTIONS = {
  checkout: 'actions/checkout@v7',
  setupNode: 'actions/setup-node@v7',
  upload: 'actions/upload-artifact@v6',
  download: 'actions/download-artifact@v7',
  uploadPages: 'actions/upload-pages-artifact@v3',
  deployPages: 'actions/deploy-pages@v4',
} as const;
const SHARDS_DIR = 'shards';
/** The checkout's own command, never `npx gatelab`: npx could fall back to a registry package of that name. */
const GATELAB = ['node', 'bin/gatelab.js'];
const REPORTS_DIR = 'reports';
const USERNS_SYSCTL = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns';
/** Minutes a job may take: GitHub's own limit for hosted runners is 360. */
const GRADE_MINUTES = 180;
const MERGE_MINUTES = 60;

export interface GithubActionsOptions {
  out: string;
  shards: number;
  /** The submissions folder inside the repository (default `submissions`). */
  submissions?: string;
  /** The repository secret that holds the course secret (default GATELAB_SECRET). */
  secretName?: string;
  runsOn?: string;
  lang?: Lang;
  pages?: boolean;
}

type Step = Record<string, unknown>;

function installSteps(): Step[] {
  return [
    { name: 'Check out the course', uses: ACTIONS.checkout },
    { name: 'Set up Node', uses: ACTIONS.setupNode, with: { 'node-version': NODE_MAJOR, cache: 'npm' } },
    { name: 'Install the kit', run: 'npm ci --omit=dev --no-audit --no-fund' },
  ];
}

function gradeJob(
  o: Required<Omit<GithubActionsOptions, 'lang' | 'pages' | 'out'>> & { lang?: Lang },
): Record<string, unknown> {
  const shard = '${{ matrix.shard }}';
  return {
    name: `grade shard ${shard}/${o.shards}`,
    'runs-on': o.runsOn,
    'timeout-minutes': GRADE_MINUTES,
    strategy: { 'fail-fast': false, matrix: { shard: Array.from({ length: o.shards }, (_, i) => i + 1) } },
    steps: [
      ...installSteps(),
      // Ubuntu 24.04 lets only profiled programs create user namespaces; the sandbox's unshare needs one.
      {
        name: 'Let the sandbox create user namespaces',
        run: `if [ -e ${USERNS_SYSCTL} ]; then sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0; fi`,
      },
      {
        name: `Grade shard ${shard}/${o.shards}`,
        env: { [SECRET_ENV]: `\${{ secrets.${o.secretName} }}` },
        run: gradeCommand({
          gatelab: GATELAB,
          submissions: o.submissions,
          shards: SHARDS_DIR,
          index: shard,
          count: o.shards,
          lang: o.lang,
        }),
      },
      {
        name: 'Upload the shard',
        uses: ACTIONS.upload,
        with: {
          name: `gatelab-shard-${shard}`,
          path: SHARDS_DIR,
          'include-hidden-files': true,
          'if-no-files-found': 'error',
          'retention-days': 7,
        },
      },
    ],
  };
}

function mergeJob(o: { shards: number; runsOn: string; pages: boolean }): Record<string, unknown> {
  const steps: Step[] = [
    ...installSteps(),
    {
      name: 'Download the shards',
      uses: ACTIONS.download,
      with: { pattern: 'gatelab-shard-*', path: SHARDS_DIR, 'merge-multiple': true },
    },
    { name: 'Merge the shards', run: mergeArgs(GATELAB, SHARDS_DIR, o.shards, REPORTS_DIR).map(shellWord).join(' ') },
    {
      name: 'Upload the reports',
      uses: ACTIONS.upload,
      with: { name: 'gatelab-reports', path: REPORTS_DIR, 'include-hidden-files': true, 'retention-days': 30 },
    },
  ];
  if (o.pages)
    steps.push({ name: 'Package the reports for Pages', uses: ACTIONS.uploadPages, with: { path: REPORTS_DIR } });
  return { name: 'merge the shards', needs: 'grade', 'runs-on': o.runsOn, 'timeout-minutes': MERGE_MINUTES, steps };
}

function pagesJob(runsOn: string): Record<string, unknown> {
  return {
    name: 'publish the reports on GitHub Pages',
    needs: 'merge',
    'runs-on': runsOn,
    permissions: { pages: 'write', 'id-token': 'write' },
    environment: { name: 'github-pages', url: '${{ steps.deployment.outputs.page_url }}' },
    steps: [{ name: 'Deploy', id: 'deployment', uses: ACTIONS.deployPages }],
  };
}

/** GitHub's rule for secret names: letters, digits and _, not starting with a digit or GITHUB_. */
function checkSecretName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /^GITHUB_/i.test(name)) {
    throw new UsageError(
      `--secret-name "${name}" is not a name GitHub allows for a secret (letters, digits and _, not starting with a digit or GITHUB_); write e.g. --secret-name ${SECRET_ENV}`,
    );
  }
  return name;
}

export function githubActionsWorkflow(opts: GithubActionsOptions): string {
  const shards = checkShardCount(opts.shards, MAX_MATRIX, "GitHub's limit of jobs in one matrix");
  const runsOn = opts.runsOn ?? 'ubuntu-24.04';
  const submissions = checkRelativePath('--submissions', opts.submissions ?? 'submissions');
  const secretName = checkSecretName(opts.secretName ?? SECRET_ENV);
  const jobs: Record<string, unknown> = {
    grade: gradeJob({ shards, runsOn, submissions, secretName, lang: opts.lang }),
    merge: mergeJob({ shards, runsOn, pages: Boolean(opts.pages) }),
  };
  if (opts.pages) jobs.pages = pagesJob(runsOn);
  const doc = new YAML.Document({
    name: `gatelab: grade the class in ${shards} shard${shards > 1 ? 's' : ''}`,
    on: { workflow_dispatch: {} },
    permissions: { contents: 'read' },
    concurrency: { group: 'gatelab-grade', 'cancel-in-progress': false },
    jobs,
  });
  // The shard numbers on one line: [1, 2, 3] reads better than a list of up to 256 lines.
  (doc.getIn(['jobs', 'grade', 'strategy', 'matrix', 'shard'], true) as YAML.YAMLSeq).flow = true;
  doc.commentBefore = [
    ` Written by \`gatelab export github-actions --shards ${shards}\`: grades the class in ${submissions}/ on ${shards} runners`,
    ` (grade-all --shard i/${shards}), then merges the shards into the reports (artifact gatelab-reports).`,
    ` The course secret comes from the repository secret ${secretName}. Run it from the Actions tab.`,
    ...(opts.pages
      ? [' The pages job publishes the reports: a Pages site is public unless your plan restricts its access.']
      : []),
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

export function exportGithubActions(opts: GithubActionsOptions): { file: string } {
  const text = githubActionsWorkflow(opts);
  const file = path.join(path.resolve(opts.out), ACTIONS_WORKFLOW);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, text);
  return { file };
}
