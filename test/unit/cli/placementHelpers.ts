/** A fake CliIo and temporary files for running `placement` in-process. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../../server/src/cli/io';
import { runPlacement } from '../../../server/src/cli/placementCommand';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function placement(args: string[], options: { cwd: string; env?: Record<string, string | undefined>; isTty?: boolean }): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    isTty: options.isTty ?? false,
    cwd: options.cwd,
    // Never the developer's own kubeconfig: HOME points into the temporary directory unless a test says otherwise.
    env: { HOME: options.cwd, ...options.env },
  };
  const code = await runPlacement(args, io);
  return { code, stdout, stderr };
}

/** A temporary directory with the given files. */
export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'placement-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

export const daemonSetYaml = (name: string, spec: object, extra = ''): string =>
  `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ${name}${extra}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: ${JSON.stringify(spec)}\n`;
