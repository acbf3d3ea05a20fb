/**
 * Every request handler runs through here: cancellation answers `RequestCancelled`, an exception is logged and
 * answered with an empty result, never a crash of the server.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

export interface Logger {
  error(message: string): void;
}

export async function runSafe<T>(
  logger: Logger,
  what: string,
  token: CancellationToken | undefined,
  emptyResult: T,
  work: () => T | Promise<T>,
): Promise<T | ResponseError<void>> {
  if (token?.isCancellationRequested) return cancelled();
  try {
    const result = await work();
    if (token?.isCancellationRequested) return cancelled();
    return result;
  } catch (error) {
    logger.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return emptyResult;
  }
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}
