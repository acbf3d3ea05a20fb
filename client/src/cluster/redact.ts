/**
 * Errors in words that are safe to show and log: never a token, a client key, a certificate, or a request's
 * headers. Everything the model reports about a failure goes through {@link describeError}.
 */

const networkCodes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate chain is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate cannot be verified',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not name this host',
};

/** The first line of a message with anything that looks like a credential removed, at most 300 characters. */
export function scrub(message: string): string {
  const firstLine = message.split('\n')[0] ?? '';
  return firstLine
    .replace(/\b(bearer|basic)\s+[^\s",]+/gi, '$1 …')
    .replace(/(token|password|secret)([=:\s"]+)[^\s",]+/gi, '$1$2…')
    .replace(/(authorization)([=:\s"]+)(?!bearer |basic )[^\s",]+/gi, '$1$2…')
    .replace(/-----BEGIN [^-]+-----/g, '…')
    .replace(/[A-Za-z0-9+/_.=-]{40,}/g, '…')
    .slice(0, 300);
}

/** An error from the transport, with the HTTP status or system error code a caller may branch on. */
export class KubeRequestError extends Error {
  constructor(
    message: string,
    /** HTTP status, when the server answered. */
    readonly status?: number,
    /** Node's system error code (`ECONNREFUSED`...), when the connection failed. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'KubeRequestError';
  }
}

const statusWords: Record<number, string> = {
  401: 'Unauthorized: the credentials were refused',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A short, secret-free description of any error the model may meet. */
export function describeError(error: unknown): string {
  if (error instanceof KubeRequestError) return scrub(error.message);
  const e = (error ?? {}) as { code?: unknown; message?: unknown; name?: unknown; statusCode?: unknown };
  if (typeof e.code === 'string' && networkCodes[e.code]) return `${networkCodes[e.code]} (${e.code})`;
  if (typeof e.statusCode === 'number') return `HTTP ${e.statusCode}${statusWords[e.statusCode] ? ` ${statusWords[e.statusCode]}` : ''}`;
  if (e.name === 'AbortError') return 'request cancelled';
  if (typeof e.message === 'string' && e.message !== '') return scrub(e.message);
  return 'unknown error';
}

/** Words for an HTTP status and the Kubernetes Status message the server sent with it (already safe to show). */
export function describeStatus(status: number, serverMessage: string | undefined): string {
  const words = statusWords[status] ?? '';
  const head = `HTTP ${status}${words ? ` ${words}` : ''}`;
  return serverMessage ? `${head}: ${scrub(serverMessage)}` : head;
}

/** A server URL without user info, query or fragment, for display. */
export function safeServer(server: string | undefined): string {
  if (!server) return '(no server)';
  try {
    const url = new URL(server);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return '(unparseable server URL)';
  }
}
