/**
 * Counters and the update strategy (`ValidateDaemonSetSpec` steps 7-8), checked after apps/v1 defaulting as the
 * API server does: an unset `maxUnavailable` is 1, an unset `maxSurge` is 0, so `{maxSurge: 1}` alone is invalid.
 * OnDelete ignores `rollingUpdate` entirely, whatever it holds.
 */
import type { Finding, Fix, Path, Rule, RuleContext } from './types';
import { get, isDaemonSet, isRecord, show } from './util';

const strategyPath: Path = ['spec', 'updateStrategy'];
const rollingUpdatePath: Path = [...strategyPath, 'rollingUpdate'];
const maxUnavailablePath: Path = [...rollingUpdatePath, 'maxUnavailable'];
const maxSurgePath: Path = [...rollingUpdatePath, 'maxSurge'];

export const updateStrategyRule: Rule = {
  id: 'update-strategy',
  appliesTo: isDaemonSet,
  codes: [
    { code: 'min-ready-seconds-negative', severity: 'error', title: 'minReadySeconds must be greater than or equal to 0' },
    { code: 'revision-history-limit-negative', severity: 'error', title: 'revisionHistoryLimit must be greater than or equal to 0' },
    { code: 'update-strategy-type-invalid', severity: 'error', title: 'updateStrategy.type must be RollingUpdate or OnDelete' },
    { code: 'rolling-update-value-invalid', severity: 'error', title: 'maxUnavailable / maxSurge must be a non-negative integer or a percentage up to 100%' },
    { code: 'rolling-update-both-nonzero', severity: 'error', title: 'maxSurge may not be set when maxUnavailable is non-zero (maxUnavailable defaults to 1)' },
    { code: 'rolling-update-both-zero', severity: 'error', title: 'maxUnavailable cannot be 0 when maxSurge is 0' },
    { code: 'rolling-update-ignored', severity: 'information', title: 'rollingUpdate is ignored when the update strategy is OnDelete' },
  ],
  check: checkUpdateStrategy,
};

function checkUpdateStrategy(context: RuleContext): Finding[] {
  const object = context.resource.object;
  return [
    ...nonNegative(object, ['spec', 'minReadySeconds'], 'min-ready-seconds-negative'),
    ...nonNegative(object, ['spec', 'revisionHistoryLimit'], 'revision-history-limit-negative'),
    ...strategyFindings(object),
  ];
}

function nonNegative(object: Record<string, unknown>, path: Path, code: string): Finding[] {
  const value = get(object, path);
  if (typeof value !== 'number' || value >= 0) return [];
  return [
    {
      code,
      message: `Invalid value ${value} for \`${String(path[path.length - 1])}\`: must be greater than or equal to 0.`,
      path,
      fixes: [{ title: `Set ${String(path[path.length - 1])} to 0`, edits: [{ kind: 'set', path, value: 0 }], preferred: true }],
    },
  ];
}

function strategyFindings(object: Record<string, unknown>): Finding[] {
  const strategy = get(object, strategyPath);
  if (!isRecord(strategy)) return [];
  const type = strategy.type === undefined || strategy.type === null ? '' : strategy.type;
  if (type === 'OnDelete') {
    if (strategy.rollingUpdate === undefined || strategy.rollingUpdate === null) return [];
    return [
      {
        code: 'rolling-update-ignored',
        message: '`rollingUpdate` is ignored when the update strategy is OnDelete: pods are replaced only when you delete them.',
        path: rollingUpdatePath,
        target: 'key',
        fixes: [{ title: 'Remove rollingUpdate', edits: [{ kind: 'delete', path: rollingUpdatePath }] }],
      },
    ];
  }
  if (type !== '' && type !== 'RollingUpdate') {
    const fixed = typeof type === 'string' ? ['RollingUpdate', 'OnDelete'].find((candidate) => candidate.toLowerCase() === type.toLowerCase().replace(/[^a-z]/g, '')) : undefined;
    return [
      {
        code: 'update-strategy-type-invalid',
        message: `Unsupported value ${show(type)} for updateStrategy.type: supported values: "OnDelete", "RollingUpdate" (case-sensitive).`,
        path: [...strategyPath, 'type'],
        ...(fixed ? { fixes: [{ title: `Set type: ${fixed}`, edits: [{ kind: 'set', path: [...strategyPath, 'type'], value: fixed }], preferred: true }] } : {}),
      },
    ];
  }
  const rollingUpdate = strategy.rollingUpdate;
  if (rollingUpdate !== undefined && rollingUpdate !== null && !isRecord(rollingUpdate)) return [];
  return rollingUpdateFindings(isRecord(rollingUpdate) ? rollingUpdate : {});
}

/** An `IntOrString` as decoded: absent (defaulted), int, string, or something that does not decode. */
type IntOrString = { kind: 'absent' } | { kind: 'int'; value: number } | { kind: 'string'; value: string } | { kind: 'bad' };

