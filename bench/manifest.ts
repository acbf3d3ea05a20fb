/**
 * Generated manifests for the editor benchmarks: DaemonSets, Deployments, Services and ConfigMaps in a fixed
 * rotation, about 50 lines per document, a few with problems (so both servers publish something).
 */
const daemonSet = (i: number) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent-${i}
  namespace: team-${i % 7}
  labels:
    app.kubernetes.io/name: agent-${i}
    app.kubernetes.io/part-of: observability
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: agent-${i}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
  template:
    metadata:
      labels:
        app.kubernetes.io/name: agent-${i}
    spec:
      nodeSelector:
        kubernetes.io/os: linux
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      - key: dedicated
        operator: Equal
        value: ${i % 10 === 0 ? '' : 'infra'}
        effect: ${i % 25 === 0 ? 'NoSchedul' : 'NoExecute'}
      priorityClassName: system-node-critical
      containers:
      - name: agent
        image: registry.example.com/agent:${1 + (i % 9)}.${i % 13}.0
        args: ["--port=${9000 + (i % 100)}", "--log-level=info"]
        ports:
        - containerPort: ${9000 + (i % 100)}
          name: metrics
        resources:
          requests:
            cpu: 50m
            memory: 64Mi
          limits:
            memory: 128Mi
        volumeMounts:
        - name: host-root
          mountPath: /host
          readOnly: true
      volumes:
      - name: host-root
        hostPath:
          path: /
`;

const deployment = (i: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  namespace: team-${i % 7}
  labels:
    app: web-${i}
spec:
  replicas: ${1 + (i % 5)}
  selector:
    matchLabels:
      app: web-${i}
  template:
    metadata:
      labels:
        app: web-${i}
    spec:
      containers:
      - name: web
        image: registry.example.com/web:${i % 17}.0
        ports:
        - containerPort: 8080
          name: http
        env:
        - name: MODE
          value: production
        - name: WORKERS
          value: "${1 + (i % 8)}"
        readinessProbe:
          httpGet:
            path: /healthz
            port: http
          periodSeconds: ${i % 20 === 1 ? '"ten"' : '10'}
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - key: topology.kubernetes.io/zone
                operator: In
                values: [eu-west-1a, eu-west-1b]
`;

const service = (i: number) => `apiVersion: v1
kind: Service
metadata:
  name: web-${i}
  namespace: team-${i % 7}
  annotations:
    example.com/owner: team-${i % 7}
spec:
  type: ClusterIP
  selector:
    app: web-${i}
  ports:
  - name: http
    port: 80
    targetPort: http
    protocol: TCP
  - name: metrics
    port: 9090
    targetPort: 9090
    protocol: TCP
  sessionAffinity: None
`;

const configMap = (i: number) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: config-${i}
  namespace: team-${i % 7}
  labels:
    app: web-${i}
data:
  LOG_LEVEL: info
  FEATURE_X: "${i % 2 === 0}"
  settings.yaml: |
    server:
      port: 8080
      timeoutSeconds: 30
    cache:
      size: ${i * 10}
      ttl: 5m
    upstreams:
    - name: a
      url: http://a.team-${i % 7}.svc:80
    - name: b
      url: http://b.team-${i % 7}.svc:80
    - name: c
      url: http://c.team-${i % 7}.svc:80
    - name: d
      url: http://d.team-${i % 7}.svc:80
  extra.properties: |
    a=1
    b=2
    c=3
    d=4
    e=5
    f=${i}
${Array.from({ length: 44 }, (_, k) => `    key${k}=value-${k}-${i}`).join('\n')}
`;

const kinds = [daemonSet, deployment, service, configMap];

/**
 * `count` documents, rotating DaemonSet, Deployment, Service, ConfigMap. A `salt` goes into a comment on every
 * document's first line: the same content with a different text, so that no cache keyed by document text (ours
 * caches schema results that way) carries over from one measured run to the next.
 */
export function generateManifest(count: number, salt?: string): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const document = kinds[i % kinds.length]!(i);
    parts.push(salt === undefined ? document : document.replace('\n', ` # ${salt}\n`));
  }
  return parts.join('---\n');
}

/** The start offset of each document (after its `---` line, or 0). */
export function documentOffsets(text: string): number[] {
  const offsets = [0];
  const separator = '---\n';
  let at = text.indexOf(separator);
  while (at >= 0) {
    offsets.push(at + separator.length);
    at = text.indexOf(separator, at + separator.length);
  }
  return offsets;
}

export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

export const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
