/**
 * What the user sees for every rule code, end to end through `analyzeText` (parse, rules, locate): the code, its
 * severity and the exact underlined range. Each failing example marks every range of its code with `⟦` and `⟧`
 * (see ./markers.ts); its passing example is the minimal edit of the same text that makes the diagnostic go away.
 *
 * Ranges noted `wide` are the current behaviour but wider than the problem: they are pinned here so that a change
 * is deliberate, not because they are the ideal.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, defaultAnalysisOptions, type FileDiagnostic } from '../../../server/src/analysis/analyzeFile';
import { ruleCodes } from '../../../server/src/rules/registry';
import type { RuleOptions, Severity } from '../../../server/src/rules/types';
import { compareRanges, parseMarkers, textOf, withMarkers } from './markers';

interface RangeCase {
  code: string;
  severity: Severity;
  /** The behaviour, as the test name after the code: "underlines the value". */
  shows: string;
  /** The failing example: `⟦...⟧` around every range of `code` (no more, no fewer diagnostics of it). */
  yaml: string;
  /** The other codes the failing example reports (by design: the example is otherwise clean). */
  also?: readonly string[];
  options?: RuleOptions;
  /** Why this range is wider than the problem: current behaviour, pinned, not endorsed. */
  wide?: string;
  /**
   * The minimal change that makes the diagnostic disappear: replacements in the failing text (markers stripped),
   * each `from` occurring exactly once. `also` lists the other codes of the fixed text (default: the same as the
   * failing example's).
   */
  fix: { by: string; edits: readonly (readonly [from: string, to: string])[]; also?: readonly string[] };
}

const cases: RangeCase[] = [
  // ---------------------------------------------------------------------------------------------- apiVersion
  {
    code: 'daemonset-api-version-removed',
    severity: 'error',
    shows: 'underlines the apiVersion value',
    yaml: `apiVersion: ⟦extensions/v1beta1⟧
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
spec:
  selector:
    matchLabels: {name: fluentd-elasticsearch}
  updateStrategy: {type: RollingUpdate}
  template:
    metadata:
      labels: {name: fluentd-elasticsearch}
    spec:
      containers:
      - name: fluentd-elasticsearch
        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
`,
    fix: { by: 'not reported under apps/v1', edits: [['extensions/v1beta1', 'apps/v1']] },
  },
  {
    code: 'daemonset-api-version-removed',
    severity: 'error',
    shows: 'underlines a quoted apiVersion with its quotes',
    yaml: `apiVersion: ⟦"apps/v1beta2"⟧
kind: DaemonSet
metadata: {name: csi-node, namespace: kube-system}
spec:
  selector: {matchLabels: {app: csi-node}}
  template:
    metadata: {labels: {app: csi-node}}
    spec:
      containers: [{name: csi-driver, image: registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.10.1}]
`,
    fix: { by: 'not reported under "apps/v1"', edits: [['"apps/v1beta2"', '"apps/v1"']] },
  },

  // ---------------------------------------------------------------------------------------------- metadata
  {
    code: 'metadata-name-missing',
    severity: 'error',
    shows: 'underlines the metadata key when name is absent',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
⟦metadata⟧:
  namespace: monitoring
  labels: {app.kubernetes.io/name: node-exporter}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: node-exporter}}
  template:
    metadata: {labels: {app.kubernetes.io/name: node-exporter}}
    spec:
      hostNetwork: true
      hostPID: true
      containers:
      - name: node-exporter
        image: quay.io/prometheus/node-exporter:v1.8.1
        args: [--path.rootfs=/host]
        ports: [{name: metrics, containerPort: 9100, hostPort: 9100}]
`,
    fix: { by: 'not reported once the name is set', edits: [['  namespace: monitoring\n', '  name: node-exporter\n  namespace: monitoring\n']] },
  },
  {
    code: 'metadata-name-missing',
    severity: 'error',
    shows: 'underlines an empty name value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ⟦""⟧, namespace: kube-system}
spec:
  selector: {matchLabels: {app: csi-node}}
  template:
    metadata: {labels: {app: csi-node}}
    spec:
      containers: [{name: csi-driver, image: registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.10.1}]
`,
    fix: { by: 'not reported with a generateName instead', edits: [['name: ""', 'generateName: csi-node-']] },
  },
  {
    code: 'metadata-name-missing',
    severity: 'error',
    shows: 'underlines the kind key when metadata is absent',
    yaml: `apiVersion: apps/v1
⟦kind⟧: DaemonSet
spec:
  selector: {matchLabels: {app: pause}}
  template:
    metadata: {labels: {app: pause}}
    spec:
      containers: [{name: pause, image: registry.k8s.io/pause:3.9}]
`,
    fix: { by: 'not reported once metadata has a name', edits: [['kind: DaemonSet\n', 'kind: DaemonSet\nmetadata: {name: pause}\n']] },
  },
  {
    code: 'metadata-name-missing',
    severity: 'error',
    shows: 'underlines the List item\'s kind key when metadata is absent',
    yaml: `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ServiceAccount
  metadata: {name: fluent-bit, namespace: logging}
- apiVersion: apps/v1
  ⟦kind⟧: DaemonSet
  spec:
    selector:
      matchLabels: {app: fluent-bit}
    template:
      metadata:
        labels: {app: fluent-bit}
      spec:
        serviceAccountName: fluent-bit
        containers:
        - name: fluent-bit
          image: cr.fluentbit.io/fluent/fluent-bit:3.0.7
`,
    fix: {
      by: 'not reported once the List item has metadata',
      edits: [['  kind: DaemonSet\n', '  kind: DaemonSet\n  metadata: {name: fluent-bit, namespace: logging}\n']],
    },
  },
  {
    code: 'metadata-name-missing',
    severity: 'error',
    shows: 'underlines the metadata key when a flow metadata over several lines has no name',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
⟦metadata⟧: {namespace: kube-system,
  labels: {app.kubernetes.io/name: kube-proxy, app.kubernetes.io/component: networking}}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: kube-proxy}}
  template:
    metadata: {labels: {app.kubernetes.io/name: kube-proxy}}
    spec:
      containers: [{name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.30.2}]
