/**
 * The Kubernetes objects of `gatelab export kubernetes` (kubernetes.ts writes them): a namespace, the volume the
 * pods share (the submissions, the shards, the reports), a NetworkPolicy that gives every gatelab pod no network at
 * all, the Indexed Job that grades shard JOB_COMPLETION_INDEX + 1 of N in each pod, the merge Job, and a pod to
 * copy files onto and off the volume. Typed with the kubernetes-models interfaces (types only; the tests validate
 * the written objects against the Kubernetes OpenAPI schema with the same package).
 *
 * The sandbox and the pods (README, "Grading on several machines"):
 *   full  the grading pods run as uid 1000 with seccomp and AppArmor unconfined, so the sandbox can create its user,
 *         PID and network namespaces: every layer is in force, nothing is accepted missing. Pod Security: privileged.
 *   pod   the grading pods are "restricted" (RuntimeDefault seccomp, no capabilities): the sandbox has no namespaces,
 *         so grade-all is told --allow-weak-sandbox pid,net and every report says so; the pod's own PID namespace and
 *         the NetworkPolicy stand in for those two layers. The memory cap, Node's permission model and the
 *         parent-death signal stay in force.
 * Merging and copying files never run student code: those pods are restricted in both modes.
 */
import type { IJob } from 'kubernetes-models/batch/v1';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import type {
  IContainer,
  INamespace,
  IPersistentVolumeClaim,
  IPod,
  IPodSpec,
  ISecurityContext,
} from 'kubernetes-models/v1';
import type { Layer } from '../../sandbox';
import type { Lang } from '../../shared/results';
import { SECRET_ENV } from '../../shared/seed';
import { gradeCommand, mergeArgs } from './common';

export type SandboxMode = 'full' | 'pod';
/** The layers a restricted pod cannot give the sandbox, and that the pod's isolation stands in for. */
export const POD_REPLACES: readonly Layer[] = ['pid', 'net'];

export interface KubernetesSettings {
  shards: number;
  image: string;
  namespace: string;
  secretName: string;
  storage: string;
  storageClass?: string;
  parallelism: number;
  sandbox: SandboxMode;
  lang?: Lang;
}

export const NAMES = {
  claim: 'gatelab-work',
  policy: 'gatelab-no-network',
  grade: 'gatelab-grade',
  merge: 'gatelab-merge',
  files: 'gatelab-files',
} as const;
/** Where the kit is in the image (templates/kubernetes/Dockerfile) and the volume in every pod. */
const KIT = '/kit';
const WORK = '/work';
const GATELAB = ['node', `${KIT}/bin/gatelab.js`];
/** The image's user (node's official images call uid 1000 "node"). */
const UID = 1000;
const PART_OF = { 'app.kubernetes.io/part-of': 'gatelab' };

const labels = (component: string) => ({
  ...PART_OF,
  'app.kubernetes.io/name': 'gatelab',
  'app.kubernetes.io/component': component,
});

function containerSecurity(unconfined: boolean): ISecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    seccompProfile: { type: unconfined ? 'Unconfined' : 'RuntimeDefault' },
    ...(unconfined ? { appArmorProfile: { type: 'Unconfined' } } : {}),
  };
}

function podSpec(container: IContainer, restartPolicy: 'Never' | 'OnFailure' = 'Never'): IPodSpec {
  return {
    restartPolicy,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: { runAsUser: UID, runAsGroup: UID, fsGroup: UID, runAsNonRoot: true },
    containers: [
      {
        ...container,
        volumeMounts: [
          { name: 'work', mountPath: WORK },
          { name: 'tmp', mountPath: '/tmp' },
        ],
      },
    ],
    volumes: [
      { name: 'work', persistentVolumeClaim: { claimName: NAMES.claim } },
      { name: 'tmp', emptyDir: {} },
    ],
  };
}

export function namespace(s: KubernetesSettings): INamespace {
  // Pod Security admission: the grading pods of the full sandbox are "privileged" (unconfined seccomp).
  const level = s.sandbox === 'full' ? 'privileged' : 'restricted';
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: s.namespace, labels: { ...PART_OF, 'pod-security.kubernetes.io/enforce': level } },
  };
}

export function workVolume(s: KubernetesSettings): IPersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: NAMES.claim, namespace: s.namespace, labels: labels('storage') },
    spec: {
      // Shards run on several nodes at once: the volume must be mountable from all of them.
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: s.storage } },
      ...(s.storageClass ? { storageClassName: s.storageClass } : {}),
    },
  };
}

/** No ingress and no egress for every gatelab pod: both policy types, and no rule that allows anything. */
export function noNetwork(s: KubernetesSettings): INetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: NAMES.policy, namespace: s.namespace, labels: labels('network') },
    spec: { podSelector: { matchLabels: PART_OF }, policyTypes: ['Ingress', 'Egress'] },
  };
}

/** The script of a grading pod: shard i = JOB_COMPLETION_INDEX + 1 (Kubernetes counts from 0, --shard from 1). */
export function gradeScript(s: KubernetesSettings): string {
  const allowWeak = s.sandbox === 'pod' ? POD_REPLACES : undefined;
  const command = gradeCommand({
    gatelab: GATELAB,
    submissions: `${WORK}/submissions`,
    shards: `${WORK}/shards`,
    index: '$SHARD',
    count: s.shards,
    lang: s.lang,
    allowWeak,
  });
  // ${X:?…} stops the script when X is unset: arithmetic alone would read an unset index as 0, shard 1.
  return (
    [
      'set -eu',
      'SHARD=$((${JOB_COMPLETION_INDEX:?this pod is not one of an Indexed Job} + 1))',
      `exec ${command}`,
    ].join('\n') + '\n'
  );
}

export function gradeJob(s: KubernetesSettings): IJob {
  const container: IContainer = {
    name: 'grade',
    image: s.image,
    workingDir: KIT,
    command: ['sh', '-c', gradeScript(s)],
    env: [{ name: SECRET_ENV, valueFrom: { secretKeyRef: { name: s.secretName, key: SECRET_ENV } } }],
    resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '6Gi' } },
    securityContext: containerSecurity(s.sandbox === 'full'),
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: NAMES.grade, namespace: s.namespace, labels: labels('grade') },
    spec: {
      completionMode: 'Indexed',
      completions: s.shards,
      parallelism: s.parallelism,
      // A shard that failed is tried again on its own; the others keep their results (grade-all resumes).
      backoffLimitPerIndex: 2,
      template: { metadata: { labels: labels('grade') }, spec: podSpec(container) },
    },
  };
}

/** merge names every shard folder, so a shard that never finished is named in its one-line refusal. */
export function mergeJob(s: KubernetesSettings): IJob {
  const container: IContainer = {
    name: 'merge',
    image: s.image,
    workingDir: KIT,
    command: mergeArgs(GATELAB, `${WORK}/shards`, s.shards, `${WORK}/reports`),
    resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } },
    securityContext: containerSecurity(false),
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: NAMES.merge, namespace: s.namespace, labels: labels('merge') },
    spec: {
      completions: 1,
      backoffLimit: 1,
      template: { metadata: { labels: labels('merge') }, spec: podSpec(container) },
    },
  };
}

/** A pod that only waits, for `kubectl cp` of the submissions onto the volume and of the reports off it. */
export function filesPod(s: KubernetesSettings): IPod {
  const container: IContainer = {
    name: 'files',
    image: s.image,
    command: ['sleep', '86400'],
    securityContext: containerSecurity(false),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: NAMES.files, namespace: s.namespace, labels: labels('files') },
    spec: podSpec(container),
  };
}
