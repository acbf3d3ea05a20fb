/**
 * Holds the embedded schema service and whether it is on: created on first use (it costs a schema copy and the
 * language service), dropped when `daemonset.schema.enable` or Red Hat YAML's settings turn it off.
 */
import { createSchemaFeatures, type SchemaFeatures } from './schemaService';
import { decideSchema, readSchemaEnable, redhatValidatesKubernetes, type ClientEnvironment, type SchemaDecision } from './schemaSettings';

export class SchemaSwitch {
  private decision: SchemaDecision;
  private features: SchemaFeatures | undefined;
  private otherSchema = false;
  private readonly refused = new Set<string>();

  constructor(
    private readonly environment: ClientEnvironment,
    private readonly log: (message: string) => void,
    private readonly onRefused?: (uri: string) => void,
  ) {
    this.decision = decideSchema('auto', environment, undefined);
  }

  /** Re-decides from the `daemonset` and `yaml` settings sections; true when the decision changed. */
  update(daemonsetSettings: unknown, yamlSettings: unknown): boolean {
    const next = decideSchema(readSchemaEnable(daemonsetSettings), this.environment, yamlSettings);
    this.otherSchema = this.environment.redhatYamlInstalled && redhatValidatesKubernetes(yamlSettings);
    const changed = next.active !== this.decision.active;
    if (changed) this.log(`Kubernetes schema features ${next.active ? 'on' : 'off'}: ${next.reason}`);
    this.decision = next;
    if (!next.active) this.features = undefined;
    return changed;
  }

  /** The service when schema features are on. */
  get service(): SchemaFeatures | undefined {
    if (!this.decision.active) return undefined;
    return (this.features ??= createSchemaFeatures((uri) => {
      // Once per URI: the language service asks again on every validation.
      if (this.refused.has(uri)) return;
      if (this.refused.size >= 1000) this.refused.clear(); // bounded: a flood of modelines logs again, no more
      this.refused.add(uri);
      this.onRefused?.(uri);
    }, { onFailure: this.log }));
  }

  /** Whether our own completions should offer field names (not when another extension's schema already does). */
  get ownFieldNames(): boolean {
    return !this.otherSchema;
  }
}