`,
    fix: { by: 'not reported once the flow metadata has a name', edits: [['metadata: {namespace: kube-system,', 'metadata: {name: kube-proxy, namespace: kube-system,']] },
  },
  {
    code: 'metadata-name-invalid',
    severity: 'error',
    shows: 'underlines the name value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ⟦Fluent_Bit⟧
  namespace: logging
spec:
  selector:
    matchLabels: {app: fluent-bit}
  template:
    metadata:
      labels: {app: fluent-bit}
    spec:
      containers:
      - name: fluent-bit
        image: cr.fluentbit.io/fluent/fluent-bit:3.0.7
`,
    fix: { by: 'not reported for a lowercase name', edits: [['Fluent_Bit', 'fluent-bit']] },
  },
  {
    code: 'metadata-name-invalid',
    severity: 'error',
    shows: 'underlines the generateName value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {generateName: ⟦Canary-⟧, namespace: kube-system}
spec:
  selector: {matchLabels: {app: canary}}
  template:
    metadata: {labels: {app: canary}}
    spec:
      containers: [{name: canary, image: registry.k8s.io/e2e-test-images/agnhost:2.47}]
`,
    fix: { by: 'not reported for a lowercase generateName', edits: [['Canary-', 'canary-']] },
  },
  {
    code: 'metadata-namespace-invalid',
    severity: 'error',
    shows: 'underlines the namespace value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
  namespace: ⟦Monitoring⟧
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      containers: [{name: node-exporter, image: quay.io/prometheus/node-exporter:v1.8.1}]
`,
    fix: { by: 'not reported for a lowercase namespace', edits: [['Monitoring', 'monitoring']] },
  },
  {
    code: 'label-invalid',
    severity: 'error',
    shows: 'underlines an invalid label key of the DaemonSet',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
  namespace: monitoring
  labels:
    app.kubernetes.io/name: node-exporter
    ⟦example.com/team/owner⟧: sre
spec:
  selector: {matchLabels: {app.kubernetes.io/name: node-exporter}}
  template:
    metadata: {labels: {app.kubernetes.io/name: node-exporter}}
    spec:
      containers: [{name: node-exporter, image: quay.io/prometheus/node-exporter:v1.8.1}]
`,
    fix: { by: 'not reported for a key with one prefix', edits: [['example.com/team/owner', 'example.com/team-owner']] },
  },
  {
    code: 'label-invalid',
    severity: 'error',
    shows: 'underlines a number as a pod template label value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node, namespace: kube-system}
spec:
  selector:
    matchLabels: {k8s-app: calico-node}
  template:
    metadata:
      labels: {k8s-app: calico-node, version: ⟦3.27⟧}
    spec:
      hostNetwork: true
      containers:
      - name: calico-node
        image: docker.io/calico/node:v3.27.3
`,
    fix: { by: 'not reported once the value is quoted', edits: [['version: 3.27', 'version: "3.27"']] },
  },
  {
    code: 'annotation-invalid',
    severity: 'error',
    shows: 'underlines a boolean annotation value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata:
      labels: {app: node-exporter}
      annotations:
        prometheus.io/scrape: ⟦true⟧
        prometheus.io/port: "9100"
    spec:
      containers: [{name: node-exporter, image: quay.io/prometheus/node-exporter:v1.8.1}]
`,
    fix: { by: 'not reported once the value is quoted', edits: [['scrape: true', 'scrape: "true"']] },
  },
  {
    code: 'annotation-invalid',
    severity: 'error',
    shows: 'underlines an invalid annotation key in a flow map',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
  namespace: monitoring
  annotations: {⟦owner team⟧: platform-sre}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      containers: [{name: node-exporter, image: quay.io/prometheus/node-exporter:v1.8.1}]
`,
    fix: { by: 'not reported for a key without a space', edits: [['owner team', 'owner-team']] },
  },
  {
    code: 'annotation-invalid',
    severity: 'error',
    shows: 'underlines the annotations key when they are too large',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
  namespace: monitoring
  ⟦annotations⟧:
    kubectl.kubernetes.io/last-applied-configuration: ${'x'.repeat(256 * 1024)}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      containers: [{name: node-exporter, image: quay.io/prometheus/node-exporter:v1.8.1}]
`,
    fix: { by: 'not reported for annotations under 256 KiB', edits: [['x'.repeat(256 * 1024), 'x'.repeat(1024)]] },
  },

  // ---------------------------------------------------------------------------------------------- selector
  {
    code: 'selector-missing',
    severity: 'error',
    shows: 'underlines the spec key',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system}
⟦spec⟧:
  template:
    metadata:
      labels: {k8s-app: kube-proxy}
    spec:
      hostNetwork: true
      containers:
      - name: kube-proxy
        image: registry.k8s.io/kube-proxy:v1.30.2
        command: [/usr/local/bin/kube-proxy, --config=/var/lib/kube-proxy/config.conf]
`,
    fix: { by: 'not reported once the selector is set', edits: [['spec:\n  template:', 'spec:\n  selector: {matchLabels: {k8s-app: kube-proxy}}\n  template:']] },
  },
  {
    code: 'selector-missing',
    severity: 'error',
    shows: 'underlines the kind key when spec is absent',
    also: ['containers-missing'],
    yaml: `apiVersion: apps/v1
⟦kind⟧: DaemonSet
metadata:
  name: kube-proxy
  namespace: kube-system
`,
    fix: {
      by: 'not reported once spec has a selector and template labels',
      edits: [['  namespace: kube-system\n', '  namespace: kube-system\nspec: {selector: {matchLabels: {k8s-app: kube-proxy}}, template: {metadata: {labels: {k8s-app: kube-proxy}}}}\n']],
      also: ['containers-missing'],
    },
  },
  {
    code: 'selector-empty',
    severity: 'error',
    shows: 'underlines the selector key of a selector with an empty matchLabels',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system}
spec:
  ⟦selector⟧:
    matchLabels:
  template:
    metadata:
      labels: {k8s-app: kube-proxy}
    spec:
      containers: [{name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.30.2}]
`,
    fix: { by: 'not reported once matchLabels has a label', edits: [['    matchLabels:\n', '    matchLabels: {k8s-app: kube-proxy}\n']] },
  },
  {
    code: 'selector-empty',
    severity: 'error',
    shows: 'underlines an empty flow selector',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system}
spec:
  selector: ⟦{}⟧
  template:
    metadata: {labels: {k8s-app: kube-proxy}}
    spec:
      containers: [{name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.30.2}]
`,
    fix: { by: 'not reported once the selector has a label', edits: [['selector: {}', 'selector: {matchLabels: {k8s-app: kube-proxy}}']] },
  },
  {
    code: 'selector-invalid',
    severity: 'error',
    shows: 'underlines a lowercase operator',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: cilium, namespace: kube-system}
spec:
  selector:
    matchExpressions:
    - {key: k8s-app, operator: ⟦in⟧, values: [cilium]}
  template:
    metadata: {labels: {k8s-app: cilium}}
    spec:
      containers: [{name: cilium-agent, image: quay.io/cilium/cilium:v1.15.6}]
`,
    fix: { by: 'not reported for operator In', edits: [['operator: in', 'operator: In']] },
  },
  {
    code: 'selector-invalid',
    severity: 'error',
    shows: 'underlines the values key of an Exists requirement',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: cilium, namespace: kube-system}
spec:
  selector:
    matchExpressions:
    - key: k8s-app
      operator: Exists
      ⟦values⟧:
      - cilium
  template:
    metadata: {labels: {k8s-app: cilium}}
    spec:
      containers: [{name: cilium-agent, image: quay.io/cilium/cilium:v1.15.6}]
`,
    fix: { by: 'not reported without values', edits: [['      values:\n      - cilium\n', '']] },
  },
  {
    code: 'selector-mismatch',
    severity: 'error',
    shows: 'underlines the selector value and the template labels key',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluent-bit
  namespace: logging
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: ⟦fluent-bit⟧
  template:
    metadata:
      ⟦labels⟧:
        app.kubernetes.io/name: fluentbit
    spec:
      containers:
      - name: fluent-bit
        image: cr.fluentbit.io/fluent/fluent-bit:3.0.7
`,
    fix: { by: 'not reported once the template label matches', edits: [['name: fluentbit', 'name: fluent-bit']] },
  },
  {
    code: 'selector-mismatch',
    severity: 'error',
    shows: 'underlines a failing flow requirement and the flow template labels',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-problem-detector, namespace: kube-system}
spec:
  selector:
    matchLabels: {app: node-problem-detector}
    matchExpressions:
    - ⟦{key: tier, operator: In, values: [node]}⟧
  template:
    metadata:
      labels: ⟦{app: node-problem-detector, tier: nodes}⟧
    spec:
      containers: [{name: node-problem-detector, image: registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.19}]
`,
    fix: { by: 'not reported once the requirement accepts the template value', edits: [['values: [node]', 'values: [node, nodes]']] },
  },

  // ---------------------------------------------------------------------------------------------- pod template
  {
    code: 'restart-policy-not-always',
    severity: 'error',
    shows: 'underlines the restartPolicy value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: image-prepuller, namespace: kube-system}
spec:
  selector: {matchLabels: {app: image-prepuller}}
  template:
    metadata: {labels: {app: image-prepuller}}
    spec:
      restartPolicy: ⟦OnFailure⟧
      containers:
      - name: pull
        image: registry.k8s.io/pause:3.9
`,
    fix: { by: 'not reported for Always', edits: [['OnFailure', 'Always']] },
  },
  {
    code: 'restart-policy-not-always',
    severity: 'error',
    shows: 'underlines the value in a file with CRLF line breaks',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: image-prepuller, namespace: kube-system}
spec:
  selector: {matchLabels: {app: image-prepuller}}
  template:
    metadata: {labels: {app: image-prepuller}}
    spec:
      restartPolicy: ⟦Never⟧
      containers: [{name: pull, image: registry.k8s.io/pause:3.9}]
`.replace(/\n/g, '\r\n'),
    fix: { by: 'not reported for Always in a file with CRLF line breaks', edits: [['Never', 'Always']] },
  },
  {
    code: 'active-deadline-seconds-forbidden',
    severity: 'error',
    shows: 'underlines the activeDeadlineSeconds key',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: image-prepuller, namespace: kube-system}
