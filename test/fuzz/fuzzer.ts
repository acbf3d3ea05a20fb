/**
 * A deterministic, seeded fuzzer for the language server: mutates real manifests (the project's fixtures and
 * manifests generated from the shared cases) and drives `node dist/server.js --stdio` over LSP with didOpen,
 * didChange, completion, hover and code actions (with the diagnostics the server published) at random positions.
 *
 * A case fails when a request or the diagnostics do not answer within the time limit, a request answers with an
 * error, or the server process exits. Same seed, same cases.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { stringify } from 'yaml';

export const serverPath = resolve(__dirname, '../../dist/server.js');
export const fixturesDir = resolve(__dirname, '../fixtures');
export const regressionsDir = join(fixturesDir, 'fuzz-regressions');

// ---------------------------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: small, fast, and the same sequence on every platform. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** The seed of one case: cases are independent, so a failing case replays without the ones before it. */
export const caseSeed = (seed: number, index: number): number => (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;

// ---------------------------------------------------------------------------------------------------------------
// Corpus

export function loadCorpus(): string[] {
  const corpus: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name.endsWith('.yaml') || name.endsWith('.yml')) corpus.push(readFileSync(path, 'utf8'));
      else if (!name.includes('.')) walk(path);
    }
  };
  walk(join(fixturesDir, 'examples'));
  const validation = JSON.parse(readFileSync(join(fixturesDir, 'cases/validation-examples.json'), 'utf8')) as { manifest: unknown }[];
  for (const c of validation) corpus.push(stringify(c.manifest));
  const placement = JSON.parse(readFileSync(join(fixturesDir, 'cases/placement-examples.json'), 'utf8')) as { name: string; node: unknown; podSpec: unknown }[];
  for (const c of placement) {
    const daemonSet = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: c.name.slice(0, 50).toLowerCase().replace(/[^a-z0-9-]/g, '-'), namespace: 'kube-system' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: c.podSpec } },
    };
    corpus.push(stringify(daemonSet));
    // Generated variants: the node next to it, flow style, and a List.
    corpus.push(`${stringify(daemonSet)}---\n${stringify({ apiVersion: 'v1', kind: 'Node', ...(c.node as object) })}`);
    corpus.push(stringify(daemonSet, { collectionStyle: 'flow' }));
    corpus.push(stringify({ apiVersion: 'v1', kind: 'List', items: [daemonSet] }));
  }
  return corpus;
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations

const tokens = [
  ': ', '- ', '-', ':', '[', ']', '{', '}', ',', '? ', '&a ', '*a', '&x1 ', '*x1', '<<: *a', '!!str ', '!!map ', '!!binary ', '!custom ',
  '|', '|-', '>', '>+', '|2', '"', "'", '#', ' # comment', '%YAML 1.2\n', '%TAG ! tag:x,2000:\n', '...\n', '\t', '\r', '\r\n', '\n',
  '~', 'null', 'true', 'NO', '0x1F', '0o17', '.inf', '-.nan', '1e400', '2001-12-14t21:59:43.10-05:00', '@', '`', '\\', '\\u',
  '"\\x', '\u0000', '\ufeff', '\ufffd', '\ud800', '\udc00', '😀', '\u2028', 'é', 'key: value', 'tolerations: ', 'operator: Exists',
  'effect: NoSchedule', 'nodeSelector: ', 'matchLabels: ', 'kind: DaemonSet', 'apiVersion: apps/v1', 'spec:', '  ', '    ',
];

const helm = [
  '{{ .Values.image }}', '{{- if .Values.enabled }}\n', '{{- end }}\n', '{{ include "chart.labels" . | nindent 4 }}', '{{- toYaml .Values.tolerations | nindent 8 }}\n',
  '{{', '}}', '{{ .Release.Name }}-agent', '{{/* comment */}}', '{% if x %}', '{% endif %}', '{{- range .Values.items }}\n- {{ . }}\n{{- end }}\n',
];

type Mutation = (rng: Rng, text: string, corpus: readonly string[]) => string;

const lineBounds = (text: string, rng: Rng): { lines: string[]; at: number } => {
  const lines = text.split('\n');
  return { lines, at: rng.int(lines.length) };
};

