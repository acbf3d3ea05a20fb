/**
 * `limit`/`continue` paging. The first page takes a snapshot (an array of references to immutable stored
 * objects: cheap), so later pages are consistent with the first, as etcd serves them at one revision.
 * Tokens look like the API server's: base64 of `{"v":"meta.k8s.io/v1","rv":N,"start":"key"}` plus a
 * snapshot id. A token whose snapshot is gone (expired or evicted) continues from its key on current data,
 * or answers 410 when its revision is older than the kept history, as a compacted etcd would.
 */
import { randomUUID } from 'node:crypto';
import { objectKey, type KubeObject } from './objects';
import { badRequest, expired } from './status';

interface Snapshot {
  items: readonly KubeObject[];
  revision: number;
  createdAt: number;
}

interface Token {
  v: string;
  rv: number;
  start: string;
  snapshot?: string;
  offset?: number;
}

export interface Page {
  items: KubeObject[];
  revision: number;
  continue?: string;
  remainingItemCount?: number;
}

const maxSnapshots = 32;
const snapshotTtlMs = 5 * 60 * 1000;

const keyOf = (object: KubeObject): string => objectKey(object.metadata.namespace, object.metadata.name ?? '');

export class Paginator {
  private readonly snapshots = new Map<string, Snapshot>();

  /**
   * One page. `current` lists the filtered objects now (in key order), `revision` is the store's revision
   * and `compacted` the oldest revision the history still covers.
   */
  page(current: () => KubeObject[], revision: number, compacted: number, limit: number | undefined, token: string | undefined): Page {
    if (!token) {
      const items = current();
      if (!limit || items.length <= limit) return { items, revision };
      const id = this.keep({ items, revision, createdAt: Date.now() });
      return this.slice(items, 0, limit, revision, id);
    }
    const parsed = decode(token);
    const snapshot = parsed.snapshot ? this.snapshots.get(parsed.snapshot) : undefined;
    if (snapshot && parsed.offset !== undefined) {
      return this.slice(snapshot.items, parsed.offset, limit ?? snapshot.items.length, snapshot.revision, parsed.snapshot);
    }
    if (parsed.rv < compacted) {
      throw expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      );
    }
    const rest = current().filter((object) => keyOf(object) > parsed.start);
    return this.slice(rest, 0, limit ?? rest.length, parsed.rv, undefined);
  }

  private slice(items: readonly KubeObject[], offset: number, limit: number, revision: number, snapshot: string | undefined): Page {
    const end = Math.min(items.length, offset + limit);
    const pageItems = items.slice(offset, end);
    if (end >= items.length) return { items: pageItems, revision };
    const last = pageItems[pageItems.length - 1];
    const token: Token = { v: 'meta.k8s.io/v1', rv: revision, start: last ? keyOf(last) : '', ...(snapshot ? { snapshot, offset: end } : {}) };
    return {
      items: pageItems,
      revision,
      continue: Buffer.from(JSON.stringify(token)).toString('base64url'),
      remainingItemCount: items.length - end,
    };
  }

  private keep(snapshot: Snapshot): string {
    const now = Date.now();
    for (const [id, kept] of this.snapshots) {
      if (now - kept.createdAt > snapshotTtlMs || this.snapshots.size >= maxSnapshots) this.snapshots.delete(id);
    }
    const id = randomUUID();
    this.snapshots.set(id, snapshot);
    return id;
  }
}

function decode(token: string): Token {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Token;
    if (typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') throw new Error('bad token');
    return parsed;
  } catch {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}
