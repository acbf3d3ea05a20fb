/**
 * DaemonSets under apiVersions that Kubernetes 1.16 stopped serving. The other rules validate them as apps/v1
 * would, except the missing selector: the migration fix here adds it, and this finding says so.
 */
import type { Finding, Rule, RuleContext, StructuralEdit } from './types';
import { get, labelsOf, removedDaemonSetApiVersions, templateLabelsPath } from './util';
import { selectorLabels } from './selector';

export const apiVersionRule: Rule = {
  id: 'api-version',
  appliesTo: (resource) => resource.kind === 'DaemonSet' && removedDaemonSetApiVersions.has(resource.apiVersion),
  codes: [{ code: 'daemonset-api-version-removed', severity: 'error', title: 'DaemonSet apiVersion removed in Kubernetes 1.16; use apps/v1' }],
  check: checkApiVersion,
};

function checkApiVersion(context: RuleContext): Finding[] {
  const { apiVersion, object } = context.resource;
  const selector = get(object, ['spec', 'selector']);
  const selectorMissing = selector === undefined || selector === null;
  const matchLabels = selectorLabels(labelsOf(get(object, templateLabelsPath)));
  const strategyType = get(object, ['spec', 'updateStrategy', 'type']);

  let message =
    apiVersion === 'apps/v1beta1'
      ? 'apps/v1beta1 never served DaemonSets, and it was removed in Kubernetes 1.16; use apps/v1.'
      : `DaemonSet ${apiVersion} was removed in Kubernetes 1.16; use apps/v1.`;
  if (selectorMissing) {
    message +=
      apiVersion === 'extensions/v1beta1'
        ? ' apps/v1 also requires `spec.selector`, which extensions/v1beta1 defaulted from the template labels.'
        : ' apps/v1 also requires `spec.selector` (it is not defaulted from the template labels).';
  }
  if (apiVersion === 'extensions/v1beta1' && (strategyType === undefined || strategyType === null || strategyType === '')) {
    message += ' Note: extensions/v1beta1 defaulted `updateStrategy` to OnDelete; apps/v1 defaults it to RollingUpdate.';
  }

  const edits: StructuralEdit[] = [{ kind: 'set', path: ['apiVersion'], value: 'apps/v1' }];
  if (selectorMissing && matchLabels) edits.push({ kind: 'set', path: ['spec', 'selector'], value: { matchLabels } });
  return [{ code: 'daemonset-api-version-removed', message, path: ['apiVersion'], fixes: [{ title: 'Migrate to apps/v1', edits, preferred: true }] }];
}
