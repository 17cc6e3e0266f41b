/**
 * `gatelab export kubernetes --shards N`: every object written is validated against the Kubernetes OpenAPI
 * schema (kubernetes-models), and checked for what the recipe promises: an Indexed Job of N completions whose pod k
 * grades shard k+1 (the pod's shell script is run here with a stand-in `node` that prints what it was given), the
 * secret from a Secret, no network for any gatelab pod, one shared volume, a merge Job that names every shard. And
 * the sandbox choice is explicit: full (every layer, pods that may create namespaces) or pod (restricted pods that
 * meet Pod Security's "restricted" rules, written out below, with --allow-weak-sandbox pid,net).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Namespace, PersistentVolumeClaim, Pod, type IContainer, type IPodSpec } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { exportKubernetes, kubernetesRecipe, type KubernetesOptions } from '../../grader/export';
import { parseAcceptance } from '../../grader/sandbox';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { tempDir } from '../grader/helpers';

const IMAGE = 'registry.example.edu/course/gatelab:2026';
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  Namespace,
  PersistentVolumeClaim,
  NetworkPolicy,
  Job,
  Pod,
};

type K8sObject = {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
};

/** Every object of every YAML file of the recipe, by file. */
function objects(options: Omit<KubernetesOptions, 'out' | 'image'>): Map<string, K8sObject[]> {
  const recipe = kubernetesRecipe({ out: 'k8s', image: IMAGE, ...options });
  return new Map(
    [...recipe]
      .filter(([name]) => name.endsWith('.yaml'))
      .map(([name, text]) => [name, YAML.parseAllDocuments(text).map((d) => d.toJS() as K8sObject)]),
  );
}

const all = (options: Omit<KubernetesOptions, 'out' | 'image'>) => [...objects(options).values()].flat();
const one = (list: K8sObject[], kind: string, name?: string) =>
  list.find((o) => o.kind === kind && (!name || o.metadata.name === name)) as K8sObject;
const podOf = (job: K8sObject) => job.spec.template as { metadata: { labels: Record<string, string> }; spec: IPodSpec };
/** A Pod object as its template would be: labels and spec. */
const asTemplate = (pod: K8sObject) => ({
  metadata: { labels: pod.metadata.labels ?? {} },
  spec: pod.spec as unknown as IPodSpec,
});
const container = (spec: IPodSpec) => spec.containers[0] as IContainer;

/** Pod Security Standards, "restricted" profile (kubernetes.io/docs/concepts/security/pod-security-standards). */
function restrictedViolations(spec: IPodSpec): string[] {
  const problems: string[] = [];
  const pod = spec.securityContext ?? {};
  for (const c of spec.containers) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) problems.push('privileged');
    if (sc.allowPrivilegeEscalation !== false) problems.push('allowPrivilegeEscalation must be false');
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push('capabilities must drop ALL');
    if ((sc.capabilities?.add ?? []).some((cap) => cap !== 'NET_BIND_SERVICE')) problems.push('capabilities added');
    if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) problems.push('runAsNonRoot must be true');
    if ((sc.runAsUser ?? pod.runAsUser) === 0) problems.push('runAsUser 0');
    const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`seccomp ${seccomp}`);
    if (sc.appArmorProfile?.type === 'Unconfined' || pod.appArmorProfile?.type === 'Unconfined')
      problems.push('AppArmor unconfined');
  }
  for (const v of spec.volumes ?? []) if (!v.persistentVolumeClaim && !v.emptyDir) problems.push(`volume ${v.name}`);
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) problems.push('host namespaces');
  return problems;
}

