/**
 * The schema request service handed to the embedded yaml-language-server. It serves the bundled schema and refuses
 * every other URI (http, https, file, a `$schema` or modeline in the user's file, the CRD catalog), so that the
 * language server never reaches the network and never reads files because a document asked it to.
 */
import { bundledKubernetesSchemaText, KUBERNETES_SCHEMA_URI } from './bundledSchema';

export type SchemaRequestService = (uri: string) => Promise<string>;

/** Why a URI was refused, in the words the language service shows (once per schema, on the first line). */
export const refusalMessage = (uri: string): string =>
  `DaemonSet Tools works offline: the schema ${uri} is not fetched (only the bundled Kubernetes schema is used).`;

/**
 * Kubernetes schemas that documents name in a modeline or `$schema` (yannh/kubernetes-json-schema, the one Red Hat
 * YAML uses): answered with the bundled schema, which selects the definition by apiVersion and kind anyway.
 */
const kubernetesSchemaUri = /^kubernetes$|^https:\/\/raw\.githubusercontent\.com\/yannh\/kubernetes-json-schema\//i;

export function offlineSchemaRequestService(onRefused?: (uri: string) => void): SchemaRequestService {
  return (uri: string) => {
    if (uri === KUBERNETES_SCHEMA_URI || kubernetesSchemaUri.test(uri)) return Promise.resolve(bundledKubernetesSchemaText());
    onRefused?.(uri);
    return Promise.reject(refusalMessage(uri));
  };
}
