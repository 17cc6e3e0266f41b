/**
 * `gatelab export kubernetes --shards N --image <ref>`: the recipe for grading a class on a Kubernetes cluster,
 * as files to `kubectl apply` in turn (the objects are built in kubernetes-objects.ts and written with the `yaml`
 * library), and the Dockerfile of the grading image:
 *
 *   gatelab-setup.yaml   the namespace, the shared volume, the NetworkPolicy (no network for any gatelab pod)
 *   gatelab-files.yaml   a pod for `kubectl cp`: the submissions onto the volume, the reports off it
 *   gatelab-grade.yaml   the Indexed Job: N pods, pod k grades shard k+1 of N with the secret from a Secret
 *   gatelab-merge.yaml   the merge Job, applied once the grading Job is complete
 *   Dockerfile, Dockerfile.dockerignore   the image: this course and its packages (templates/kubernetes/)
 */
import Handlebars from 'handlebars';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { writeFileAtomicSync } from '../../shared/atomic';
import { UsageError } from '../../shared/errors';
import { PACKAGE_ROOT } from '../../shared/kit';
import type { Lang } from '../../shared/results';
import { NODE_MAJOR } from '../gradescope/scripts';
import { checkShardCount } from './common';
import {
  filesPod,
  gradeJob,
  mergeJob,
  namespace,
  noNetwork,
  workVolume,
  type KubernetesSettings,
  type SandboxMode,
} from './kubernetes-objects';

/** The merge Job names every shard folder on its command line; more shards than this is not a class any more. */
export const MAX_SHARDS = 1000;
export const KUBERNETES_FILES = [
  'gatelab-setup.yaml',
  'gatelab-files.yaml',
  'gatelab-grade.yaml',
  'gatelab-merge.yaml',
  'Dockerfile',
  'Dockerfile.dockerignore',
] as const;

export interface KubernetesOptions {
  out: string;
  shards: number;
  image: string;
  namespace?: string;
  /** The Kubernetes Secret with the key GATELAB_SECRET (default gatelab-secret). */
  secretName?: string;
  storage?: string;
  storageClass?: string;
  parallelism?: number;
  sandbox?: SandboxMode;
  lang?: Lang;
}

/** A DNS-1123 label (namespaces) or subdomain (Secrets, storage classes), as the API server checks them. */
function checkName(flag: string, value: string, subdomain: boolean): string {
  const label = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
  const ok = subdomain
    ? new RegExp(`^${label}(\\.${label})*$`).test(value) && value.length <= 253
    : new RegExp(`^${label}$`).test(value) && value.length <= 63;
  if (!ok)
    throw new UsageError(
      `${flag} "${value}" is not a Kubernetes name (lower-case letters, digits and -${subdomain ? ', dots between parts' : ''}); write e.g. ${flag} gatelab`,
    );
  return value;
}

function settings(o: KubernetesOptions): KubernetesSettings {
  const shards = checkShardCount(o.shards, MAX_SHARDS, 'the merge Job names every shard folder');
  const parallelism = o.parallelism ?? shards;
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > shards) {
    throw new UsageError(
      `--parallelism ${parallelism} is not a whole number from 1 to --shards (${shards}); write e.g. --parallelism ${Math.min(4, shards)}`,
    );
  }
  const image = o.image.trim();
  if (!image || /\s/.test(image))
    throw new UsageError(
      `--image "${o.image}" is not an image reference; write e.g. --image registry.example.edu/course/gatelab:2026`,
    );
  const storage = o.storage ?? '20Gi';
  if (!/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.test(storage))
    throw new UsageError(`--storage "${storage}" is not a Kubernetes quantity; write e.g. --storage 20Gi`);
  return {
    shards,
    image,
    namespace: checkName('--namespace', o.namespace ?? 'gatelab', false),
    secretName: checkName('--secret-name', o.secretName ?? 'gatelab-secret', true),
    storage,
    storageClass: o.storageClass === undefined ? undefined : checkName('--storage-class', o.storageClass, true),
    parallelism,
    sandbox: o.sandbox ?? 'full',
    lang: o.lang,
  };
}

