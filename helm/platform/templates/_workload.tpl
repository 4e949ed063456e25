{{/*
The one Deployment shape of every service, hardened in one place: non-root, RuntimeDefault seccomp, read-only root
filesystem with emptyDir scratch at /tmp and /data, no service-account token, all capabilities dropped, resources,
the management port for probes and metrics, preStop and a grace period sized for streams, optional Dapr sidecar.
Call with a dict:
  root        $
  component   gateway | completion | chat | model-worker
  model       the model name (workers only)
  name        the Deployment's name
  settings    the component's values (resources, terminationGracePeriodSeconds, nodeSelector, tolerations, affinity)
  image       the image reference
  replicas    a number, or nil when an autoscaler owns the count
  env         extra env entries, rendered YAML (a list)
  volumes     extra volumes, rendered YAML (a list), may be ""
  mounts      extra volume mounts, rendered YAML (a list), may be ""
  probes      extra probes (startupProbe), rendered YAML, may be ""
  token       "true" when the pod must mount its service-account token
  serviceAccount  the ServiceAccount's name
*/}}
{{- define "platform.deployment" -}}
{{- $root := .root -}}
{{- $settings := .settings -}}
{{- $grace := int $settings.terminationGracePeriodSeconds -}}
{{- $preStop := int $root.Values.shutdown.preStopSeconds -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  labels:
    {{- include "platform.labels" . | nindent 4 }}
  {{- with .model }}
  annotations:
    platform/model-queue: {{ include "platform.modelQueue" . }}
  {{- end }}
spec:
  {{- if not (kindIs "invalid" .replicas) }}
  replicas: {{ .replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "platform.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "platform.labels" . | nindent 8 }}
      annotations:
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
        {{- if $root.Values.metrics.scrapeAnnotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ $root.Values.ports.management | quote }}
        prometheus.io/path: /metrics
        {{- end }}
        {{- if $root.Values.dapr.enabled }}
        {{- include "platform.daprAnnotations" . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ .serviceAccount }}
      automountServiceAccountToken: {{ eq (toString .token) "true" }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: {{ $grace }}
      containers:
        - name: {{ .component }}
          image: {{ .image }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          envFrom:
            - configMapRef:
                name: {{ include "platform.fullname" $root }}-settings
          env:
            - name: OTEL_SERVICE_NAME
              value: {{ .component }}
            # The host drains requests and streams for what is left of the grace period after preStop.
            - name: shutdownTimeoutSeconds
              value: {{ sub $grace (add $preStop 5) | quote }}
            {{- .env | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ $root.Values.ports.http }}
              protocol: TCP
            - name: management
              containerPort: {{ $root.Values.ports.management }}
              protocol: TCP
          readinessProbe:
            httpGet:
              path: /health/ready
              port: management
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 3
          livenessProbe:
            httpGet:
              path: /health/live
              port: management
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          {{- with .probes }}
          {{- . | nindent 10 }}
          {{- end }}
          lifecycle:
            preStop:
              sleep:
                seconds: {{ $preStop }}
          resources:
            {{- toYaml $settings.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            - name: data
              mountPath: /data
            {{- with .mounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $root.Values.scratch.sizeLimit }}
        - name: data
          emptyDir:
            sizeLimit: {{ $root.Values.scratch.sizeLimit }}
        {{- with .volumes }}
        {{- . | nindent 8 }}
        {{- end }}
      {{- with $settings.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $settings.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $settings.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}

{{/* Dapr sidecar annotations of a pod; call with the platform.deployment dict. */}}
{{- define "platform.daprAnnotations" -}}
{{- $dapr := .root.Values.dapr -}}
dapr.io/enabled: "true"
dapr.io/app-id: {{ .name | quote }}
dapr.io/config: {{ include "platform.fullname" .root }}-dapr
dapr.io/log-level: {{ $dapr.logLevel | quote }}
dapr.io/log-as-json: "true"
dapr.io/sidecar-cpu-request: {{ $dapr.sidecar.resources.requests.cpu | quote }}
dapr.io/sidecar-memory-request: {{ $dapr.sidecar.resources.requests.memory | quote }}
dapr.io/sidecar-cpu-limit: {{ $dapr.sidecar.resources.limits.cpu | quote }}
dapr.io/sidecar-memory-limit: {{ $dapr.sidecar.resources.limits.memory | quote }}
dapr.io/sidecar-seccomp-profile-type: RuntimeDefault
{{- if ne (toString .token) "true" }}
dapr.io/disable-builtin-k8s-secret-store: "true"
{{- end }}
{{- end -}}