const mutations: [string, Mutation][] = [
  ['flip', (rng, text) => {
    if (text.length === 0) return String.fromCharCode(rng.int(256));
    const at = rng.int(text.length);
    const c = rng.chance(0.7) ? String.fromCharCode(text.charCodeAt(at) ^ (1 << rng.int(8))) : String.fromCharCode(rng.int(256));
    return text.slice(0, at) + c + text.slice(at + 1);
  }],
  ['delete-lines', (rng, text) => {
    const { lines, at } = lineBounds(text, rng);
    lines.splice(at, 1 + rng.int(3));
    return lines.join('\n');
  }],
  ['duplicate-lines', (rng, text) => {
    const { lines, at } = lineBounds(text, rng);
    const block = lines.slice(at, at + 1 + rng.int(4));
    lines.splice(rng.int(lines.length + 1), 0, ...(rng.chance(0.2) ? Array(1 + rng.int(20)).fill(block).flat() : block));
    return lines.join('\n');
  }],
  ['indent', (rng, text) => {
    const { lines, at } = lineBounds(text, rng);
    const count = 1 + rng.int(5);
    const shift = rng.pick([-4, -2, -1, 1, 2, 4, 7]);
    for (let i = at; i < Math.min(lines.length, at + count); i++) {
      lines[i] = shift > 0 ? (rng.chance(0.1) ? '\t' : ' '.repeat(shift)) + lines[i] : lines[i]!.replace(new RegExp(`^ {0,${-shift}}`), '');
    }
    return lines.join('\n');
  }],
  ['token', (rng, text) => {
    const at = rng.int(text.length + 1);
    return text.slice(0, at) + rng.pick(tokens) + text.slice(at);
  }],
  ['anchor-alias', (rng, text) => {
    const { lines, at } = lineBounds(text, rng);
    const name = rng.pick(['a', 'b', 'x1', 'spec', 'very-long-anchor-name']);
    const line = lines[at]!;
    const colon = line.indexOf(': ');
    if (colon >= 0) lines[at] = `${line.slice(0, colon + 2)}&${name} ${line.slice(colon + 2)}`;
    else lines[at] = `&${name} ${line}`;
    const target = rng.int(lines.length);
    const indent = /^\s*/.exec(lines[target]!)![0];
    lines.splice(target, 0, rng.pick([`${indent}alias: *${name}`, `${indent}<<: *${name}`, `${indent}- *${name}`, `${indent}*${name}: v`, `${indent}k: [*${name}, *${name}, *${name}]`]));
    return lines.join('\n');
  }],
  ['helm', (rng, text) => {
    if (rng.chance(0.5)) {
      const at = rng.int(text.length + 1);
      return text.slice(0, at) + rng.pick(helm) + text.slice(at);
    }
    const { lines, at } = lineBounds(text, rng);
    lines.splice(at, 0, /^\s*/.exec(lines[at] ?? '')![0] + rng.pick(helm).trimEnd());
    return lines.join('\n');
  }],
  ['document-marker', (rng, text) => {
    const { lines, at } = lineBounds(text, rng);
    lines.splice(at, 0, rng.pick(['---', '--- ', '---\t# doc', '--- !!map', '--- |', '...', '---\r']));
    return lines.join('\n');
  }],
  ['splice', (rng, text, corpus) => {
    const other = rng.pick(corpus);
    const from = rng.int(other.length);
    const piece = other.slice(from, from + rng.int(400));
    const at = rng.int(text.length + 1);
    return text.slice(0, at) + piece + text.slice(at);
  }],
  ['truncate', (rng, text) => text.slice(0, rng.int(text.length + 1))],
  ['repeat-documents', (rng, text) => Array(2 + rng.int(rng.chance(0.1) ? 30 : 5)).fill(text).join(rng.pick(['---\n', '\n---\n', '...\n---\n']))],
  ['line-endings', (rng, text) => (rng.chance(0.5) ? text.replace(/\n/g, '\r\n') : text.replace(/\n/g, '\r'))],
];