spec:
  selector: {matchLabels: {app: image-prepuller}}
  template:
    metadata: {labels: {app: image-prepuller}}
    spec:
      ⟦activeDeadlineSeconds⟧: 3600
      containers:
      - name: pull
        image: registry.k8s.io/pause:3.9
`,
    fix: { by: 'not reported without it', edits: [['      activeDeadlineSeconds: 3600\n', '']] },
  },
  {
    code: 'containers-missing',
    severity: 'error',
    shows: 'underlines an empty containers list',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: sysctl-tuner, namespace: kube-system}
spec:
  selector: {matchLabels: {app: sysctl-tuner}}
  template:
    metadata: {labels: {app: sysctl-tuner}}
    spec:
      containers: ⟦[]⟧
`,
    fix: { by: 'not reported with one container', edits: [['containers: []', 'containers: [{name: pause, image: registry.k8s.io/pause:3.9}]']] },
  },
  {
    code: 'containers-missing',
    severity: 'error',
    shows: 'underlines the template spec key when only init containers are set',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: sysctl-tuner, namespace: kube-system}
spec:
  selector: {matchLabels: {app: sysctl-tuner}}
  template:
    metadata: {labels: {app: sysctl-tuner}}
    ⟦spec⟧:
      initContainers:
      - name: sysctl
        image: busybox:1.36
        command: [sysctl, -w, net.core.somaxconn=1024]
        securityContext: {privileged: true}
`,
    fix: {
      by: 'not reported once a container is added',
      edits: [['      initContainers:\n', '      containers: [{name: pause, image: registry.k8s.io/pause:3.9}]\n      initContainers:\n']],
    },
  },
  {
    code: 'container-name-invalid',
    severity: 'error',
    shows: 'underlines the container name value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit, namespace: logging}
spec:
  selector: {matchLabels: {app: fluent-bit}}
  template:
    metadata: {labels: {app: fluent-bit}}
    spec:
      containers:
      - name: ⟦fluent_bit⟧
        image: cr.fluentbit.io/fluent/fluent-bit:3.0.7
`,
    fix: { by: 'not reported for a DNS label', edits: [['fluent_bit', 'fluent-bit']] },
  },
  {
    code: 'container-name-invalid',
    severity: 'error',
    shows: 'underlines the first key of a block container without a name',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit, namespace: logging}
spec:
  selector: {matchLabels: {app: fluent-bit}}
  template:
    metadata: {labels: {app: fluent-bit}}
    spec:
      containers:
      - ⟦image⟧: cr.fluentbit.io/fluent/fluent-bit:3.0.7
        ports: [{name: http, containerPort: 2020}]
        volumeMounts: [{name: varlog, mountPath: /var/log, readOnly: true}]
      volumes:
      - {name: varlog, hostPath: {path: /var/log}}
`,
    fix: { by: 'not reported once the container is named', edits: [['      - image:', '      - name: fluent-bit\n        image:']] },
  },
  {
    code: 'container-name-duplicate',
    severity: 'error',
    shows: 'underlines the second name',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: csi-node, namespace: kube-system}
spec:
  selector: {matchLabels: {app: csi-node}}
  template:
    metadata: {labels: {app: csi-node}}
    spec:
      containers:
      - name: node-driver-registrar
        image: registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.10.1
      - name: ⟦node-driver-registrar⟧
        image: registry.k8s.io/sig-storage/livenessprobe:v2.12.0
`,
    fix: { by: 'not reported once the names differ', edits: [['- name: node-driver-registrar\n        image: registry.k8s.io/sig-storage/livenessprobe', '- name: liveness-probe\n        image: registry.k8s.io/sig-storage/livenessprobe']] },
  },
  {
    code: 'container-name-duplicate',
    severity: 'error',
    shows: 'underlines the init container that reuses a container name',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: calico-node}}
  template:
    metadata: {labels: {k8s-app: calico-node}}
    spec:
      initContainers:
      - {name: ⟦calico-node⟧, image: docker.io/calico/cni:v3.27.3, command: [/opt/cni/bin/install]}
      containers:
      - {name: calico-node, image: docker.io/calico/node:v3.27.3}
`,
    fix: { by: 'not reported once the init container is renamed', edits: [['{name: calico-node, image: docker.io/calico/cni', '{name: install-cni, image: docker.io/calico/cni']] },
  },
  {
    code: 'container-image-missing',
    severity: 'error',
    shows: 'underlines an empty image value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit, namespace: logging}
spec:
  selector: {matchLabels: {app: fluent-bit}}
  template:
    metadata: {labels: {app: fluent-bit}}
    spec:
      containers:
      - name: fluent-bit
        image: ⟦""⟧
`,
    fix: { by: 'not reported with an image', edits: [['image: ""', 'image: cr.fluentbit.io/fluent/fluent-bit:3.0.7']] },
  },
  {
    code: 'container-image-missing',
    severity: 'error',
    shows: 'underlines the flow container without an image',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: csi-node, namespace: kube-system}
spec:
  selector: {matchLabels: {app: csi-node}}
  template:
    metadata: {labels: {app: csi-node}}
    spec:
      containers:
      - ⟦{name: node-driver-registrar, args: [--v=5, --csi-address=/csi/csi.sock]}⟧
`,
    fix: {
      by: 'not reported once the image is set',
      edits: [['{name: node-driver-registrar,', '{name: node-driver-registrar, image: registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.10.1,']],
    },
  },
  {
    code: 'container-port-invalid',
    severity: 'error',
    shows: 'underlines a quoted containerPort',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      containers:
      - name: node-exporter
        image: quay.io/prometheus/node-exporter:v1.8.1
        ports:
        - name: metrics
          containerPort: ⟦"9100"⟧
`,
    fix: { by: 'not reported for a number', edits: [['"9100"', '9100']] },
  },
  {
    code: 'container-port-invalid',
    severity: 'error',
    shows: 'underlines a lowercase protocol and a too long port name',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-local-dns, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: node-local-dns}}
  template:
    metadata: {labels: {k8s-app: node-local-dns}}
    spec:
      containers:
      - name: node-cache
        image: registry.k8s.io/dns/k8s-dns-node-cache:1.23.1
        ports:
        - {name: dns, containerPort: 53, protocol: ⟦udp⟧}
        - {name: ⟦dns-over-tcp-port⟧, containerPort: 53, protocol: TCP}
`,
    fix: { by: 'not reported for UDP and a short name', edits: [['protocol: udp', 'protocol: UDP'], ['dns-over-tcp-port', 'dns-tcp']] },
  },
  {
    code: 'container-port-invalid',
    severity: 'error',
    shows: 'underlines a flow port without containerPort',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      containers:
      - name: node-exporter
        image: quay.io/prometheus/node-exporter:v1.8.1
        ports: [⟦{name: metrics, hostPort: 9100}⟧]
`,
    fix: { by: 'not reported with a containerPort', edits: [['{name: metrics, hostPort: 9100}', '{name: metrics, containerPort: 9100, hostPort: 9100}']] },
  },
  {
    code: 'ephemeral-containers-forbidden',
    severity: 'error',
    shows: 'underlines the ephemeralContainers key',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit, namespace: logging}
spec:
  selector: {matchLabels: {app: fluent-bit}}
  template:
    metadata: {labels: {app: fluent-bit}}
    spec:
      containers:
      - name: fluent-bit
        image: cr.fluentbit.io/fluent/fluent-bit:3.0.7
      ⟦ephemeralContainers⟧:
      - name: debugger
        image: busybox:1.36
        targetContainerName: fluent-bit
`,
    fix: { by: 'not reported without them', edits: [['      ephemeralContainers:\n      - name: debugger\n        image: busybox:1.36\n        targetContainerName: fluent-bit\n', '']] },
  },
  {
    code: 'node-name-invalid',
    severity: 'error',
    shows: 'underlines the nodeName value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: debug-agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: debug-agent}}
  template:
    metadata: {labels: {app: debug-agent}}
    spec:
      nodeName: ⟦Worker_01⟧
      containers: [{name: agent, image: busybox:1.36, command: [sleep, infinity]}]
`,
    fix: { by: 'not reported for a valid node name (which is then reported as set)', edits: [['Worker_01', 'worker-01']], also: ['node-name-set'] },
  },
  {
    code: 'node-name-set',
    severity: 'warning',
    shows: 'underlines the nodeName key',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: debug-agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: debug-agent}}
  template:
    metadata: {labels: {app: debug-agent}}
    spec:
      ⟦nodeName⟧: worker-01
      containers: [{name: agent, image: busybox:1.36, command: [sleep, infinity]}]
