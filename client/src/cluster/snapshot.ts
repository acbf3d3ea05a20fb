/**
 * The one place that turns the model into the language server's cluster snapshot notification
 * (`daemonset/clusterSnapshot`, server/src/protocol.ts). If the protocol's shape changes, only this file changes.
 *
 * What is sent: the current context's nodes (name, labels, taints) once they are listed, also while stale
 * (the last known nodes are still the best completions and hovers there are); `context: null` when there is no
 * context, or its nodes could not be listed at all.
 */
import { encodeClusterSnapshot, type ClusterSnapshotParams } from '../../../server/src/protocol';
import type { ClusterState } from './model';

export { ClusterSnapshotNotification } from '../../../server/src/protocol';
export type { ClusterSnapshotParams };

/** The notification's parameters for a model state (undefined: no model). */
export function buildClusterSnapshot(state: ClusterState | undefined): ClusterSnapshotParams {
  if (!state || !state.nodesLoaded) return encodeClusterSnapshot(null, []);
  return encodeClusterSnapshot(state.context.name, state.nodes);
}

/** A key that changes exactly when the snapshot's content may change: send only when it differs from the last one. */
export function snapshotKey(state: ClusterState | undefined): string {
  if (!state || !state.nodesLoaded) return 'none';
  return `${state.modelId}:${state.nodesVersion}`;
}