function yamlFile(comment: string[], objects: object[]): string {
  return objects
    .map((object, i) => {
      const doc = new YAML.Document(object);
      if (i === 0) doc.commentBefore = comment.map((line) => ` ${line}`).join('\n');
      return doc.toString({ lineWidth: 0 });
    })
    .join('---\n');
}

/** The four manifests to `kubectl apply` in turn, as file name → text, each opening with what to do with it. */
function manifestFiles(s: KubernetesSettings): [string, string][] {
  const sandbox =
    s.sandbox === 'full'
      ? 'Sandbox: full. The grading pods may create user namespaces (seccomp and AppArmor unconfined, uid 1000, no capabilities): every sandbox layer is in force.'
      : 'Sandbox: pod. The grading pods are restricted; grade-all runs with --allow-weak-sandbox pid,net, the pod and the NetworkPolicy stand in for those layers, and every report says so.';
  const apply = (file: string) => `kubectl apply -f ${file}`;
  return [
    [
      'gatelab-setup.yaml',
      yamlFile(
        [
          `Written by gatelab export kubernetes. ${apply('gatelab-setup.yaml')} first; then the Secret:`,
          `kubectl -n ${s.namespace} create secret generic ${s.secretName} --from-file=GATELAB_SECRET=<file with the course secret>`,
          'The volume must be ReadWriteMany (NFS, CephFS, a cloud file store) unless every pod runs on one node.',
          'NetworkPolicy needs a network plugin that enforces it (Calico, Cilium, …).',
        ],
        [namespace(s), workVolume(s), noNetwork(s)],
      ),
    ],
    [
      'gatelab-files.yaml',
      yamlFile(
        [
          `${apply('gatelab-files.yaml')}, then kubectl -n ${s.namespace} cp <submissions> gatelab-files:/work/submissions`,
          `after the merge: kubectl -n ${s.namespace} cp gatelab-files:/work/reports reports`,
        ],
        [filesPod(s)],
      ),
    ],
    [
      'gatelab-grade.yaml',
      yamlFile(
        [
          `${apply('gatelab-grade.yaml')}; then kubectl -n ${s.namespace} wait --for=condition=complete job/gatelab-grade --timeout=6h`,
          sandbox,
        ],
        [gradeJob(s)],
      ),
    ],
    [
      'gatelab-merge.yaml',
      yamlFile(
        [
          `${apply('gatelab-merge.yaml')} once gatelab-grade is complete; the reports are on the volume in /work/reports`,
        ],
        [mergeJob(s)],
      ),
    ],
  ];
}

/** The grading image's Dockerfile (from templates/kubernetes/, built from the folder `out` is written to) and its ignore file. */
function imageFiles(out: string): [string, string][] {
  const dockerfile = Handlebars.create().compile(
    readFileSync(path.join(PACKAGE_ROOT, 'templates', 'kubernetes', 'Dockerfile.hbs'), 'utf8'),
    { strict: true, noEscape: true },
  );
  return [
    [
      'Dockerfile',
      dockerfile({
        node: NODE_MAJOR,
        dockerfile: path.join(path.relative(process.cwd(), path.resolve(out)), 'Dockerfile'),
      }),
    ],
    [
      'Dockerfile.dockerignore',
      readFileSync(path.join(PACKAGE_ROOT, 'templates', 'kubernetes', 'Dockerfile.dockerignore'), 'utf8'),
    ],
  ];
}

/** File name → text. */
export function kubernetesRecipe(o: KubernetesOptions): Map<string, string> {
  const s = settings(o);
  return new Map([...manifestFiles(s), ...imageFiles(o.out)]);
}

export function exportKubernetes(o: KubernetesOptions): { files: string[]; sandbox: SandboxMode; namespace: string } {
  const recipe = kubernetesRecipe(o);
  const out = path.resolve(o.out);
  mkdirSync(out, { recursive: true });
  const files = [...recipe].map(([name, text]) => {
    writeFileAtomicSync(path.join(out, name), text);
    return path.join(out, name);
  });
  return { files, sandbox: o.sandbox ?? 'full', namespace: o.namespace ?? 'gatelab' };
}