`,
    fix: { by: 'not reported with a nodeSelector instead', edits: [['nodeName: worker-01', 'nodeSelector: {kubernetes.io/hostname: worker-01}']] },
  },
  {
    code: 'host-port-mismatch',
    severity: 'error',
    shows: 'underlines the hostPort value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      hostNetwork: true
      containers:
      - name: node-exporter
        image: quay.io/prometheus/node-exporter:v1.8.1
        ports: [{name: metrics, containerPort: 9100, hostPort: ⟦9101⟧}]
`,
    fix: { by: 'not reported when hostPort equals containerPort', edits: [['hostPort: 9101', 'hostPort: 9100']] },
  },
  // ---------------------------------------------------------------------------------------------- volumes
  {
    code: 'volume-mount-not-found',
    severity: 'error',
    shows: 'underlines the name of the mount',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: log-agent, namespace: logging}
spec:
  selector: {matchLabels: {app: log-agent}}
  template:
    metadata: {labels: {app: log-agent}}
    spec:
      containers:
      - name: agent
        image: fluent/fluent-bit:3.0
        volumeMounts:
        - {name: ⟦varlogs⟧, mountPath: /var/log}
      volumes:
      - name: varlog
        hostPath: {path: /var/log}
`,
    fix: { by: 'not reported when the mount names the volume', edits: [['name: varlogs', 'name: varlog']] },
  },
  {
    code: 'volume-mount-path-invalid',
    severity: 'error',
    shows: 'underlines the second mount of the same path',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: log-agent, namespace: logging}
spec:
  selector: {matchLabels: {app: log-agent}}
  template:
    metadata: {labels: {app: log-agent}}
    spec:
      containers:
      - name: agent
        image: fluent/fluent-bit:3.0
        volumeMounts:
        - {name: varlog, mountPath: /var/log}
        - {name: config, mountPath: ⟦/var/log⟧}
      volumes:
      - {name: varlog, hostPath: {path: /var/log}}
      - {name: config, configMap: {name: fluent-bit}}
`,
    fix: { by: 'not reported when each mount has its own path', edits: [['name: config, mountPath: /var/log', 'name: config, mountPath: /fluent-bit/etc']] },
  },
  {
    code: 'volume-name-invalid',
    severity: 'error',
    shows: 'underlines the duplicate volume name',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: log-agent, namespace: logging}
spec:
  selector: {matchLabels: {app: log-agent}}
  template:
    metadata: {labels: {app: log-agent}}
    spec:
      containers:
      - name: agent
        image: fluent/fluent-bit:3.0
        volumeMounts:
        - {name: varlog, mountPath: /var/log}
      volumes:
      - {name: varlog, hostPath: {path: /var/log}}
      - {name: ⟦varlog⟧, hostPath: {path: /var/lib/docker/containers}}
`,
    fix: { by: 'not reported when the names differ', edits: [['name: varlog, hostPath: {path: /var/lib', 'name: containers, hostPath: {path: /var/lib']] },
  },
  {
    code: 'volume-source-invalid',
    severity: 'error',
    shows: 'underlines a misspelt volume type',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: log-agent, namespace: logging}
spec:
  selector: {matchLabels: {app: log-agent}}
  template:
    metadata: {labels: {app: log-agent}}
    spec:
      containers:
      - name: agent
        image: fluent/fluent-bit:3.0
        volumeMounts:
        - {name: config, mountPath: /fluent-bit/etc}
      volumes:
      - name: config
        ⟦configmap⟧: {name: fluent-bit}
`,
    fix: { by: 'not reported with the volume type spelt right', edits: [['configmap:', 'configMap:']] },
  },
  {
    code: 'volume-host-path-invalid',
    severity: 'error',
    shows: 'underlines the hostPath type',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: log-agent, namespace: logging}
spec:
  selector: {matchLabels: {app: log-agent}}
  template:
    metadata: {labels: {app: log-agent}}
    spec:
      containers:
      - name: agent
        image: fluent/fluent-bit:3.0
        volumeMounts:
        - {name: varlog, mountPath: /var/log}
      volumes:
      - name: varlog
        hostPath: {path: /var/log, type: ⟦directory⟧}
`,
    fix: { by: 'not reported with a supported type', edits: [['type: directory', 'type: Directory']] },
  },
  // ---------------------------------------------------------------------------------------------- probes
  {
    code: 'probe-handler-invalid',
    severity: 'error',
    shows: 'underlines the second handler key',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      containers:
      - name: node-exporter
        image: quay.io/prometheus/node-exporter:v1.8.1
        ports: [{name: metrics, containerPort: 9100}]
        livenessProbe:
          httpGet: {path: /, port: metrics}
          ⟦tcpSocket⟧: {port: metrics}
`,
    fix: { by: 'not reported with one handler', edits: [['          tcpSocket: {port: metrics}\n', '']] },
  },
  {
    code: 'probe-field-invalid',
    severity: 'error',
    shows: 'underlines the port value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      containers:
      - name: node-exporter
        image: quay.io/prometheus/node-exporter:v1.8.1
        ports: [{name: metrics, containerPort: 9100}]
        readinessProbe:
          httpGet: {path: /, port: ⟦"9100"⟧}
`,
    fix: { by: 'not reported with the number unquoted', edits: [['port: "9100"', 'port: 9100']] },
  },
  // ---------------------------------------------------------------------------------------------- resources
  {
    code: 'resources-quantity-invalid',
    severity: 'error',
    shows: 'underlines the quantity',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: nvidia-dcgm-exporter, namespace: gpu-operator}
spec:
  selector: {matchLabels: {app: dcgm-exporter}}
  template:
    metadata: {labels: {app: dcgm-exporter}}
    spec:
      containers:
      - name: exporter
        image: nvcr.io/nvidia/k8s/dcgm-exporter:3.3.5-3.4.1-ubuntu22.04
        resources:
          requests: {cpu: 100m, memory: ⟦128MB⟧}
`,
    fix: { by: 'not reported with a quantity suffix the API server knows', edits: [['memory: 128MB', 'memory: 128Mi']] },
  },
  {
    code: 'resources-name-invalid',
    severity: 'error',
    shows: 'underlines the resource name',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: nvidia-dcgm-exporter, namespace: gpu-operator}
spec:
  selector: {matchLabels: {app: dcgm-exporter}}
  template:
    metadata: {labels: {app: dcgm-exporter}}
    spec:
      containers:
      - name: exporter
        image: nvcr.io/nvidia/k8s/dcgm-exporter:3.3.5-3.4.1-ubuntu22.04
        resources:
          limits: {⟦memmory⟧: 256Mi}
`,
    fix: { by: 'not reported with the name spelt right', edits: [['memmory:', 'memory:']] },
  },
  {
    code: 'resources-request-exceeds-limit',
    severity: 'error',
    shows: 'underlines the request above the limit',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: nvidia-dcgm-exporter, namespace: gpu-operator}
spec:
  selector: {matchLabels: {app: dcgm-exporter}}
  template:
    metadata: {labels: {app: dcgm-exporter}}
    spec:
      containers:
      - name: exporter
        image: nvcr.io/nvidia/k8s/dcgm-exporter:3.3.5-3.4.1-ubuntu22.04
        resources:
          requests: {cpu: 100m, memory: ⟦512Mi⟧}
          limits: {memory: 256Mi}
`,
    fix: { by: 'not reported with the request at the limit', edits: [['memory: 512Mi', 'memory: 256Mi']] },
  },
  // ---------------------------------------------------------------------------------------------- env
  {
    code: 'env-invalid',
    severity: 'error',
    shows: 'underlines the field path',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: log-agent, namespace: logging}
