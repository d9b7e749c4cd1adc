#!/usr/bin/env bash
# Re-derives src/main/resources/kubernetes-schemas/<version>/ from the pinned npm packages (README.md there).
# Needs node and npm. Usage: kubernetes-schemas/tools/derive.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# The newest kubernetes-models release whose schemas are JSON data (4.4 and later ship only compiled
# validator code); it is generated from the OpenAPI spec of Kubernetes 1.27.1.
KUBERNETES_MODELS=4.3.1
PROMETHEUS_OPERATOR_MODELS=4.0.0
# the ObjectMeta, Quantity, IntOrString… schemas both of the above take from it
APIMACHINERY_MODELS=1.2.2
KUBERNETES=1.27.1

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --ignore-scripts --no-audit --no-fund --save-exact \
  "kubernetes-models@$KUBERNETES_MODELS" "@kubernetes-models/prometheus-operator@$PROMETHEUS_OPERATOR_MODELS" \
  "@kubernetes-models/apimachinery@$APIMACHINERY_MODELS" >/dev/null
npm ls --depth=0
node "$here/derive.cjs" node_modules "$here/../src/main/resources/kubernetes-schemas/$KUBERNETES"
