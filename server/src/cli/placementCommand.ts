/**
 * `daemonset-check placement FILES... (--nodes NODES_FILE | --context NAME | current context) [--format text|json]`:
 * for every DaemonSet in FILES, which nodes it runs on and why not on the others (DESIGN.md contract).
 */
import type { CliIo } from './io';
import { ExitCode } from './io';
import type { DaemonSet, NodeInfo } from '../kube/types';
import { isRecord, listedObjects } from '../kube/coerce';
import { compileDaemonSet, type PlacementOptions } from '../kube/placement';
import { formatSummaryLine, summarizePlacement, type PlacementSummary } from '../kube/placementSummary';
import { DEFAULT_CLUSTER_TIMEOUT_MS, InputError, readNodesFile, readNodesFromCluster, readYamlDocuments } from './nodeSource';
import { ansi, renderTable, type Cell } from './table';

export const placementUsage = `usage: daemonset-check placement FILES... [--nodes NODES_FILE | --context NAME] [--format text|json]

  FILES        YAML (multi-document, kind: List) or JSON manifests; their DaemonSets are placed.
  --nodes F    nodes from a file: kubectl get nodes -o json|yaml, a Node, or YAML documents of Nodes.
  --context N  nodes from kube context N (default: the current context, when --nodes is not given).
  --format     text (default) or json.
  --feature-gates TaintTolerationComparisonOperators=true
               evaluate toleration operators Lt/Gt (alpha in Kubernetes 1.35, off by default).
`;

/** The DaemonSet apiVersions placement reads. */
export const DAEMONSET_API_VERSIONS: ReadonlySet<string> = new Set(['apps/v1', 'apps/v1beta2', 'extensions/v1beta1']);

class UsageProblem extends Error {}

interface PlacementArgs {
  files: string[];
  nodesFile?: string;
  context?: string;
  format: 'text' | 'json';
  options: PlacementOptions;
  help: boolean;
}

function parseArgs(args: readonly string[]): PlacementArgs {
  const parsed: PlacementArgs = { files: [], format: 'text', options: {}, help: false };
  let onlyFiles = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (onlyFiles || !arg.startsWith('-') || arg === '-') {
      parsed.files.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyFiles = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') {
      parsed.help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string => {
      if (eq >= 0) return arg.slice(eq + 1);
      const value = args[++i];
      if (value === undefined || value === '') throw new UsageProblem(`${name} needs a value`);
      return value;
    };
    switch (name) {
      case '--nodes':
        parsed.nodesFile = takeValue();
        break;
      case '--context':
        parsed.context = takeValue();
        break;
      case '--format': {
        const format = takeValue();
        if (format !== 'text' && format !== 'json') throw new UsageProblem(`--format must be text or json, not '${format}'`);
        parsed.format = format;
        break;
      }
      case '--feature-gates':
        for (const gate of takeValue().split(',')) {
          const [gateName, value = 'true'] = gate.split('=');
          if (gateName !== 'TaintTolerationComparisonOperators') throw new UsageProblem(`unknown feature gate '${gateName}'`);
          parsed.options.tolerationComparisonOperators = value === 'true';
        }
        break;
      default:
        throw new UsageProblem(`unknown option '${name}'`);
    }
  }
  if (parsed.help) return parsed;
  if (parsed.files.length === 0) throw new UsageProblem('no manifest files given');
  if (parsed.nodesFile !== undefined && parsed.context !== undefined) {
    throw new UsageProblem('--nodes and --context cannot be used together');
  }
  return parsed;
}

interface FoundDaemonSet {
  name: string;
  namespace: string;
  file: string;
  manifest: DaemonSet;
}

/** Every DaemonSet of a supported apiVersion in the documents, `kind: List` items included. */
export function daemonSetsIn(docs: readonly unknown[], file: string): FoundDaemonSet[] {
  const found: FoundDaemonSet[] = [];
  for (const doc of listedObjects(docs)) {
    if (doc.kind !== 'DaemonSet' || typeof doc.apiVersion !== 'string' || !DAEMONSET_API_VERSIONS.has(doc.apiVersion)) continue;
    const metadata = isRecord(doc.metadata) ? doc.metadata : {};
    found.push({
      name: typeof metadata.name === 'string' ? metadata.name : '',
      namespace: typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : 'default',
      file,
      manifest: doc as DaemonSet,
    });
  }
  return found;
}

