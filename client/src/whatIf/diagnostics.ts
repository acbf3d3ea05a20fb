/**
 * Live-object diagnostics for a DaemonSet manifest, from its what-if: an error when applying would be rejected
 * (a `spec.selector` that differs from the deployed object's: immutable), and an information on the manifest's
 * tolerations when live nodes stay excluded by taints it does not tolerate, with the engine's reason (the
 * tutorial's `master` toleration on a cluster whose control plane is tainted `control-plane`). Pure data; the
 * VS Code layer turns them into `Diagnostic`s.
 */
import { reasonGroup } from '../tree/nodeRows';
import type { ManifestDaemonSet, TextRange } from './manifests';
import type { WhatIfResult } from './whatIf';

export const WHAT_IF_CODES = {
  selectorImmutable: 'live-selector-immutable',
  taintsNotTolerated: 'live-taints-not-tolerated',
} as const;

export interface WhatIfDiagnostic {
  range: TextRange;
  severity: 'error' | 'warning' | 'information';
  code: string;
  message: string;
}

/** Condition taints (`node.kubernetes.io/...`) come and go with node health: not worth a diagnostic on the manifest. */
const transient = (key: string): boolean => key.startsWith('node.kubernetes.io/') || key.startsWith('node.cloudprovider.kubernetes.io/');

const names = (list: readonly string[], max = 3): string =>
  list.length <= max ? list.join(', ') : `${list.slice(0, max).join(', ')} and ${(list.length - max).toLocaleString('en-US')} more`;

export function whatIfDiagnostics(item: ManifestDaemonSet, result: WhatIfResult): WhatIfDiagnostic[] {
  const diagnostics: WhatIfDiagnostic[] = [];
  if (result.selectorChange) {
    diagnostics.push({
      range: item.selectorRange ?? item.nameRange,
      severity: 'error',
      code: WHAT_IF_CODES.selectorImmutable,
      message: result.selectorChange.message,
    });
  }
  if (item.tolerationsRange) {
    const groups = new Map<string, { message: string; nodes: string[] }>();
    for (const verdict of result.excluded) {
      if (!verdict.tolerations) continue;
      const lasting = verdict.reasons.filter((reason) => reason.taint && !transient(reason.taint.key));
      if (lasting.length === 0) continue;
      const { key } = reasonGroup({ ...verdict, reasons: lasting });
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { message: lasting.map((r) => r.message).join('; '), nodes: [] }));
      group.nodes.push(verdict.node);
    }
    if (groups.size > 0) {
      const parts = [...groups.values()]
        .sort((a, b) => b.nodes.length - a.nodes.length)
        .map((group) => `not on ${names(group.nodes)}: ${group.message}`);
      diagnostics.push({
        range: item.tolerationsRange,
        severity: 'information',
        code: WHAT_IF_CODES.taintsNotTolerated,
        message: `In context \`${result.context}\` (${result.eligible.length} of ${result.total} nodes), ${parts.join('; ')}`,
      });
    }
  }
  return diagnostics;
}
