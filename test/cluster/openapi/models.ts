/**
 * The Kubernetes type graph, read from `@kubernetes/client-node`'s generated models (each class carries an
 * `attributeTypeMap` of JSON names and types, generated from the Kubernetes OpenAPI). It backs the served
 * OpenAPI v3 documents and the decoder's unknown-field pruning, without shipping a schema file.
 */

export interface Attribute {
  /** The JSON field name. */
  baseName: string;
  /** `string`, `number`, `boolean`, `Date`, `any`, `IntOrString`, `Array<T>`, `{ [key: string]: T; }`, or a model. */
  type: string;
  format: string;
}

/** A parsed attribute type. */
export type TypeRef =
  | { kind: 'primitive'; name: 'string' | 'number' | 'boolean' | 'date' | 'any' | 'intOrString'; format: string }
  | { kind: 'array'; items: TypeRef }
  | { kind: 'map'; values: TypeRef }
  | { kind: 'model'; name: string };

export interface ModelIndex {
  /** The attributes of a model class (`V1PodSpec`), or undefined for an unknown name. */
  attributes(model: string): readonly Attribute[] | undefined;
}

interface ModelClass {
  attributeTypeMap?: Attribute[];
}

export function parseType(type: string, format = ''): TypeRef {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return { kind: 'array', items: parseType(array[1] as string) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return { kind: 'map', values: parseType(map[1] as string) };
  switch (type) {
    case 'string':
      return { kind: 'primitive', name: 'string', format };
    case 'number':
      return { kind: 'primitive', name: 'number', format };
    case 'boolean':
      return { kind: 'primitive', name: 'boolean', format };
    case 'Date':
      return { kind: 'primitive', name: 'date', format };
    case 'IntOrString':
      return { kind: 'primitive', name: 'intOrString', format };
    case 'any':
    case 'object':
      return { kind: 'primitive', name: 'any', format };
    default:
      return { kind: 'model', name: type };
  }
}

let loaded: Promise<ModelIndex> | undefined;

/** Loads the models once per process (the package is ESM and takes about a second to import). */
export function loadModels(): Promise<ModelIndex> {
  loaded ??= import('@kubernetes/client-node').then((module) => {
    const classes = module as unknown as Record<string, unknown>;
    return {
      attributes(model: string): readonly Attribute[] | undefined {
        const found = classes[model];
        if (typeof found !== 'function') return undefined;
        const attributes = (found as ModelClass).attributeTypeMap;
        return Array.isArray(attributes) ? attributes : undefined;
      },
    };
  });
  return loaded;
}
