/**
 * The contract between the rules (pure checks over plain objects) and everything that shows their results
 * (the language server, the CLI). A rule never sees YAML text or ranges: it reports a JSON path inside the
 * resource, and the document model turns that path into the narrowest source range.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A path inside one resource object, e.g. `['spec', 'template', 'spec', 'tolerations', 0, 'key']`. */
export type Path = readonly (string | number)[];

/**
 * Which part of the node at `path` to underline:
 * - `value` (default): the value at the path; when the path does not exist, the nearest existing ancestor's key;
 * - `key`: the key of the map entry at the path (for "this field must not be set");
 * - `entry`: the key and its value together.
 */
export type Target = 'value' | 'key' | 'entry';

/**
 * A change to the resource, expressed structurally. The code action feature renders it as text edits in the
 * file's own style (block or flow, its indentation).
 */
export type StructuralEdit =
  /** Sets the value at `path` (creating missing parent maps), replacing whatever is there. */
  | { kind: 'set'; path: Path; value: unknown }
  /** Deletes the map entry or sequence item at `path`. */
  | { kind: 'delete'; path: Path }
  /** Appends an item to the sequence at `path` (creating it when missing). */
  | { kind: 'append'; path: Path; value: unknown };

export interface Fix {
  /** The code action's title, e.g. "Set the selector to the template labels". */
  title: string;
  edits: StructuralEdit[];
  /** The fix most users want: VS Code applies it with "Auto Fix". */
  preferred?: boolean;
}

export interface RelatedInformation {
  path: Path;
  target?: Target;
  message: string;
  /** Another resource of the same file that the path is in (the first with that kind, name and namespace). */
  in?: ResourceRef;
}

/** Names a resource of the file. A namespace left out is `default`. */
export interface ResourceRef {
  kind: string;
  name: string;
  namespace: string | undefined;
}

export interface Finding {
  /** Stable rule code, kebab-case, e.g. `selector-mismatch`. Must be declared in the registry. */
  code: string;
  /** Overrides the code's default severity (e.g. one code that is a warning or an information by case). */
  severity?: Severity;
  message: string;
  path: Path;
  target?: Target;
  related?: RelatedInformation[];
  fixes?: Fix[];
}

/** One resource of a file (a YAML document, or one item of a `kind: List`). */
export interface Resource {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | undefined;
  /** The resource as plain data (YAML converted to JS). */
  object: Record<string, unknown>;
}

/** Options that change what the API server accepts. */
export interface RuleOptions {
  /** Feature gate TaintTolerationComparisonOperators (alpha in 1.35, off by default): toleration `Lt`/`Gt`. */
  tolerationComparisonOperators?: boolean;
}

/** What a check sees: the resource, its siblings in the same file (for cross-resource checks), options. */
export interface RuleContext {
  resource: Resource;
  /** Every resource of the file, including `resource` itself. */
  file: readonly Resource[];
  options: RuleOptions;
}

export interface RuleCode {
  code: string;
  severity: Severity;
  /** One line for docs, SARIF and `daemonset-check rules`. */
  title: string;
}

/** A group of related checks, each finding carrying one of the group's declared codes. */
export interface Rule {
  id: string;
  /** Which resources the rule looks at. */
  appliesTo(resource: Resource): boolean;
  codes: readonly RuleCode[];
  /** True when the rule reads `context.file` (other resources): its findings cannot be reused per resource. */
  readsFile?: boolean;
  check(context: RuleContext): Finding[];
}
