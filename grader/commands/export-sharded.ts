/**
 * `gatelab export github-actions` and `gatelab export kubernetes`: the recipes for grading a class on several
 * machines of an engine the teacher has (grade-all --shard i/n on each, then gatelab merge). They print what was
 * written and what the teacher does next; the exporters are loaded on use, like the other exports.
 */
import { Option, type Command } from 'commander';
import path from 'node:path';
import { EXIT, UsageError } from '../shared/errors';
import { loadKitModule } from '../shared/kit';
import type { GithubActionsOptions, KubernetesOptions } from '../export';
import { langOption, numberFlag } from './options';

const exporters = () => loadKitModule<typeof import('../export')>(path.join(__dirname, '..', 'export', 'index.ts'));

/** A whole number flag; its range is the exporter's to check (it knows the engine's limit). */
const wholeFlag =
  (flag: string) =>
  (text: string): number => {
    const n = numberFlag(flag, text) ?? NaN;
    if (!Number.isInteger(n)) throw new UsageError(`${flag} "${text}" is not a whole number; write e.g. ${flag} 4`);
    return n;
  };

/** The exporter's options, as the command line gives them. */
export type GithubActionsExportCommandOptions = GithubActionsOptions;

export async function githubActionsExportCommand(o: GithubActionsExportCommandOptions): Promise<number> {
  const { exportGithubActions } = await exporters();
  const r = exportGithubActions(o);
  console.log(
    `wrote ${r.file}: copy .github/ into the course's private repository, with the submissions folder committed`,
  );
  console.log(
    `add the course secret as the repository secret ${o.secretName ?? 'GATELAB_SECRET'}, then run the workflow from the Actions tab`,
  );
  if (o.pages)
    console.log(
      '--pages: the reports go to the GitHub Pages site, which is public unless your plan restricts who may read it',
    );
  return EXIT.ok;
}

export type KubernetesExportCommandOptions = KubernetesOptions;

export async function kubernetesExportCommand(o: KubernetesExportCommandOptions): Promise<number> {
  const { exportKubernetes } = await exporters();
  const r = exportKubernetes(o);
  for (const file of r.files) console.log(`wrote ${file}`);
  console.log(
    r.sandbox === 'full'
      ? 'sandbox: full; the grading pods may create user namespaces (seccomp and AppArmor unconfined), so the namespace admits privileged pods'
      : 'sandbox: pod; grade-all runs with --allow-weak-sandbox pid,net: the pods are restricted, their own isolation stands in for those layers, and every report says so',
  );
  console.log(
    'next: build and push the image (Dockerfile), then apply the files in order; each file says how at its top',
  );
  return EXIT.ok;
}

export function defineShardedExportCommands(exportCmd: Command): void {
  exportCmd
    .command('github-actions')
    .description(
      "a workflow for the course's private repository: N runners grade a shard each, then one merges the reports",
    )
    .requiredOption('--shards <n>', 'how many runners grade the class (1 to 256)', wholeFlag('--shards'))
    .requiredOption('--out <dir>', 'where to write .github/workflows/gatelab-grade.yml')
    .option('--submissions <dir>', 'the submissions folder inside the repository', 'submissions')
    .option('--secret-name <name>', 'the repository secret that holds the course secret', 'GATELAB_SECRET')
    .option('--runs-on <label>', 'the runner label', 'ubuntu-24.04')
    .option('--pages', "also publish the reports on the repository's GitHub Pages site")
    .addOption(langOption())
    .action(async (o: GithubActionsExportCommandOptions) => {
      await githubActionsExportCommand(o);
    });
  exportCmd
    .command('kubernetes')
    .description("an Indexed Job that grades N shards with no network, a merge Job, and the grading image's Dockerfile")
    .requiredOption('--shards <n>', 'how many shards (pods) grade the class', wholeFlag('--shards'))
    .requiredOption('--out <dir>', 'where to write the manifests and the Dockerfile')
    .requiredOption(
      '--image <ref>',
      'the grading image in your private registry (built from the Dockerfile written here)',
    )
    .option('--namespace <name>', 'the namespace of every object', 'gatelab')
    .option('--secret-name <name>', 'the Kubernetes Secret with the key GATELAB_SECRET', 'gatelab-secret')
    .option('--storage <size>', "the shared volume's size", '20Gi')
    .option('--storage-class <name>', "a storage class that offers ReadWriteMany volumes (default: the cluster's)")
    .option('--parallelism <n>', 'shards graded at once (default: all)', wholeFlag('--parallelism'))
    .addOption(
      new Option(
        '--sandbox <mode>',
        'full: every sandbox layer, the pods may create namespaces; pod: restricted pods, whose isolation stands in for the pid and net layers',
      )
        .choices(['full', 'pod'])
        .default('full'),
    )
    .addOption(langOption())
    .action(async (o: KubernetesExportCommandOptions) => {
      await kubernetesExportCommand(o);
    });
}
