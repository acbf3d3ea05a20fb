/**
 * The kubeconfig for the cluster: its CA, its URL and a bearer token. Written atomically (temporary file
 * then rename), so a reader that sees the file sees all of it: its appearance is the readiness signal.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const contextName = 'daemonset-tools-test';

export function kubeconfigYaml(server: string, caPem: string, token: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${contextName}`,
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}`,
    'users:',
    `- name: ${contextName}-admin`,
    '  user:',
    `    token: ${token}`,
    'contexts:',
    `- name: ${contextName}`,
    '  context:',
    `    cluster: ${contextName}`,
    `    user: ${contextName}-admin`,
    '    namespace: default',
    `current-context: ${contextName}`,
    '',
  ].join('\n');
}

export function writeKubeconfig(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, path);
}