spec:
  selector: {matchLabels: {app: log-agent}}
  template:
    metadata: {labels: {app: log-agent}}
    spec:
      containers:
      - name: agent
        image: fluent/fluent-bit:3.0
        env:
        - name: NODE_NAME
          valueFrom: {fieldRef: {fieldPath: ⟦spec.node⟧}}
`,
    fix: { by: 'not reported with a field path of the downward API', edits: [['fieldPath: spec.node}', 'fieldPath: spec.nodeName}']] },
  },

  // ---------------------------------------------------------------------------------------------- update strategy
  {
    code: 'min-ready-seconds-negative',
    severity: 'error',
    shows: 'underlines the minReadySeconds value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system}
spec:
  minReadySeconds: ⟦-10⟧
  selector: {matchLabels: {k8s-app: kube-proxy}}
  template:
    metadata: {labels: {k8s-app: kube-proxy}}
    spec:
      containers: [{name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.30.2}]
`,
    fix: { by: 'not reported for a positive value', edits: [['-10', '10']] },
  },
  {
    code: 'revision-history-limit-negative',
    severity: 'error',
    shows: 'underlines the revisionHistoryLimit value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system}
spec:
  revisionHistoryLimit: ⟦-1⟧
  selector: {matchLabels: {k8s-app: kube-proxy}}
  template:
    metadata: {labels: {k8s-app: kube-proxy}}
    spec:
      containers: [{name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.30.2}]
`,
    fix: { by: 'not reported for 0', edits: [['revisionHistoryLimit: -1', 'revisionHistoryLimit: 0']] },
  },
  {
    code: 'update-strategy-type-invalid',
    severity: 'error',
    shows: 'underlines the type value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: kube-proxy}}
  updateStrategy:
    type: ⟦rollingUpdate⟧
    rollingUpdate: {maxUnavailable: 10%}
  template:
    metadata: {labels: {k8s-app: kube-proxy}}
    spec:
      containers: [{name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.30.2}]
`,
    fix: { by: 'not reported for RollingUpdate', edits: [['type: rollingUpdate', 'type: RollingUpdate']] },
  },
  {
    code: 'rolling-update-value-invalid',
    severity: 'error',
    shows: 'underlines a quoted number with its quotes',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: kube-proxy}}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: ⟦"10"⟧
  template:
    metadata: {labels: {k8s-app: kube-proxy}}
    spec:
      containers: [{name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.30.2}]
`,
    fix: { by: 'not reported for a percentage', edits: [['"10"', '"10%"']] },
  },
  {
    code: 'rolling-update-value-invalid',
    severity: 'error',
    shows: 'underlines a maxSurge over 100% in a flow map',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: kube-proxy}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: ⟦110%⟧}}
  template:
    metadata: {labels: {k8s-app: kube-proxy}}
    spec:
      containers: [{name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.30.2}]
`,
    fix: { by: 'not reported for 10%', edits: [['110%', '10%']] },
  },
  {
    code: 'rolling-update-both-nonzero',
    severity: 'error',
    shows: 'underlines maxSurge when maxUnavailable defaults to 1',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: cilium, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: cilium}}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: ⟦1⟧}
  template:
    metadata: {labels: {k8s-app: cilium}}
    spec:
      containers: [{name: cilium-agent, image: quay.io/cilium/cilium:v1.15.6}]
`,
    fix: { by: 'not reported with maxUnavailable 0', edits: [['{maxSurge: 1}', '{maxSurge: 1, maxUnavailable: 0}']] },
  },
  {
    code: 'rolling-update-both-nonzero',
    severity: 'error',
    shows: 'underlines maxSurge when both are set',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: cilium, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: cilium}}
  updateStrategy:
    rollingUpdate:
      maxUnavailable: 10%
      maxSurge: ⟦25%⟧
  template:
    metadata: {labels: {k8s-app: cilium}}
    spec:
      containers: [{name: cilium-agent, image: quay.io/cilium/cilium:v1.15.6}]
`,
    fix: { by: 'not reported once maxUnavailable is 0', edits: [['maxUnavailable: 10%', 'maxUnavailable: 0']] },
  },
  {
    code: 'rolling-update-both-zero',
    severity: 'error',
    shows: 'underlines the maxUnavailable value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: cilium, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: cilium}}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: ⟦0⟧
      maxSurge: 0%
  template:
    metadata: {labels: {k8s-app: cilium}}
    spec:
      containers: [{name: cilium-agent, image: quay.io/cilium/cilium:v1.15.6}]
`,
    fix: { by: 'not reported with a surge', edits: [['maxSurge: 0%', 'maxSurge: 10%']] },
  },
  {
    code: 'rolling-update-ignored',
    severity: 'information',
    shows: 'underlines the rollingUpdate key',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: calico-node}}
  updateStrategy:
    type: OnDelete
    ⟦rollingUpdate⟧:
      maxUnavailable: 1
  template:
    metadata: {labels: {k8s-app: calico-node}}
    spec:
      containers: [{name: calico-node, image: docker.io/calico/node:v3.27.3}]
`,
    fix: { by: 'not reported without rollingUpdate', edits: [['    rollingUpdate:\n      maxUnavailable: 1\n', '']] },
  },
  {
    code: 'rolling-update-ignored',
    severity: 'information',
    shows: 'underlines the rollingUpdate key in a flow map',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: calico-node}}
  updateStrategy: {type: OnDelete, ⟦rollingUpdate⟧: {maxUnavailable: 1}}
  template:
    metadata: {labels: {k8s-app: calico-node}}
    spec:
      containers: [{name: calico-node, image: docker.io/calico/node:v3.27.3}]
`,
    fix: { by: 'not reported under RollingUpdate', edits: [['type: OnDelete', 'type: RollingUpdate']] },
  },

  // ---------------------------------------------------------------------------------------------- tolerations
  {
    code: 'toleration-key-invalid',
    severity: 'error',
    shows: 'underlines a key written as key=value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: nvidia-device-plugin, namespace: kube-system}
spec:
  selector: {matchLabels: {name: nvidia-device-plugin}}
  template:
    metadata: {labels: {name: nvidia-device-plugin}}
    spec:
      tolerations:
      - {key: ⟦dedicated=gpu⟧, operator: Exists, effect: NoSchedule}
      containers: [{name: nvidia-device-plugin, image: nvcr.io/nvidia/k8s-device-plugin:v0.15.0}]
`,
    fix: { by: 'not reported for the key alone', edits: [['dedicated=gpu', 'dedicated']] },
  },
  {
    code: 'toleration-empty-key-requires-exists',
    severity: 'error',
    shows: 'underlines the operator of an empty-key toleration',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit, namespace: logging}
spec:
  selector: {matchLabels: {app: fluent-bit}}
  template:
    metadata: {labels: {app: fluent-bit}}
    spec:
      tolerations:
      - {operator: ⟦Equal⟧, effect: NoSchedule}
      containers: [{name: fluent-bit, image: cr.fluentbit.io/fluent/fluent-bit:3.0.7}]
`,
    fix: { by: 'not reported with Exists', edits: [['operator: Equal', 'operator: Exists']] },
  },
  {
    code: 'toleration-empty-key-requires-exists',
    severity: 'error',
    shows: 'underlines the first key of a block toleration without key and operator',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit, namespace: logging}
spec:
  selector: {matchLabels: {app: fluent-bit}}
  template:
    metadata: {labels: {app: fluent-bit}}
    spec:
      tolerations:
      - ⟦effect⟧: NoSchedule
      containers: [{name: fluent-bit, image: cr.fluentbit.io/fluent/fluent-bit:3.0.7}]
`,
    fix: { by: 'not reported with operator Exists', edits: [['      - effect: NoSchedule\n', '      - effect: NoSchedule\n        operator: Exists\n']] },
  },
  {
    code: 'toleration-seconds-requires-no-execute',
    severity: 'error',
    shows: 'underlines the tolerationSeconds key',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit, namespace: logging}
spec:
  selector: {matchLabels: {app: fluent-bit}}
  template:
    metadata: {labels: {app: fluent-bit}}
    spec:
      tolerations:
      - key: example.com/draining
        operator: Exists
        effect: NoSchedule
        ⟦tolerationSeconds⟧: 60
      containers: [{name: fluent-bit, image: cr.fluentbit.io/fluent/fluent-bit:3.0.7}]