interface Placed {
  ds: FoundDaemonSet;
  summary: PlacementSummary;
}

/** Runs `placement`; `args` are the words after "placement". Returns the exit code. */
export async function runPlacement(args: string[], io: CliIo): Promise<number> {
  let parsed: PlacementArgs;
  try {
    parsed = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageProblem)) throw error;
    io.stderr(`daemonset-check placement: ${error.message}\n\n${placementUsage}`);
    return ExitCode.usage;
  }
  if (parsed.help) {
    io.stdout(placementUsage);
    return ExitCode.ok;
  }
  try {
    const daemonSets: FoundDaemonSet[] = [];
    for (const file of parsed.files) daemonSets.push(...daemonSetsIn(await readYamlDocuments(file, io), file));
    const nodes = await loadNodes(parsed, io);
    const placed = daemonSets.map((ds) => ({
      ds,
      summary: summarizePlacement(compileDaemonSet(ds.manifest.spec?.template, parsed.options), nodes),
    }));
    if (daemonSets.length === 0) io.stderr(`daemonset-check placement: no DaemonSet (${[...DAEMONSET_API_VERSIONS].join(', ')}) in ${parsed.files.join(', ')}\n`);
    io.stdout(parsed.format === 'json' ? renderJson(placed) : renderText(placed, nodes.length, io.isTty));
    return ExitCode.ok;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.stderr(`daemonset-check placement: ${error.message}\n`);
    return ExitCode.usage;
  }
}

async function loadNodes(parsed: PlacementArgs, io: CliIo): Promise<NodeInfo[]> {
  if (parsed.nodesFile !== undefined) {
    const nodes = await readNodesFile(parsed.nodesFile, io);
    if (nodes.length === 0) io.stderr(`daemonset-check placement: no nodes in ${parsed.nodesFile}\n`);
    return nodes;
  }
  const timeout = Number(io.env.DAEMONSET_CHECK_TIMEOUT_MS);
  const { nodes } = await readNodesFromCluster(parsed.context, io, timeout > 0 ? timeout : DEFAULT_CLUSTER_TIMEOUT_MS);
  return nodes;
}

function renderJson(placed: readonly Placed[]): string {
  const daemonSets = placed.map(({ ds, summary }) => ({
    name: ds.name,
    namespace: ds.namespace,
    nodes: summary.nodes.map(({ node, decision }) => ({
      node,
      shouldRun: decision.shouldRun,
      shouldContinueRunning: decision.shouldContinueRunning,
      reasons: decision.reasons.map((reason) => ({ code: reason.code, message: reason.message })),
    })),
  }));
  return `${JSON.stringify({ daemonSets }, null, 2)}\n`;
}

function verdict(shouldRun: boolean, shouldContinueRunning: boolean): Cell {
  if (shouldRun) return { text: 'runs', style: ansi.green };
  if (shouldContinueRunning) return { text: 'no new pod', style: ansi.yellow };
  return { text: 'not eligible', style: ansi.red };
}

function renderText(placed: readonly Placed[], nodeCount: number, colour: boolean): string {
  const out: string[] = [];
  for (const { ds, summary } of placed) {
    const title = `DaemonSet ${ds.namespace}/${ds.name || '(unnamed)'} (${ds.file})`;
    out.push(colour ? ansi.bold(title) : title);
    if (nodeCount > 0) {
      const rows: (Cell | string)[][] = [[{ text: 'NODE', style: ansi.dim }, { text: 'VERDICT', style: ansi.dim }, { text: 'REASON', style: ansi.dim }]];
      for (const { node, decision } of summary.nodes) {
        rows.push([node, verdict(decision.shouldRun, decision.shouldContinueRunning), decision.reasons.map((r) => r.message).join('; ')]);
      }
      out.push(renderTable(rows, { indent: '  ', colour }).trimEnd());
    }
    out.push(`  ${formatSummaryLine(summary)}`, '');
  }
  return out.join('\n');
}
