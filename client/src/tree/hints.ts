/**
 * What to do about a failure, as rows: the credentials were rejected (HTTP 401: an expired token, a login that
 * ran out), not permitted (403), or the server cannot be reached. Shown under the first-load error row and
 * under the stale marker.
 */
import { commandIds, messageRow, type Row } from './rows';

export const credentialsHintLabel = 'Credentials rejected: log in again or refresh the token, then Refresh';

export const credentialsHintTooltip = [
  'The API server rejected the credentials of this context (HTTP 401): the token has probably expired, or the login behind it.',
  '',
  "Log in again or refresh the token: re-run your cloud CLI's login (for example `aws sso login`, `gcloud auth login`, `az login`, `kubelogin`), or put a new token in the kubeconfig. Then **Refresh** the view.",
].join('\n');

/** Under a first-load error from getting credentials (an exec plugin that failed, timed out, or is missing). */
export const credentialPluginHint =
  'Getting credentials failed before any request: run the same login in a terminal (the exec plugin, or kubectl) to see why and to log in, then Refresh.';

/** The row that says what to do when the credentials were rejected; clicking it refreshes. */
export function credentialsHintRow(id: string): Row {
  return messageRow(id, credentialsHintLabel, {
    severity: 'warning',
    tooltip: `${credentialsHintTooltip}\n\nClick to refresh now.`,
    command: { command: commandIds.refresh, title: 'Refresh' },
    contextValue: 'message.action',
  });
}