`,
    fix: { by: 'not reported with effect NoExecute', edits: [['effect: NoSchedule', 'effect: NoExecute']] },
  },
  {
    code: 'toleration-exists-with-value',
    severity: 'error',
    shows: 'underlines the value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ingress-agent, namespace: ingress}
spec:
  selector: {matchLabels: {app: ingress-agent}}
  template:
    metadata: {labels: {app: ingress-agent}}
    spec:
      tolerations:
      - {key: dedicated, operator: Exists, value: ⟦ingress⟧, effect: NoSchedule}
      containers: [{name: agent, image: registry.k8s.io/e2e-test-images/agnhost:2.47}]
`,
    fix: { by: 'not reported without the value', edits: [[', value: ingress', '']] },
  },
  {
    code: 'toleration-value-invalid',
    severity: 'error',
    shows: 'underlines a boolean value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit, namespace: logging}
spec:
  selector: {matchLabels: {app: fluent-bit}}
  template:
    metadata: {labels: {app: fluent-bit}}
    spec:
      tolerations:
      - key: CriticalAddonsOnly
        operator: Equal
        value: ⟦true⟧
      containers: [{name: fluent-bit, image: cr.fluentbit.io/fluent/fluent-bit:3.0.7}]
`,
    fix: { by: 'not reported once the value is quoted', edits: [['value: true', 'value: "true"']] },
  },
  {
    code: 'toleration-value-invalid',
    severity: 'error',
    shows: 'underlines a non-canonical integer for Gt under the comparison feature gate',
    options: { tolerationComparisonOperators: true },
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: batch-agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: batch-agent}}
  template:
    metadata: {labels: {app: batch-agent}}
    spec:
      tolerations:
      - {key: example.com/spot-interruption-risk, operator: Gt, value: ⟦"05"⟧, effect: NoSchedule}
      containers: [{name: agent, image: busybox:1.36, command: [sleep, infinity]}]
`,
    fix: { by: 'not reported for "5"', edits: [['"05"', '"5"']] },
  },
  {
    code: 'toleration-operator-invalid',
    severity: 'error',
    shows: 'underlines a lowercase operator',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit, namespace: logging}
spec:
  selector: {matchLabels: {app: fluent-bit}}
  template:
    metadata: {labels: {app: fluent-bit}}
    spec:
      tolerations:
      - key: dedicated
        operator: ⟦exists⟧
        effect: NoSchedule
      containers: [{name: fluent-bit, image: cr.fluentbit.io/fluent/fluent-bit:3.0.7}]
`,
    fix: { by: 'not reported for Exists', edits: [['operator: exists', 'operator: Exists']] },
  },
  {
    code: 'toleration-operator-invalid',
    severity: 'error',
    shows: 'underlines Lt without the comparison feature gate',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: batch-agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: batch-agent}}
  template:
    metadata: {labels: {app: batch-agent}}
    spec:
      tolerations:
      - {key: example.com/spot-interruption-risk, operator: ⟦Lt⟧, value: "5", effect: NoSchedule}
      containers: [{name: agent, image: busybox:1.36, command: [sleep, infinity]}]
`,
    fix: { by: 'not reported for Equal', edits: [['operator: Lt', 'operator: Equal']] },
  },
  {
    code: 'toleration-effect-invalid',
    severity: 'error',
    shows: 'underlines the effect value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit, namespace: logging}
spec:
  selector: {matchLabels: {app: fluent-bit}}
  template:
    metadata: {labels: {app: fluent-bit}}
    spec:
      tolerations:
      - key: dedicated
        operator: Exists
        effect: ⟦noSchedule⟧
      containers: [{name: fluent-bit, image: cr.fluentbit.io/fluent/fluent-bit:3.0.7}]
`,
    fix: { by: 'not reported for NoSchedule', edits: [['effect: noSchedule', 'effect: NoSchedule']] },
  },

  // ---------------------------------------------------------------------------------------------- toleration pitfalls
  {
    code: 'toleration-master-without-control-plane',
    severity: 'warning',
    shows: 'underlines the master key value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-flannel-ds, namespace: kube-flannel}
spec:
  selector: {matchLabels: {app: flannel}}
  template:
    metadata: {labels: {app: flannel}}
    spec:
      hostNetwork: true
      tolerations:
      - key: ⟦node-role.kubernetes.io/master⟧
        operator: Exists
        effect: NoSchedule
      containers: [{name: kube-flannel, image: docker.io/flannel/flannel:v0.25.4}]
`,
    fix: {
      by: 'not reported once control-plane is tolerated too',
      edits: [['      containers:', '      - {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}\n      containers:']],
    },
  },
  {
    code: 'toleration-control-plane-without-master',
    severity: 'information',
    shows: 'underlines the control-plane key value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-flannel-ds, namespace: kube-flannel}
spec:
  selector: {matchLabels: {app: flannel}}
  template:
    metadata: {labels: {app: flannel}}
    spec:
      tolerations: [{key: ⟦node-role.kubernetes.io/control-plane⟧, operator: Exists, effect: NoSchedule}]
      containers: [{name: kube-flannel, image: docker.io/flannel/flannel:v0.25.4}]
`,
    fix: {
      by: 'not reported once master is tolerated too',
      edits: [['effect: NoSchedule}]', 'effect: NoSchedule}, {key: node-role.kubernetes.io/master, operator: Exists, effect: NoSchedule}]']],
    },
  },
  {
    code: 'toleration-seconds-overwritten',
    severity: 'warning',
    shows: 'underlines the tolerationSeconds key in a List item',
    yaml: `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: fluent-bit-config, namespace: logging}
  data: {fluent-bit.conf: "[SERVICE]\\n    Flush 5\\n"}
- apiVersion: apps/v1
  kind: DaemonSet
  metadata: {name: fluent-bit, namespace: logging}
  spec:
    selector: {matchLabels: {app: fluent-bit}}
    template:
      metadata: {labels: {app: fluent-bit}}
      spec:
        tolerations:
        - key: node.kubernetes.io/not-ready
          operator: Exists
          effect: NoExecute
          ⟦tolerationSeconds⟧: 300
        containers:
        - name: fluent-bit
          image: cr.fluentbit.io/fluent/fluent-bit:3.0.7
`,
    fix: { by: 'not reported without tolerationSeconds', edits: [['          tolerationSeconds: 300\n', '']] },
  },
  {
    code: 'toleration-equal-without-value',
    severity: 'warning',
    shows: 'underlines the key of a valued taint tolerated with Equal and no value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: kube-proxy}}
  template:
    metadata: {labels: {k8s-app: kube-proxy}}
    spec:
      tolerations:
      - key: ⟦CriticalAddonsOnly⟧
        operator: Equal
      containers: [{name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.30.2}]
`,
    fix: { by: 'not reported with Exists', edits: [['operator: Equal', 'operator: Exists']] },
  },
  {
    code: 'toleration-equal-without-value',
    severity: 'warning',
    shows: 'underlines the key of a flow toleration with no operator',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: nvidia-device-plugin, namespace: kube-system}
spec:
  selector: {matchLabels: {name: nvidia-device-plugin}}
  template:
    metadata: {labels: {name: nvidia-device-plugin}}
    spec:
      tolerations: [{key: ⟦nvidia.com/gpu⟧, effect: NoSchedule}]
      containers: [{name: nvidia-device-plugin, image: nvcr.io/nvidia/k8s-device-plugin:v0.15.0}]
`,
    fix: { by: 'not reported with the usual value', edits: [['{key: nvidia.com/gpu, effect', '{key: nvidia.com/gpu, value: present, effect']] },
  },

  // ---------------------------------------------------------------------------------------------- node affinity
  {
    code: 'node-selector-invalid',
    severity: 'error',
    shows: 'underlines a boolean nodeSelector value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: nvidia-device-plugin, namespace: kube-system}
spec:
  selector: {matchLabels: {name: nvidia-device-plugin}}
  template:
    metadata: {labels: {name: nvidia-device-plugin}}
    spec:
      nodeSelector:
        kubernetes.io/os: linux
        example.com/gpu: ⟦true⟧
      containers: [{name: nvidia-device-plugin, image: nvcr.io/nvidia/k8s-device-plugin:v0.15.0}]
`,
    fix: { by: 'not reported once the value is quoted', edits: [['gpu: true', 'gpu: "true"']] },
  },
  {
    code: 'node-selector-invalid',
    severity: 'error',
    shows: 'underlines an invalid nodeSelector key in a flow map',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: gke-metadata-agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: gke-metadata-agent}}
  template:
    metadata: {labels: {app: gke-metadata-agent}}
    spec:
      nodeSelector: {⟦cloud.google.com/gke nodepool⟧: system-pool}
      containers: [{name: agent, image: busybox:1.36, command: [sleep, infinity]}]
