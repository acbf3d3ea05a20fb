/**
 * Text of the read-only documents the view opens (a live DaemonSet as YAML, a pod's events) and of the clipboard
 * (tolerations). Pure, so they are tested without VS Code.
 */
import { stringify } from 'yaml';
import type { Toleration } from '../../../server/src/kube/types';

/** A live object as YAML, without `managedFields` (server bookkeeping, long and of no use when reading). */
export function liveYaml(object: Record<string, unknown>, header: string): string {
  const copy = structuredClone(object);
  const metadata = copy.metadata as Record<string, unknown> | undefined;
  if (metadata) delete metadata.managedFields;
  return `# ${header}\n# Read-only: edit the manifest in your workspace and apply it.\n${stringify(copy, { lineWidth: 0 })}`;
}

/** Events of an object, newest last, as `kubectl describe` lists them. */
export function formatEvents(list: Record<string, unknown>, title: string): string {
  const items = (Array.isArray(list.items) ? list.items : []) as Record<string, unknown>[];
  const when = (event: Record<string, unknown>): string =>
    String(event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? (event.metadata as { creationTimestamp?: string } | undefined)?.creationTimestamp ?? '');
  const rows = items
    .map((event) => ({ when: when(event), type: String(event.type ?? ''), reason: String(event.reason ?? ''), count: Number(event.count ?? 1), message: String(event.message ?? '').replace(/\s+/g, ' ') }))
    .sort((a, b) => (a.when < b.when ? -1 : a.when > b.when ? 1 : 0));
  if (rows.length === 0) return `${title}\n\nNo events (the API server keeps them about an hour).\n`;
  const lines = rows.map((r) => `${r.when.padEnd(22)}${r.type.padEnd(9)}${r.reason.padEnd(22)}${r.count > 1 ? `(x${r.count}) ` : ''}${r.message}`);
  return `${title}\n\n${'TIME'.padEnd(22)}${'TYPE'.padEnd(9)}${'REASON'.padEnd(22)}MESSAGE\n${lines.join('\n')}\n`;
}

/** Tolerations as a YAML list to paste under `tolerations:`. */
export function tolerationsYaml(tolerations: readonly Toleration[]): string {
  return stringify(tolerations.map((t) => ({ ...t })), { lineWidth: 0 });
}
