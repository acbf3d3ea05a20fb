/**
 * The HTTPS listener: serves with the cluster's certificate, can stop (dropping every open connection, as
 * a crashed API server does) and listen again on the same port with the same certificate.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ClusterPki } from './certs';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export class HttpsListener {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private boundPort = 0;

  constructor(
    private readonly pki: ClusterPki,
    private readonly handler: RequestHandler,
    private readonly host: string,
  ) {}

  get port(): number {
    return this.boundPort;
  }

  get listening(): boolean {
    return this.server !== undefined;
  }

  /** Listens on `port` (0: any free port) and resolves with the bound port. */
  async listen(port: number): Promise<number> {
    if (this.server) return this.boundPort;
    const server = createServer({ cert: this.pki.server.certPem, key: this.pki.server.keyPem, keepAliveTimeout: 60_000 }, this.handler);
    // Every TCP connection, including those still in the TLS handshake: `close()` must not wait for any of them.
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    // Requests with long bodies or slow watches must not be cut by Node's default timeouts.
    server.requestTimeout = 0;
    server.headersTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : port;
    this.server = server;
    return this.boundPort;
  }

  /** Stops listening and drops every connection. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    server.closeAllConnections();
    await closed;
  }
}
