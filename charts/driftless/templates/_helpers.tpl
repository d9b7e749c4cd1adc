{{/*
Chart name, truncated to 63 characters (a DNS-1123 label).
*/}}
{{- define "driftless.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: release name plus chart name unless the release name contains it already.
*/}}
{{- define "driftless.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Name of the worker's objects; leaves room for the "-worker" suffix within 63 characters.
*/}}
{{- define "driftless.workerName" -}}
{{- printf "%s-worker" (include "driftless.fullname" . | trunc 56 | trimSuffix "-") }}
{{- end }}

{{- define "driftless.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "driftless.labels" -}}
helm.sh/chart: {{ include "driftless.chart" . }}
{{ include "driftless.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: driftless
{{- end }}

{{/*
Selector labels (without component).
*/}}
{{- define "driftless.selectorLabels" -}}
app.kubernetes.io/name: {{ include "driftless.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The image: repository@digest when a digest is given, repository:tag otherwise (tag defaults to appVersion).
*/}}
{{- define "driftless.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Environment shared by both Deployments (DRIFTLESS_ROLES is set by each Deployment).
*/}}
{{- define "driftless.env" -}}
- name: QUARKUS_DATASOURCE_JDBC_URL
  value: {{ required "database.url is required: set it to the JDBC URL of the PostgreSQL database, e.g. --set database.url=jdbc:postgresql://postgres:5432/driftless" .Values.database.url | quote }}
{{- with .Values.database.username }}
- name: QUARKUS_DATASOURCE_USERNAME
  value: {{ . | quote }}
{{- end }}
{{- with .Values.database.existingSecret }}
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . | quote }}
      key: {{ default "password" $.Values.database.passwordKey | quote }}
{{- end }}
- name: DRIFTLESS_URLS_BASE_DOMAIN
  value: {{ default "preview.example.com" .Values.baseDomain | quote }}
- name: DRIFTLESS_CLUSTER
  value: in-cluster
- name: QUARKUS_LOG_CONSOLE_JSON_ENABLED
  value: {{ .Values.logs.json | quote }}
{{- if .Values.tracing.enabled }}
- name: QUARKUS_OTEL_SDK_DISABLED
  value: "false"
- name: QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ .Values.tracing.endpoint | quote }}
{{- end }}
{{- with .Values.uiLogin }}
- name: DRIFTLESS_AUTH_UI_LOGIN
  value: {{ . | quote }}
{{- end }}
{{- with .Values.publicUrl }}
- name: DRIFTLESS_PUBLIC_URL
  value: {{ . | quote }}
{{- end }}
{{- with .Values.secrets.existingSecret }}
{{- range $env, $key := dict "DRIFTLESS_ADMIN_TOKEN" $.Values.secrets.adminTokenKey "DRIFTLESS_AUTH_ADMIN_PASSWORD" $.Values.secrets.adminPasswordKey "DRIFTLESS_GITHUB_WEBHOOK_SECRET" $.Values.secrets.githubWebhookSecretKey "DRIFTLESS_GITHUB_TOKEN" $.Values.secrets.githubTokenKey "QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY" $.Values.secrets.sessionEncryptionKeyKey "DRIFTLESS_SECRETS_KEY" $.Values.secrets.secretsKeyKey "DRIFTLESS_AUTH_GITHUB_CLIENT_ID" $.Values.secrets.githubOAuthClientIdKey "DRIFTLESS_AUTH_GITHUB_CLIENT_SECRET" $.Values.secrets.githubOAuthClientSecretKey }}
- name: {{ $env }}
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.secrets.existingSecret | quote }}
      key: {{ $key | quote }}
      optional: true
{{- end }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The worker's build settings (values.build); the two secrets as optional keys of build.existingSecret.
*/}}
{{- define "driftless.buildEnv" -}}
{{- with .Values.build }}
{{- with .registry }}
- name: DRIFTLESS_BUILD_REGISTRY
  value: {{ . | quote }}
{{- end }}
- name: DRIFTLESS_BUILD_BUILDER_IMAGE
  value: {{ required "build.builderImage is required" .builderImage | quote }}
- name: DRIFTLESS_BUILD_TIMEOUT
  value: {{ .timeout | quote }}
- name: DRIFTLESS_BUILD_CONCURRENCY
  value: {{ .concurrency | quote }}
{{- with .existingSecret }}
{{- range $env, $key := dict "DRIFTLESS_BUILD_PUSH_CONFIG" $.Values.build.pushConfigKey "DRIFTLESS_BUILD_GIT_TOKEN" $.Values.build.gitTokenKey }}
- name: {{ $env }}
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.build.existingSecret | quote }}
      key: {{ $key | quote }}
      optional: true
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Container security context: non-root, read-only root filesystem, no privilege escalation, no capabilities.
*/}}
{{- define "driftless.containerSecurityContext" -}}
runAsNonRoot: true
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
Pod security context: values.podSecurityContext, but always runAsNonRoot with the RuntimeDefault seccomp profile.
*/}}
{{- define "driftless.podSecurityContext" -}}
{{- $fixed := dict "runAsNonRoot" true "seccompProfile" (dict "type" "RuntimeDefault") }}
{{- toYaml (merge $fixed (deepCopy (default dict .Values.podSecurityContext))) }}
{{- end }}

{{/*
Health probes (Quarkus SmallRye Health) on the http port.
*/}}
{{- define "driftless.probes" -}}
# up to 2 minutes to start (a first start migrates the database); liveness only counts after that
startupProbe:
  httpGet:
    path: /q/health/started
    port: http
  periodSeconds: 2
  failureThreshold: 60
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: http
  initialDelaySeconds: 5
  periodSeconds: 10
  failureThreshold: 3
livenessProbe:
  httpGet:
    path: /q/health/live
    port: http
  initialDelaySeconds: 10
  periodSeconds: 10
  failureThreshold: 3
{{- end }}

{{/*
Pod scheduling and pull settings shared by both Deployments.
*/}}
{{- define "driftless.podExtras" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
