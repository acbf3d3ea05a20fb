/**
 * Content negotiation on `Accept`, for the representations kubectl and client libraries ask for:
 * Table (`application/json;as=Table;v=v1;g=meta.k8s.io`), PartialObjectMetadata(List), aggregated
 * discovery (`;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`), and plain JSON.
 */

export interface MediaType {
  type: string;
  params: Readonly<Record<string, string>>;
}

export function parseAccept(header: string | undefined): MediaType[] {
  if (!header) return [];
  return header.split(',').map((entry) => {
    const [type = '', ...rest] = entry.split(';').map((part) => part.trim());
    const params: Record<string, string> = {};
    for (const part of rest) {
      const eq = part.indexOf('=');
      if (eq > 0) params[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
    }
    return { type: type.toLowerCase(), params };
  });
}

const acceptsJson = (media: MediaType): boolean =>
  media.type === 'application/json' || media.type === '*/*' || media.type === 'application/*';

export type ObjectRepresentation =
  | { kind: 'json' }
  | { kind: 'table'; version: string }
  | { kind: 'partial'; version: string }
  | { kind: 'none' };

/** What to send for an object or list request. */
export function objectRepresentation(header: string | undefined): ObjectRepresentation {
  const media = parseAccept(header);
  if (media.length === 0) return { kind: 'json' };
  for (const entry of media) {
    if (!acceptsJson(entry)) continue;
    const { as, g, v } = entry.params;
    if (as === undefined) return { kind: 'json' };
    if (g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) {
      if (as === 'Table') return { kind: 'table', version: v };
      if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return { kind: 'partial', version: v };
    }
  }
  return { kind: 'none' };
}

/** The aggregated discovery version asked for (`v2` or `v2beta1`), or undefined for the legacy documents. */
export function aggregatedDiscoveryVersion(header: string | undefined): string | undefined {
  for (const entry of parseAccept(header)) {
    if (entry.type !== 'application/json' || entry.params.as !== 'APIGroupDiscoveryList') continue;
    if (entry.params.g === 'apidiscovery.k8s.io' && (entry.params.v === 'v2' || entry.params.v === 'v2beta1')) return entry.params.v;
    }
  return undefined;
}