describe('export kubernetes', () => {
  it('every object passes the Kubernetes OpenAPI schema, in both sandbox modes and for one shard or many', () => {
    for (const options of [
      { shards: 1 },
      { shards: 8, sandbox: 'pod' as const, parallelism: 3, storageClass: 'nfs-client', lang: 'ru' as const },
      { shards: 1000, namespace: 'course-2026', secretName: 'course.secret' },
    ]) {
      const list = all(options);
      expect(list.map((o) => o.kind).sort()).toEqual([
        'Job',
        'Job',
        'Namespace',
        'NetworkPolicy',
        'PersistentVolumeClaim',
        'Pod',
      ]);
      for (const object of list) expect(() => new MODELS[object.kind](object as never).validate()).not.toThrow();
    }
    // The schema is not blind: a Job that is not Indexed the way Kubernetes spells it is refused.
    const job = one(all({ shards: 2 }), 'Job', 'gatelab-grade');
    expect(() => new Job({ ...job, spec: { ...job.spec, completionMode: 'indexed' } } as never).validate()).toThrow(
      /completionMode/,
    );
  });

  it('an Indexed Job of N shards: pod k grades shard k+1 of N with the secret from the Secret', () => {
    const list = all({ shards: 5, parallelism: 2, secretName: 'course-secret' });
    const job = one(list, 'Job', 'gatelab-grade');
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 5, parallelism: 2 });
    const grade = container(podOf(job).spec);
    expect(grade.env).toEqual([
      { name: 'GATELAB_SECRET', valueFrom: { secretKeyRef: { name: 'course-secret', key: 'GATELAB_SECRET' } } },
    ]);
    // The pod's script, run by a shell as Kubernetes runs it, with a stand-in node that prints its arguments.
    const bin = tempDir('fake-node');
    writeFileSync(path.join(bin, 'node'), '#!/bin/sh\nprintf "%s\\n" "$@"\n');
    chmodSync(path.join(bin, 'node'), 0o755);
    const [sh, flag, script] = grade.command ?? [];
    expect([sh, flag]).toEqual(['sh', '-c']);
    for (const index of [0, 4]) {
      const r = spawnSync(sh, [flag, script], {
        encoding: 'utf8',
        env: { PATH: `${bin}:/usr/bin:/bin`, JOB_COMPLETION_INDEX: String(index) },
      });
      expect(r.stdout.trim().split('\n')).toEqual([
        '/kit/bin/gatelab.js',
        'grade-all',
        '/work/submissions',
        '--out',
        `/work/shards/${index + 1}`,
        '--shard',
        `${index + 1}/5`,
      ]);
    }
    // Without the index (not an Indexed Job's pod) the script stops rather than grade a wrong shard.
    expect(spawnSync(sh, [flag, script], { env: { PATH: `${bin}:/usr/bin:/bin` } }).status).not.toBe(0);
  });

  it('no network for any gatelab pod, one shared volume, and a merge that names every shard', () => {
    const list = all({ shards: 3 });
    const policy = one(list, 'NetworkPolicy');
    const selector = (policy.spec.podSelector as { matchLabels: Record<string, string> }).matchLabels;
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress).toBeUndefined();
    expect(policy.spec.egress).toBeUndefined();
    const pods = [
      podOf(one(list, 'Job', 'gatelab-grade')),
      podOf(one(list, 'Job', 'gatelab-merge')),
      asTemplate(one(list, 'Pod')),
    ];
    const claim = one(list, 'PersistentVolumeClaim');
    expect(claim.spec.accessModes).toEqual(['ReadWriteMany']);
    for (const pod of pods) {
      expect(pod.metadata.labels).toMatchObject(selector);
      expect(pod.spec.volumes?.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName).toBe(
        claim.metadata.name,
      );
      expect(container(pod.spec).volumeMounts).toContainEqual({ name: 'work', mountPath: '/work' });
      expect(pod.spec.automountServiceAccountToken).toBe(false);
    }
    const merge = container(pods[1].spec);
    expect(merge.command).toEqual([
      'node',
      '/kit/bin/gatelab.js',
      'merge',
      '/work/shards/1',
      '/work/shards/2',
      '/work/shards/3',
      '--out',
      '/work/reports',
    ]);
    expect(merge.env).toBeUndefined();
  });

  it('the sandbox choice: full gives every layer, pod is restricted and accepts only what the pod replaces', () => {
    const full = all({ shards: 2, sandbox: 'full' });
    const fullGrade = podOf(one(full, 'Job', 'gatelab-grade')).spec;
    expect(container(fullGrade).securityContext).toMatchObject({
      seccompProfile: { type: 'Unconfined' },
      appArmorProfile: { type: 'Unconfined' },
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container(fullGrade).command?.[2]).not.toContain('--allow-weak-sandbox');
    expect(one(full, 'Namespace').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');

    const pod = all({ shards: 2, sandbox: 'pod' });
    const podGrade = podOf(one(pod, 'Job', 'gatelab-grade')).spec;
    expect(restrictedViolations(podGrade)).toEqual([]);
    const accepted = /--allow-weak-sandbox (\S+)/.exec(container(podGrade).command?.[2] ?? '')?.[1] ?? '';
    expect(parseAcceptance(accepted)).toEqual(['pid', 'net']);
    expect(one(pod, 'Namespace').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    // Merging and copying files run no student code: restricted whatever the mode.
    for (const list of [full, pod]) {
      expect(restrictedViolations(podOf(one(list, 'Job', 'gatelab-merge')).spec)).toEqual([]);
      expect(restrictedViolations(asTemplate(one(list, 'Pod')).spec)).toEqual([]);
    }
    // The check above can fail: the full sandbox's grading pod is not restricted.
    expect(restrictedViolations(fullGrade)).toEqual(['seccomp Unconfined', 'AppArmor unconfined']);
  });

  it('writes the manifests and the image Dockerfile; bad options are one line, exit 2, nothing written', () => {
    expect(() => kubernetesRecipe({ out: 'k8s', image: IMAGE, shards: 0 })).toThrow(
      /^--shards 0 is not a whole number from 1 to 1000/,
    );
    expect(() => kubernetesRecipe({ out: 'k8s', image: IMAGE, shards: 3, parallelism: 4 })).toThrow(
      /^--parallelism 4 is not a whole number from 1 to --shards \(3\)/,
    );
    expect(() => kubernetesRecipe({ out: 'k8s', image: IMAGE, shards: 3, namespace: 'Gatelab' })).toThrow(
      /^--namespace "Gatelab" is not a Kubernetes name/,
    );
    expect(() => kubernetesRecipe({ out: 'k8s', image: IMAGE, shards: 3, storage: 'lots' })).toThrow(
      /^--storage "lots" is not a Kubernetes quantity/,
    );
    expect(() => kubernetesRecipe({ out: 'k8s', image: ' ', shards: 3 })).toThrow(
      /^--image " " is not an image reference/,
    );

    const out = tempDir('k8s');
    const cli = spawnSync(
      process.execPath,
      [
        path.join(PACKAGE_ROOT, 'bin', 'gatelab.js'),
        'export',
        'kubernetes',
        '--shards',
        '3',
        '--out',
        out,
        '--image',
        IMAGE,
        '--sandbox',
        'none',
      ],
      { encoding: 'utf8', timeout: 300_000 },
    );
    expect(cli.status).toBe(2);
    expect(cli.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(path.join(out, 'gatelab-grade.yaml'))).toBe(false);

    const r = exportKubernetes({ out, image: IMAGE, shards: 3 });
    expect(r.files.map((f) => path.basename(f))).toEqual([
      'gatelab-setup.yaml',
      'gatelab-files.yaml',
      'gatelab-grade.yaml',
      'gatelab-merge.yaml',
      'Dockerfile',
      'Dockerfile.dockerignore',
    ]);
    const dockerfile = readFileSync(path.join(out, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20-/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/install .*util-linux/);
    expect(readFileSync(path.join(out, 'Dockerfile.dockerignore'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['submissions', 'reports', 'node_modules']),
    );
  });
});