`,
    fix: { by: 'not reported for the right key', edits: [['gke nodepool', 'gke-nodepool']] },
  },
  {
    code: 'node-affinity-no-terms',
    severity: 'error',
    shows: 'underlines an empty nodeSelectorTerms list',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms: ⟦[]⟧
      containers: [{name: node-exporter, image: quay.io/prometheus/node-exporter:v1.8.1}]
`,
    fix: {
      by: 'not reported with one term',
      edits: [['nodeSelectorTerms: []', 'nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/os, operator: In, values: [linux]}]}]']],
    },
  },
  {
    code: 'node-affinity-no-terms',
    severity: 'error',
    shows: 'underlines the required key when the terms level is missing',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      affinity:
        nodeAffinity:
          ⟦requiredDuringSchedulingIgnoredDuringExecution⟧:
            matchExpressions:
            - {key: kubernetes.io/os, operator: In, values: [linux]}
      containers: [{name: node-exporter, image: quay.io/prometheus/node-exporter:v1.8.1}]
`,
    fix: {
      by: 'not reported once the expressions are in a term',
      edits: [['            matchExpressions:\n            - {key', '            nodeSelectorTerms:\n            - matchExpressions:\n              - {key']],
    },
  },
  {
    code: 'node-affinity-invalid',
    severity: 'error',
    shows: 'underlines an operator that belongs to tolerations',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: kubernetes.io/arch, operator: ⟦Equal⟧, values: [amd64]}
      containers: [{name: node-exporter, image: quay.io/prometheus/node-exporter:v1.8.1}]
`,
    fix: { by: 'not reported for In', edits: [['operator: Equal', 'operator: In']] },
  },
  {
    code: 'node-affinity-invalid',
    severity: 'error',
    shows: 'underlines the values of a matchFields requirement with two node names',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: debug-agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: debug-agent}}
  template:
    metadata: {labels: {app: debug-agent}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchFields:
              - key: metadata.name
                operator: NotIn
                values: ⟦[worker-01, worker-02]⟧
      containers: [{name: agent, image: busybox:1.36, command: [sleep, infinity]}]
`,
    fix: { by: 'not reported for one node name', edits: [['[worker-01, worker-02]', '[worker-01]']] },
  },
  {
    code: 'node-affinity-invalid',
    severity: 'error',
    shows: 'underlines a flow requirement without a key',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions: [⟦{operator: Exists}⟧]
      containers: [{name: node-exporter, image: quay.io/prometheus/node-exporter:v1.8.1}]
`,
    fix: { by: 'not reported with a key', edits: [['{operator: Exists}', '{key: kubernetes.io/os, operator: Exists}']] },
  },
  {
    code: 'node-affinity-weight-invalid',
    severity: 'error',
    shows: 'underlines a weight of 0',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: ⟦0⟧
            preference:
              matchExpressions: [{key: node.kubernetes.io/instance-type, operator: In, values: [m5.large]}]
      containers: [{name: node-exporter, image: quay.io/prometheus/node-exporter:v1.8.1}]
`,
    fix: { by: 'not reported for 1', edits: [['weight: 0', 'weight: 1']] },
  },
  {
    code: 'node-affinity-weight-invalid',
    severity: 'error',
    shows: 'underlines the preference key of a block preference item without a weight',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - ⟦preference⟧:
              matchExpressions:
              - {key: node.kubernetes.io/instance-type, operator: In, values: [m5.large]}
      containers: [{name: node-exporter, image: quay.io/prometheus/node-exporter:v1.8.1}]
`,
    fix: { by: 'not reported with a weight', edits: [['          - preference:\n', '          - weight: 50\n            preference:\n']] },
  },
  {
    code: 'node-affinity-empty-term',
    severity: 'warning',
    shows: 'underlines an empty flow term',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/os, operator: In, values: [linux]}]}, ⟦{}⟧]
      containers: [{name: node-exporter, image: quay.io/prometheus/node-exporter:v1.8.1}]
`,
    fix: { by: 'not reported without the empty term', edits: [['}]}, {}]', '}]}]']] },
  },
  {
    code: 'node-affinity-empty-term',
    severity: 'warning',
    shows: 'underlines the matchExpressions key of a block term with an empty matchExpressions',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - ⟦matchExpressions⟧: []
      containers: [{name: node-exporter, image: quay.io/prometheus/node-exporter:v1.8.1}]
`,
    fix: {
      by: 'not reported once the term has a requirement',
      edits: [['matchExpressions: []', 'matchExpressions: [{key: kubernetes.io/os, operator: In, values: [linux]}]']],
    },
  },
  {
    code: 'node-affinity-metadata-name-label',
    severity: 'warning',
    shows: 'underlines the metadata.name key value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: debug-agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: debug-agent}}
  template:
    metadata: {labels: {app: debug-agent}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - key: ⟦metadata.name⟧
                operator: In
                values: [worker-01]
      containers: [{name: agent, image: busybox:1.36, command: [sleep, infinity]}]
`,
    fix: { by: 'not reported under matchFields', edits: [['- matchExpressions:', '- matchFields:']] },
  },
  {
    code: 'node-affinity-not-integer',
    severity: 'warning',
    shows: 'underlines the non-integer Gt value',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: cpu-tuner, namespace: kube-system}
spec:
  selector: {matchLabels: {app: cpu-tuner}}
  template:
    metadata: {labels: {app: cpu-tuner}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: example.com/cpu-generation, operator: Gt, values: [⟦v3⟧]}
      containers: [{name: tuner, image: busybox:1.36, command: [sleep, infinity]}]
`,
    fix: { by: 'not reported for a quoted integer', edits: [['[v3]', '["3"]']] },
  },
  {
    code: 'node-role-master-label',
    severity: 'information',
    shows: 'underlines the master key of a nodeSelector',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: etcd-backup, namespace: kube-system}
spec:
  selector: {matchLabels: {app: etcd-backup}}
  template:
    metadata: {labels: {app: etcd-backup}}
    spec:
      nodeSelector:
        ⟦node-role.kubernetes.io/master⟧: ""
      containers: [{name: backup, image: registry.k8s.io/etcd:3.5.12-0}]
`,
    fix: { by: 'not reported for the control-plane label', edits: [['node-role.kubernetes.io/master', 'node-role.kubernetes.io/control-plane']] },
  },
  {
    code: 'node-role-master-label',
    severity: 'information',
    shows: 'underlines the master key value of a requirement',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit, namespace: logging}
spec:
  selector: {matchLabels: {app: fluent-bit}}
  template:
    metadata: {labels: {app: fluent-bit}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions: [{key: ⟦node-role.kubernetes.io/master⟧, operator: DoesNotExist}]
      containers: [{name: fluent-bit, image: cr.fluentbit.io/fluent/fluent-bit:3.0.7}]
`,
    fix: { by: 'not reported for a control-plane requirement', edits: [['node-role.kubernetes.io/master', 'node-role.kubernetes.io/control-plane']] },
  },

  // ---------------------------------------------------------------------------------------------- cross-resource
  {
    code: 'selector-misses-daemonset-pods',
    severity: 'warning',
    shows: 'underlines the selector key of a Service in another document',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      containers:
      - {name: node-exporter, image: quay.io/prometheus/node-exporter:v1.8.1, ports: [{name: metrics, containerPort: 9100}]}
---
apiVersion: v1
kind: Service
metadata: {name: node-exporter, namespace: monitoring}
spec:
  ⟦selector⟧:
    app: node_exporter
  ports:
  - {name: metrics, port: 9100, targetPort: metrics}
`,
    fix: { by: 'not reported once the Service selects the pods', edits: [['app: node_exporter', 'app: node-exporter']] },
  },
  {
    code: 'selector-misses-daemonset-pods',
    severity: 'warning',
    shows: 'underlines the flow selector of a PodDisruptionBudget',
    yaml: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: fluent-bit-pdb, namespace: logging}
spec:
  maxUnavailable: 1
  selector: ⟦{matchLabels: {app: fluentbit}}⟧
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit, namespace: logging}
spec:
  selector: {matchLabels: {app: fluent-bit}}
  template:
    metadata: {labels: {app: fluent-bit}}
    spec:
      containers: [{name: fluent-bit, image: cr.fluentbit.io/fluent/fluent-bit:3.0.7}]
`,
    fix: { by: 'not reported once the PodDisruptionBudget selects the pods', edits: [['{app: fluentbit}', '{app: fluent-bit}']] },
  },

  // ---------------------------------------------------------------------------------------------- placement in files
  {
    code: 'container-port-invalid',
    severity: 'error',
    shows: 'underlines the port of the second DaemonSet of a multi-document file',
    yaml: `# Two DaemonSets of a monitoring stack.
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      containers: [{name: node-exporter, image: quay.io/prometheus/node-exporter:v1.8.1, ports: [{containerPort: 9100}]}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: promtail, namespace: monitoring}
spec:
  selector: {matchLabels: {app: promtail}}
  template:
    metadata: {labels: {app: promtail}}
    spec:
      containers:
      - name: promtail
        image: docker.io/grafana/promtail:3.0.0
        ports:
        - containerPort: ⟦0⟧
          name: http-metrics
...
`,
    fix: { by: 'not reported for a real port', edits: [['containerPort: 0', 'containerPort: 3101']] },
  },
];

