/**
 * Placement throughput: N nodes x 100 DaemonSets, as the cluster tree evaluates them.
 * Run with `node --import tsx bench/placement.ts [--runs 9] [--sizes 1000,5000,20000]`.
 * Target: 5,000 nodes x 100 DaemonSets in under 100 ms on a 2-core machine.
 */
import type { NodeInfo, PodTemplateSpec, Taint } from '../server/src/kube/types';
import { compileDaemonSet, nodeShouldRunDaemonPod, type CompiledDaemonSet } from '../server/src/kube/placement';

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A realistic mix: a few control planes, GPU and storage pools, spot nodes, some NotReady, cordoned or pressured. */
export function generateNodes(count: number, seed = 1): NodeInfo[] {
  const random = prng(seed);
  const nodes: NodeInfo[] = [];
  for (let i = 0; i < count; i++) {
    const controlPlane = i < 3;
    const name = controlPlane ? `cp-${i + 1}` : `node-${String(i).padStart(5, '0')}`;
    const os = !controlPlane && random() < 0.05 ? 'windows' : 'linux';
    const pool = controlPlane ? 'system' : pick(random, ['general', 'general', 'general', 'general', 'gpu', 'storage', 'spot', 'spot']);
    const labels: Record<string, string> = {
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': os,
      'kubernetes.io/arch': random() < 0.8 ? 'amd64' : 'arm64',
      'beta.kubernetes.io/os': os,
      'topology.kubernetes.io/zone': pick(random, ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']),
      'topology.kubernetes.io/region': 'eu-west-1',
      'node.kubernetes.io/instance-type': pick(random, ['m5.large', 'm5.xlarge', 'c5.2xlarge', 'p3.2xlarge', 'r5.large']),
      pool,
      'kernel-version': String(pick(random, [415, 510, 515, 601, 606])),
      team: pick(random, ['a', 'b', 'c', 'd']),
    };
    if (controlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
    if (pool === 'storage') labels.disktype = 'ssd';
    if (random() < 0.3) labels.disktype = labels.disktype ?? 'hdd';
    const taints: Taint[] = [];
    if (controlPlane) {
      taints.push({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' });
      if (i === 0) taints.push({ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' });
    }
    if (pool === 'gpu') taints.push({ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' });
    if (pool === 'spot') taints.push({ key: 'spot', value: 'true', effect: 'PreferNoSchedule' });
    if (os === 'windows') taints.push({ key: 'os', value: 'windows', effect: 'NoSchedule' });
    const state = random();
    if (state < 0.02) {
      taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' });
    } else if (state < 0.03) {
      taints.push({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' });
    } else if (state < 0.06) {
      taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
    } else if (state < 0.08) {
      taints.push({ key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' });
    } else if (state < 0.09) {
      taints.push({ key: 'dedicated', value: 'db', effect: 'NoExecute' });
    }
    nodes.push({ name, labels, taints });
  }
  return nodes;
}

const term = (...matchExpressions: { key: string; operator: string; values?: string[] }[]) => ({ matchExpressions });
const required = (...nodeSelectorTerms: object[]) => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } },
});

/** 100 pod templates cycling through the shapes real DaemonSets have. */
export function generateTemplates(count: number, seed = 2): PodTemplateSpec[] {
  const random = prng(seed);
  const shapes: (() => PodTemplateSpec['spec'])[] = [
    () => ({}),
    () => ({ nodeSelector: { 'kubernetes.io/os': 'linux' } }),
    () => ({ tolerations: [{ operator: 'Exists' }], hostNetwork: true }),
    () => ({ tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }], nodeSelector: { 'kubernetes.io/os': 'linux' } }),
    () => ({
      tolerations: [
        { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
      ],
    }),
    () => ({
      nodeSelector: { pool: 'gpu' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    }),
    () => ({ affinity: required(term({ key: 'topology.kubernetes.io/zone', operator: 'In', values: [pick(random, ['eu-west-1a', 'eu-west-1b'])] })) }),
    () => ({ affinity: required(term({ key: 'pool', operator: 'NotIn', values: ['spot', 'gpu'] })) }),
    () => ({
      affinity: required(
        term({ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }, { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }),
        term({ key: 'disktype', operator: 'Exists' }),
      ),
    }),
    () => ({ affinity: required(term({ key: 'kernel-version', operator: 'Gt', values: ['0509'] })) }),
    () => ({ nodeSelector: { disktype: 'ssd' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute', tolerationSeconds: 300 }] }),
    () => ({
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' },
      ],
      hostNetwork: true,
    }),
    () => ({ affinity: required(term({ key: 'team', operator: 'In', values: [pick(random, ['a', 'b', 'c', 'd'])] }), term({ key: 'pool', operator: 'DoesNotExist' })) }),
    () => ({ nodeSelector: { 'kubernetes.io/os': 'windows' }, tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }] }),
  ];
  const templates: PodTemplateSpec[] = [];
  for (let i = 0; i < count; i++) templates.push({ spec: shapes[i % shapes.length]!() });
  return templates;
}

function evaluateAll(nodes: readonly NodeInfo[], daemonSets: readonly CompiledDaemonSet[]): number {
  let running = 0;
  for (const ds of daemonSets) {
    for (const node of nodes) if (nodeShouldRunDaemonPod(node, ds).shouldRun) running++;
  }
  return running;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

export interface PlacementFigure {
  nodes: number;
  daemonSets: number;
  evaluations: number;
  /** Median ms, compilation included. */
  ms: number;
  compileMs: number;
  evaluationsPerSecond: number;
  shouldRunShare: number;
}

/** Median of `runs` (after one warm-up) for each node count, 100 DaemonSets, fresh compilations per run. */
export function measurePlacement(sizes: readonly number[], runs: number): PlacementFigure[] {
  const templates = generateTemplates(100);
  const figures: PlacementFigure[] = [];
  for (const size of sizes) {
    const nodes = generateNodes(size);
    // Fresh compilations per run: the failure-decision caches start empty each time, as for a new tree.
    const timings: number[] = [];
    const compileTimings: number[] = [];
    let running = 0;
    evaluateAll(nodes, templates.map((t) => compileDaemonSet(t))); // warm-up
    for (let run = 0; run < runs; run++) {
      const compileStart = process.hrtime.bigint();
      const compiled = templates.map((t) => compileDaemonSet(t));
      const start = process.hrtime.bigint();
      running = evaluateAll(nodes, compiled);
      const end = process.hrtime.bigint();
      compileTimings.push(Number(start - compileStart) / 1e6);
      timings.push(Number(end - compileStart) / 1e6);
    }
    const ms = median(timings);
    const evaluations = size * templates.length;
    figures.push({
      nodes: size,
      daemonSets: templates.length,
      evaluations,
      ms,
      compileMs: median(compileTimings),
      evaluationsPerSecond: evaluations / (ms / 1000),
      shouldRunShare: running / evaluations,
    });
  }
  return figures;
}

function main(): void {
  const argValue = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const runs = Number(argValue('--runs') ?? 9);
  const sizes = (argValue('--sizes') ?? '1000,5000,20000').split(',').map(Number);
  const rows: string[][] = [['nodes', 'daemonsets', 'evaluations', 'median ms', 'compile ms', 'evaluations/s', 'shouldRun']];
  for (const figure of measurePlacement(sizes, runs)) {
    rows.push([
      String(figure.nodes),
      String(figure.daemonSets),
      String(figure.evaluations),
      figure.ms.toFixed(1),
      figure.compileMs.toFixed(2),
      Math.round(figure.evaluationsPerSecond).toLocaleString('en-US'),
      `${(100 * figure.shouldRunShare).toFixed(0)}%`,
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
  console.log(`(median of ${runs} runs, compile included in "median ms"; node ${process.version})`);
}

if (require.main === module) main();
