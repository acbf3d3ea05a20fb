/**
 * Whether our schema features (validation, completion and hover from the bundled Kubernetes schema) are on:
 * setting `daemonset.schema.enable`, `auto` by default. `auto` turns them off when Red Hat's YAML extension
 * (`redhat.vscode-yaml`) is installed and already validates Kubernetes, i.e. its `yaml.schemas` associates files with
 * the `kubernetes` schema (by that keyword or by a kubernetes-json-schema URL), so that a user never sees every
 * schema problem and every field completion twice.
 */

export type SchemaEnable = 'auto' | 'on' | 'off';

/** What the client tells the server about its surroundings (`initializationOptions`). */
export interface ClientEnvironment {
  /** `redhat.vscode-yaml` is installed and enabled. */
  redhatYamlInstalled: boolean;
}

export interface SchemaDecision {
  active: boolean;
  /** In words, for the log. */
  reason: string;
}

export function readClientEnvironment(initializationOptions: unknown): ClientEnvironment {
  const options = typeof initializationOptions === 'object' && initializationOptions !== null ? initializationOptions : {};
  return { redhatYamlInstalled: (options as { redhatYamlInstalled?: unknown }).redhatYamlInstalled === true };
}

/** Reads `daemonset.schema.enable` from the `daemonset` settings section; anything unexpected reads as `auto`. */
export function readSchemaEnable(daemonsetSettings: unknown): SchemaEnable {
  const schema = typeof daemonsetSettings === 'object' && daemonsetSettings !== null ? (daemonsetSettings as { schema?: unknown }).schema : undefined;
  const enable = typeof schema === 'object' && schema !== null ? (schema as { enable?: unknown }).enable : undefined;
  if (enable === true || enable === 'on') return 'on';
  if (enable === false || enable === 'off') return 'off';
  return 'auto';
}

const kubernetesSchemaUrl = /kubernetes-json-schema|^kubernetes$/i;

/** Whether Red Hat YAML's `yaml` settings section associates some files with a Kubernetes schema. */
export function redhatValidatesKubernetes(yamlSettings: unknown): boolean {
  if (typeof yamlSettings !== 'object' || yamlSettings === null) return false;
  const settings = yamlSettings as { validate?: unknown; schemas?: unknown };
  if (settings.validate === false) return false;
  const schemas = settings.schemas;
  if (typeof schemas !== 'object' || schemas === null) return false;
  return Object.entries(schemas as Record<string, unknown>).some(
    ([uri, globs]) => kubernetesSchemaUrl.test(uri.trim()) && (typeof globs === 'string' ? globs !== '' : Array.isArray(globs) && globs.length > 0),
  );
}

export function decideSchema(enable: SchemaEnable, environment: ClientEnvironment, yamlSettings: unknown): SchemaDecision {
  if (enable === 'on') return { active: true, reason: 'daemonset.schema.enable is "on"' };
  if (enable === 'off') return { active: false, reason: 'daemonset.schema.enable is "off"' };
  if (environment.redhatYamlInstalled && redhatValidatesKubernetes(yamlSettings)) {
    return { active: false, reason: 'redhat.vscode-yaml already validates Kubernetes (yaml.schemas); set daemonset.schema.enable to "on" to use ours too' };
  }
  return { active: true, reason: 'auto: no other extension validates Kubernetes' };
}
