{{/* Chart name, truncated to the 63 characters Kubernetes allows. */}}
{{- define "platform.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name; component names are appended to it, so it keeps room for them. */}}
{{- define "platform.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else if contains (include "platform.name" .) .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "platform.name" .) | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "platform.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels; call with (dict "root" $ "component" "gateway") and, for a model worker, "model" <name>. */}}
{{- define "platform.labels" -}}
helm.sh/chart: {{ include "platform.chart" .root }}
{{ include "platform.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: platform
{{- end -}}

{{- define "platform.selectorLabels" -}}
app.kubernetes.io/name: {{ include "platform.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- with .model }}
platform/model: {{ include "platform.modelSlug" . }}
{{- end }}
{{- end -}}

{{/* Every pod of the release, for NetworkPolicies. */}}
{{- define "platform.releaseSelector" -}}
app.kubernetes.io/name: {{ include "platform.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Image reference; call with (dict "root" $ "image" .Values.gateway.image). */}}
{{- define "platform.image" -}}
{{- $tag := .image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .root.Values.image.registry) .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* A model name as a label value and name part: lowercased, chars other than [a-z0-9-] as -. Call with the name. */}}
{{- define "platform.modelSlug" -}}
{{- regexReplaceAll "[^a-z0-9-]" (lower .) "-" | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* RabbitMQ queue of a model (ModelQueues.EndpointName): model- + the name lowercased, chars other than [a-z0-9-] as -. */}}
{{- define "platform.modelQueue" -}}
{{- printf "model-%s" (regexReplaceAll "[^a-z0-9-]" (lower .) "-") -}}
{{- end -}}

{{/* A model's settings: modelWorker.defaults overlaid with the model's entry. Call with (dict "root" $ "model" <entry>); returns YAML. */}}
{{- define "platform.modelSettings" -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.modelWorker.defaults) (deepCopy .model)) -}}
{{- end -}}

{{/* Name of a model's worker Deployment (and ScaledObject, PodDisruptionBudget). Call with (dict "root" $ "model" <name>). */}}
{{- define "platform.workerName" -}}
{{- printf "%s-worker-%s" (include "platform.fullname" .root) (include "platform.modelSlug" .model) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* ConnectionStrings__<name> from the connection Secret; call with (dict "root" $ "name" "rabbitmq"). */}}
{{- define "platform.connectionEnv" -}}
- name: ConnectionStrings__{{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.connections.existingSecret }}
      key: {{ index .root.Values.connections.keys .name }}
{{- end -}}

{{/* The ServiceAccount of every pod; it mounts no token unless a pod asks (the gateway with Dapr's Kubernetes secret store). */}}
{{- define "platform.serviceAccountName" -}}
{{- include "platform.fullname" . -}}
{{- end -}}

{{/* Whether the gateway's Dapr sidecar reads Kubernetes Secrets (and so needs a service-account token). */}}
{{- define "platform.daprKubernetesSecrets" -}}
{{- if and .Values.dapr.enabled (eq .Values.dapr.secretStore.type "kubernetes") }}true{{ end -}}
{{- end -}}