const options = (rules: RuleOptions | undefined) => (rules ? { ...defaultAnalysisOptions, rules } : defaultAnalysisOptions);

/** The codes of problems with the file itself: an example that has one is not analysed as written. */
const fileProblems = new Set(['yaml-syntax', 'analysis-limited', 'template-skipped']);

function assertAnalysed(diagnostics: readonly FileDiagnostic[], what: string): void {
  const problems = diagnostics.filter((diagnostic) => fileProblems.has(diagnostic.code));
  assert.deepEqual(problems.map((problem) => `${problem.code}: ${problem.message}`), [], `${what} is not analysed as written`);
}

const otherCodes = (diagnostics: readonly FileDiagnostic[], code: string): string[] =>
  diagnostics.filter((diagnostic) => diagnostic.code !== code).map((diagnostic) => diagnostic.code).sort();

function applyEdits(text: string, edits: RangeCase['fix']['edits']): string {
  let result = text;
  for (const [from, to] of edits) {
    const count = result.split(from).length - 1;
    assert.equal(count, 1, `the fix replaces ${JSON.stringify(from.length > 80 ? `${from.slice(0, 80)}…` : from)}, which occurs ${count} times`);
    result = result.replace(from, () => to);
  }
  return result;
}

/** The cases by code, in table order. */
const byCode = new Map<string, RangeCase[]>();
for (const c of cases) byCode.set(c.code, [...(byCode.get(c.code) ?? []), c]);

describe('rule ranges: what each code underlines', () => {
  for (const [code, codeCases] of byCode) {
    describe(code, () => {
      for (const c of codeCases) {
        test(`${c.code}: ${c.shows}`, () => {
          const { text, ranges } = parseMarkers(c.yaml);
          assert.ok(ranges.length > 0, 'the failing example marks at least one range');
          const diagnostics = analyzeText(text, options(c.options));
          assertAnalysed(diagnostics, 'the failing example');
          const reported = diagnostics.filter((diagnostic) => diagnostic.code === c.code).sort((a, b) => compareRanges(a.range, b.range));
          // Compared as marked text first: a failure shows where the underlines are.
          assert.equal(withMarkers(text, reported.map((diagnostic) => diagnostic.range)), withMarkers(text, ranges), `the ranges of ${c.code}`);
          assert.deepEqual(reported.map((diagnostic) => diagnostic.range), ranges);
          for (const diagnostic of reported) {
            assert.equal(diagnostic.severity, c.severity, `the severity of ${c.code} at ${JSON.stringify(textOf(text, diagnostic.range))}`);
          }
          assert.deepEqual(otherCodes(diagnostics, c.code), [...(c.also ?? [])].sort(), 'the other codes of the failing example');
        });

        test(`${c.code}: ${c.fix.by}`, () => {
          const { text } = parseMarkers(c.yaml);
          const fixed = applyEdits(text, c.fix.edits);
          const diagnostics = analyzeText(fixed, options(c.options));
          assertAnalysed(diagnostics, 'the passing example');
          assert.deepEqual(
            diagnostics.filter((diagnostic) => diagnostic.code === c.code).map((diagnostic) => textOf(fixed, diagnostic.range)),
            [],
            `${c.code} is still reported`,
          );
          assert.deepEqual(otherCodes(diagnostics, c.code), [...(c.fix.also ?? c.also ?? [])].sort(), 'the other codes of the passing example');
        });
      }
    });
  }
});

describe('rule ranges: the table', () => {
  test('every code in the registry has a failing and a passing example', () => {
    const covered = new Set(cases.map((c) => c.code));
    assert.deepEqual([...ruleCodes.keys()].filter((code) => !covered.has(code)), [], 'codes without range tests: add a case to ruleRanges.test.ts');
  });

  test('every case is about a registered code, with its declared severity', () => {
    for (const c of cases) {
      assert.ok(ruleCodes.has(c.code), `${c.code} is not a registered code`);
      assert.equal(c.severity, ruleCodes.get(c.code)!.severity, `${c.code}: the case's severity is not the code's declared one`);
    }
  });

  test('test names are unique', () => {
    const names = cases.flatMap((c) => [`${c.code}: ${c.shows}`, `${c.code}: ${c.fix.by}`]);
    assert.deepEqual(names.filter((name, index) => names.indexOf(name) !== index), []);
  });

  test('the examples use block and flow styles, a List and a multi-document file', () => {
    const texts = cases.map((c) => c.yaml);
    assert.ok(texts.some((text) => /^kind: List$/m.test(text)), 'a kind: List example');
    assert.ok(texts.some((text) => /^---$/m.test(text)), 'a multi-document example');
    assert.ok(texts.some((text) => /: \{/.test(text)) && texts.some((text) => /^\s+- \w+:/m.test(text)), 'flow and block collections');
  });
});

describe('markers', () => {
  test('a range on one line', () => {
    assert.deepEqual(parseMarkers('a: ⟦b⟧\n'), { text: 'a: b\n', ranges: [{ start: { line: 0, character: 3 }, end: { line: 0, character: 4 } }] });
  });

  test('ranges on later lines count characters without the markers', () => {
    const { text, ranges } = parseMarkers('x: 1\ny: [⟦a⟧, ⟦b⟧]\n');
    assert.equal(text, 'x: 1\ny: [a, b]\n');
    assert.deepEqual(ranges, [
      { start: { line: 1, character: 4 }, end: { line: 1, character: 5 } },
      { start: { line: 1, character: 7 }, end: { line: 1, character: 8 } },
    ]);
  });

  test('a range across lines, nested and empty ranges', () => {
    const { text, ranges } = parseMarkers('⟦a: ⟦b⟧\n⟧⟦⟧c: d');
    assert.equal(text, 'a: b\nc: d');
    assert.deepEqual(ranges, [
      { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
      { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } },
      { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
    ]);
    assert.equal(withMarkers(text, ranges), '⟦a: ⟦b⟧\n⟧⟦⟧c: d');
    assert.equal(textOf(text, ranges[0]!), 'a: b\n');
  });

  test('CRLF line breaks end a line once', () => {
    assert.deepEqual(parseMarkers('a: 1\r\nb: ⟦2⟧\r\n').ranges, [{ start: { line: 1, character: 3 }, end: { line: 1, character: 4 } }]);
  });

  test('unbalanced markers are an error', () => {
    assert.throws(() => parseMarkers('a: ⟦b'), /unbalanced ⟦/);
    assert.throws(() => parseMarkers('a: b⟧'), /unbalanced ⟧/);
  });
});