/** Applies 1–5 mutations; returns the text and the names of the mutations. */
export function mutate(rng: Rng, text: string, corpus: readonly string[]): { text: string; applied: string[] } {
  const applied: string[] = [];
  const count = 1 + rng.int(rng.chance(0.2) ? 12 : 4);
  for (let i = 0; i < count; i++) {
    const [name, mutation] = rng.pick(mutations);
    text = mutation(rng, text, corpus);
    applied.push(name);
    // Keep inputs a sensible size for the throughput: huge files are the hostile-file tests' job.
    if (text.length > 60_000) text = text.slice(0, 60_000);
  }
  return { text, applied };
}

// ---------------------------------------------------------------------------------------------------------------
// The server

export interface FuzzServer {
  connection: MessageConnection;
  process: ChildProcess;
  exited: () => string | undefined;
  /** Errors the server logged (a handler threw, or validation failed): handled, but bugs. */
  loggedErrors: string[];
  diagnostics(uri: string, version: number, timeoutMs: number): Promise<Diagnostic[]>;
  rssKb(): { rss: number; peak: number };
  stop(): Promise<void>;
}

export async function startFuzzServer(): Promise<FuzzServer> {
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let exit: string | undefined;
  let stderr = '';
  child.on('exit', (code, signal) => (exit = `server exited (code ${code}, signal ${signal}); stderr: ${stderr.slice(-2000)}`));
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-10_000)));
  child.stdin!.on('error', () => undefined);
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  // Only the latest diagnostics per uri and version are kept: nothing accumulates over a long run.
  const latest = new Map<string, { version: number | undefined; diagnostics: Diagnostic[] }>();
  const waiters = new Map<string, { version: number; resolve: (d: Diagnostic[]) => void }>();
  const loggedErrors: string[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
    if (params.version === undefined) {
      latest.delete(params.uri); // the clear on close
      return;
    }
    const waiter = waiters.get(params.uri);
    if (waiter && waiter.version === params.version) {
      waiters.delete(params.uri);
      waiter.resolve(params.diagnostics);
    } else latest.set(params.uri, { version: params.version, diagnostics: params.diagnostics });
  });
  connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
    if (params.type === 1 && / failed: /.test(params.message) && loggedErrors.length < 100) loggedErrors.push(params.message.slice(0, 2000));
  });
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onError(() => undefined);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
    initializationOptions: {},
  });
  await connection.sendNotification('initialized', {});
  const status = (field: string): number => {
    try {
      const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return match ? Number(match[1]) : 0;
    } catch {
      return 0;
    }
  };
  return {
    connection,
    process: child,
    exited: () => exit,
    loggedErrors,
    diagnostics(uri, version, timeoutMs) {
      const have = latest.get(uri);
      if (have && have.version === version) {
        latest.delete(uri);
        return Promise.resolve(have.diagnostics);
      }
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(uri);
          reject(new Error(exit ?? `no diagnostics for version ${version} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.set(uri, { version, resolve: (d) => (clearTimeout(timer), resolvePromise(d)) });
      });
    },
    rssKb: () => ({ rss: status('VmRSS'), peak: status('VmHWM') }),
    async stop() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]); // readiness: an upper bound on the wait for shutdown, not a delay
        await connection.sendNotification('exit');
      } catch {
        // already gone
      }
      connection.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Cases

export const requestTimeoutMs = 2_000;
/** Diagnostics: the server's debounce (200 ms after a change) plus the same 2 s. */
const diagnosticsTimeoutMs = 2_200;

export interface CaseInput {
  /** The texts of the document: opened with the first, then changed to each next one. */
  texts: string[];
  /** Seed for the request positions. */
  positionSeed: number;
  /** Wait for the diagnostics of every change (slower; the open's are always awaited). */
  awaitChanges: boolean;
}

export interface CaseResult {
  failure?: string;
  latencies: number[];
}

export function generateCase(seed: number, index: number, corpus: readonly string[]): CaseInput & { applied: string[] } {
  const rng = new Rng(caseSeed(seed, index));
  const base = rng.pick(corpus);
  const first = mutate(rng, base, corpus);
  const texts = [first.text];
  const applied = [...first.applied];
  const changes = rng.int(3);
  for (let i = 0; i < changes; i++) {
    const next = mutate(rng, texts[texts.length - 1]!, corpus);
    texts.push(next.text);
    applied.push('|', ...next.applied);
  }
  return { texts, positionSeed: rng.int(2 ** 31), awaitChanges: rng.chance(0.1), applied };
}

function randomPosition(rng: Rng, text: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = rng.chance(0.05) ? lines.length + rng.int(3) : rng.int(lines.length);
  const length = lines[line]?.length ?? 0;
  const character = rng.chance(0.05) ? length + 1 + rng.int(5) : rng.int(length + 1);
  return { line, character };
}

async function timed<T>(server: FuzzServer, what: string, latencies: number[], request: Promise<T>): Promise<T> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      request,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(server.exited() ?? `${what} did not answer within ${requestTimeoutMs} ms`)), requestTimeoutMs);
      }),
    ]);
  } catch (error) {
    throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
    latencies.push(performance.now() - started);
  }
}

async function requests(server: FuzzServer, uri: string, text: string, diagnostics: Diagnostic[], rng: Rng, latencies: number[]): Promise<void> {
  const textDocument = { uri };
  const pending: Promise<unknown>[] = [];
  const count = 1 + rng.int(2);
  for (let i = 0; i < count; i++) {
    const position = randomPosition(rng, text);
    pending.push(timed(server, `completion at ${position.line}:${position.character}`, latencies,
      server.connection.sendRequest('textDocument/completion', { textDocument, position, context: rng.chance(0.3) ? { triggerKind: 2, triggerCharacter: rng.pick([':', ' ']) } : { triggerKind: 1 } })));
    const hoverAt = randomPosition(rng, text);
    pending.push(timed(server, `hover at ${hoverAt.line}:${hoverAt.character}`, latencies, server.connection.sendRequest('textDocument/hover', { textDocument, position: hoverAt })));
  }
  // Code actions: for the published diagnostics (each and all), and for a random range with none.
  const forActions = diagnostics.length > 0 ? [diagnostics, [rng.pick(diagnostics)], []] : [[]];
  for (const context of forActions) {
    const range = context.length === 1 ? context[0]!.range : { start: randomPosition(rng, text), end: randomPosition(rng, text) };
    pending.push(timed(server, 'codeAction', latencies, server.connection.sendRequest('textDocument/codeAction', { textDocument, range, context: { diagnostics: context } })));
  }
  await Promise.all(pending);
}

/**
 * Runs one case on `uri` and closes the document again: requests right after each didOpen/didChange (the server
 * must answer them while a validation is pending), then the final version's diagnostics and code actions for them.
 */
export async function runCase(server: FuzzServer, uri: string, input: CaseInput): Promise<CaseResult> {
  const latencies: number[] = [];
  const rng = new Rng(input.positionSeed);
  try {
    let version = 0;
    let diagnostics: Diagnostic[] = [];
    for (const text of input.texts) {
      version++;
      if (version === 1) await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
      else await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      if (input.awaitChanges && version < input.texts.length) diagnostics = await server.diagnostics(uri, version, diagnosticsTimeoutMs + 1_000);
      // Until the new diagnostics arrive, the old ones go with the new text: code actions must cope with stale ranges.
      await requests(server, uri, text, diagnostics, rng, latencies);
    }
    diagnostics = await server.diagnostics(uri, version, diagnosticsTimeoutMs + 1_000);
    await requests(server, uri, input.texts[input.texts.length - 1]!, diagnostics, rng, latencies);
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const exited = server.exited();
    if (exited) return { failure: exited, latencies };
  } catch (error) {
    return { failure: error instanceof Error ? error.message : String(error), latencies };
  }
  return { latencies };
}

// ---------------------------------------------------------------------------------------------------------------
// Regressions

export function saveRegression(name: string, input: CaseInput, failure: string): string {
  mkdirSync(regressionsDir, { recursive: true });
  const path = join(regressionsDir, `${name}.json`);
  writeFileSync(path, `${JSON.stringify({ failure, ...input }, null, 1)}\n`);
  return path;
}

export function loadRegressions(): { name: string; input: CaseInput }[] {
  if (!existsSync(regressionsDir)) return [];
  return readdirSync(regressionsDir)
    .filter((name) => name.endsWith('.json') || name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const content = readFileSync(join(regressionsDir, name), 'utf8');
      if (name.endsWith('.yaml')) return { name, input: { texts: [content], positionSeed: 1, awaitChanges: true } };
      const parsed = JSON.parse(content) as CaseInput;
      return { name, input: { texts: parsed.texts, positionSeed: parsed.positionSeed ?? 1, awaitChanges: parsed.awaitChanges ?? true } };
    });
}

// ---------------------------------------------------------------------------------------------------------------
// A run

export interface RunOptions {
  seed: number;
  cases: number;
  /** Documents driven at once (each its own uri). */
  concurrency?: number;
  /** Stop after this many milliseconds even if not all cases ran. */
  budgetMs?: number;
  /** Write failing inputs to test/fixtures/fuzz-regressions/. */
  saveFailures?: boolean;
  onProgress?: (done: number, elapsedMs: number) => void;
}

export interface RunSummary {
  seed: number;
  cases: number;
  failures: { index: number; failure: string; applied: string[]; savedTo?: string }[];
  requests: number;
  p50: number;
  p95: number;
  max: number;
  elapsedMs: number;
  casesPerSecond: number;
  rssKb: number;
  peakRssKb: number;
  loggedErrors: string[];
  serverAlive: boolean;
}

export async function runFuzz(server: FuzzServer, options: RunOptions): Promise<RunSummary> {
  const corpus = loadCorpus();
  const concurrency = options.concurrency ?? 2;
  const started = performance.now();
  const all: number[] = [];
  const failures: RunSummary['failures'] = [];
  let next = 0;
  let done = 0;
  const worker = async (slot: number) => {
    while (next < options.cases && !server.exited()) {
      if (options.budgetMs !== undefined && performance.now() - started > options.budgetMs) return;
      const index = next++;
      const input = generateCase(options.seed, index, corpus);
      const result = await runCase(server, `file:///fuzz/slot-${slot}/case-${index}.yaml`, input);
      for (const l of result.latencies) all.push(l);
      if (result.failure) {
        const { applied, ...stored } = input;
        // With several documents in flight, one input that blocks the server fails its neighbours too: the first
        // few failures are kept (rerun a case alone with run.ts --only N to tell the culprit).
        const savedTo = options.saveFailures && failures.length < 10 ? saveRegression(`seed-${options.seed}-case-${index}`, stored, result.failure) : undefined;
        failures.push({ index, failure: result.failure, applied, savedTo });
      }
      if (++done % 250 === 0) options.onProgress?.(done, performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, slot) => worker(slot)));
  const elapsedMs = performance.now() - started;
  all.sort((a, b) => a - b);
  const at = (q: number) => (all.length ? all[Math.min(all.length - 1, Math.floor(q * all.length))]! : 0);
  const memory = server.rssKb();
  return {
    seed: options.seed,
    cases: done,
    failures,
    requests: all.length,
    p50: at(0.5),
    p95: at(0.95),
    max: all[all.length - 1] ?? 0,
    elapsedMs,
    casesPerSecond: done / (elapsedMs / 1000),
    rssKb: memory.rss,
    peakRssKb: memory.peak,
    loggedErrors: [...server.loggedErrors],
    serverAlive: !server.exited(),
  };
}

export function formatSummary(s: RunSummary): string {
  return [
    `fuzz seed ${s.seed}: ${s.cases} cases in ${(s.elapsedMs / 1000).toFixed(1)} s (${s.casesPerSecond.toFixed(1)} cases/s), ${s.requests} timed requests`,
    `failures: ${s.failures.length}${s.failures.length ? '\n' + s.failures.slice(0, 20).map((f) => `  case ${f.index} [${f.applied.join(' ')}]: ${f.failure.slice(0, 300)}${f.savedTo ? ` -> ${f.savedTo}` : ''}`).join('\n') : ''}`,
    `latency p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`,
    `server RSS at end ${(s.rssKb / 1024).toFixed(0)} MB, peak ${(s.peakRssKb / 1024).toFixed(0)} MB; alive: ${s.serverAlive}`,
    `errors logged by the server (handled): ${s.loggedErrors.length}${s.loggedErrors.length ? '\n' + s.loggedErrors.slice(0, 5).map((e) => `  ${e.split('\n').slice(0, 3).join(' | ')}`).join('\n') : ''}`,
  ].join('\n');
}