function readIntOrString(value: unknown): IntOrString {
  if (value === undefined || value === null) return { kind: 'absent' };
  if (typeof value === 'number') return Number.isInteger(value) ? { kind: 'int', value } : { kind: 'bad' };
  if (typeof value === 'string') return { kind: 'string', value };
  return { kind: 'bad' };
}

/** `getIntOrPercentValue`: a percent's number, an int, or a string's `Atoi` (0 when it does not parse). */
function amount(value: IntOrString): number {
  switch (value.kind) {
    case 'int':
      return value.value;
    case 'string': {
      const percent = /^([0-9]+)%$/.exec(value.value);
      if (percent) return Number(percent[1]);
      return /^[+-]?[0-9]+$/.test(value.value) ? Number(value.value) : 0;
    }
    default:
      return 0;
  }
}

function formatProblems(value: IntOrString, path: Path, field: string): Finding[] {
  const report = (message: string, fixes?: Fix[]): Finding => ({ code: 'rolling-update-value-invalid', message, path, ...(fixes ? { fixes } : {}) });
  switch (value.kind) {
    case 'int':
      return value.value < 0 ? [report(`Invalid value ${value.value} for ${field}: must be greater than or equal to 0.`)] : [];
    case 'string': {
      const percent = /^([0-9]+)%$/.exec(value.value);
      if (!percent) {
        const asInt = /^[0-9]+$/.test(value.value) ? Number(value.value) : undefined;
        return [
          report(
            `Invalid value ${show(value.value)} for ${field}: a valid percent string must be a numeric string followed by an ending '%' ` +
              `(e.g. '1%', or '93%', regex used for validation is '[0-9]+%')${asInt !== undefined ? `; for a number of pods write ${asInt} without quotes` : ''}.`,
            asInt !== undefined ? [{ title: `Set ${field} to ${asInt}`, edits: [{ kind: 'set', path, value: asInt }], preferred: true }] : undefined,
          ),
        ];
      }
      return Number(percent[1]) > 100 ? [report(`Invalid value ${show(value.value)} for ${field}: must not be greater than 100%.`)] : [];
    }
    case 'bad':
      return [report(`Invalid value for ${field}: must be an integer or percentage (e.g '5%').`)];
    case 'absent':
      return [];
  }
}

function rollingUpdateFindings(rollingUpdate: Record<string, unknown>): Finding[] {
  const maxUnavailable = readIntOrString(rollingUpdate.maxUnavailable);
  const maxSurge = readIntOrString(rollingUpdate.maxSurge);
  const findings = [...formatProblems(maxUnavailable, maxUnavailablePath, 'maxUnavailable'), ...formatProblems(maxSurge, maxSurgePath, 'maxSurge')];
  // apps/v1 defaulting: maxUnavailable 1, maxSurge 0.
  const unavailable = maxUnavailable.kind === 'absent' ? 1 : amount(maxUnavailable);
  const surge = maxSurge.kind === 'absent' ? 0 : amount(maxSurge);
  const setUnavailableToZero: Fix = { title: 'Set maxUnavailable to 0', edits: [{ kind: 'set', path: maxUnavailablePath, value: 0 }], preferred: true };
  const removeSurge: Fix = { title: 'Remove maxSurge', edits: [{ kind: 'delete', path: maxSurgePath }] };
  if (unavailable !== 0 && surge !== 0) {
    findings.push({
      code: 'rolling-update-both-nonzero',
      message:
        maxUnavailable.kind === 'absent'
          ? `\`maxSurge\` may not be set when maxUnavailable is non-zero: \`maxUnavailable\` is not set and defaults to 1. ` +
            'To surge (start the new pod before the old one stops), also set `maxUnavailable: 0`.'
          : `\`maxSurge\` may not be set when maxUnavailable is non-zero (maxUnavailable is ${show(rollingUpdate.maxUnavailable)}): ` +
            'a DaemonSet update either surges or takes pods down, not both. Set one of them to 0.',
      path: maxSurgePath,
      ...(maxUnavailable.kind === 'absent' ? {} : { related: [{ path: maxUnavailablePath, message: 'maxUnavailable is non-zero' }] }),
      fixes: [setUnavailableToZero, removeSurge],
    });
  } else if (unavailable === 0 && surge === 0) {
    findings.push({
      code: 'rolling-update-both-zero',
      message: '`maxUnavailable` cannot be 0 when maxSurge is 0: the rollout could never replace a pod. Set maxUnavailable (e.g. 1) or maxSurge.',
      path: maxUnavailablePath,
      fixes: [{ title: 'Set maxUnavailable to 1', edits: [{ kind: 'set', path: maxUnavailablePath, value: 1 }], preferred: true }],
    });
  }
  return findings;
}
