/** `daemonset-check`: the project's checks from a terminal or CI. */
import { processIo, ExitCode, UsageError, type CliIo } from './io';
import { runLint, lintUsage } from './lintCommand';
import { runPlacement } from './placementCommand';
import { ruleCodes } from '../rules/registry';

const usage = `daemonset-check: Kubernetes DaemonSet checks

  daemonset-check lint FILES... [--format text|json|sarif] [--no-schema]
      Reports what the API server would reject and the placement pitfalls it accepts, and (unless
      --no-schema) what does not match the bundled Kubernetes schema, as the editor does.
      Exit 1 when an error was reported, 0 otherwise, 2 on usage errors or unreadable files.

  daemonset-check placement FILES... [--nodes NODES_FILE | --context NAME] [--format text|json]
      Which nodes each DaemonSet runs on, and why not on the others. Nodes come from NODES_FILE
      (kubectl get nodes -o json|yaml, a Node, or YAML documents of Nodes) or from a kube context.

  daemonset-check rules [--markdown]
      Lists every diagnostic code with its severity.
`;

function formatRules(markdown: boolean): string {
  const codes = [...ruleCodes.values()];
  if (markdown) {
    return ['| code | severity | what it reports |', '|---|---|---|', ...codes.map((c) => `| \`${c.code}\` | ${c.severity} | ${c.title} |`)].join('\n') + '\n';
  }
  const width = Math.max(...codes.map((c) => c.code.length));
  return codes.map((c) => `${c.code.padEnd(width)}  ${c.severity.padEnd(11)}  ${c.title}`).join('\n') + '\n';
}

export async function main(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'lint':
        return await runLint(rest, io);
      case 'placement':
        return await runPlacement(rest, io);
      case 'rules':
        io.stdout(formatRules(rest.includes('--markdown')));
        return ExitCode.ok;
      case '--help':
      case '-h':
      case 'help':
        io.stdout(usage);
        return ExitCode.ok;
      case '--version':
        io.stdout('0.1.0\n');
        return ExitCode.ok;
      default:
        io.stderr(command ? `daemonset-check: unknown command '${command}'\n\n${usage}` : usage);
        return ExitCode.usage;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`daemonset-check: ${error.message}\n${command === 'lint' ? lintUsage : ''}\n`);
      return ExitCode.usage;
    }
    io.stderr(`daemonset-check: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.usage;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
