/** What a CLI command may touch, so that tests can run commands in-process and capture their output. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour and other terminal niceties only when stdout is a terminal. */
  isTty: boolean;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes of `daemonset-check` (DESIGN.md): 0 clean, 1 an error-severity finding, 2 usage or input errors. */
export const ExitCode = { ok: 0, findings: 1, usage: 2 } as const;

export class UsageError extends Error {}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    cwd: process.cwd(),
    env: process.env,
  };
}
