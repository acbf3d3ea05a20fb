/**
 * Entry point of the language server (`node dist/server.js --stdio`, or IPC when started by the VS Code client).
 * `createConnection` picks the transport from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
