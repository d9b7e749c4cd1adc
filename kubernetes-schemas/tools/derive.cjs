// Derives the Kubernetes JSON schemas the tests validate against (see ../README.md) from the JSON schemas
// that the npm packages kubernetes-models and @kubernetes-models/prometheus-operator carry, each as a
// JavaScript object handed to `register(id, schema)` of @kubernetes-models/validate.
//
// Usage: node derive.cjs <node_modules> <output folder>   (derive.sh installs the pinned packages first)
//
// It loads every schema module with @kubernetes-models/validate and @kubernetes-models/base replaced by
// recorders, so nothing of those libraries runs; then, for each kind in KINDS, writes the kind's schema
// with the closure of its $refs under $defs, as JSON Schema 2020-12:
// - `$ref: "io.k8s.api.core.v1.PodSpec#"` becomes `$ref: "#/$defs/io.k8s.api.core.v1.PodSpec"`;
// - the OpenAPI `nullable: true` becomes a "null" among the types (the API server reads a null as unset), and
//   the packages' `oneOf: [X, {type: "null"}]` becomes `if: {type: "null"}, else: X`: the same values, but a
//   violation inside X is reported once at its own path instead of under a oneOf that failed both ways;
// - every object schema that lists its properties and says nothing of others gets
//   `additionalProperties: false`: the API server's strict field validation refuses unknown fields, and
//   without it an unknown field is dropped silently, so a misspelt field would never take effect.
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');

const [modules, out] = process.argv.slice(2).map((p) => p && path.resolve(p));
if (!modules || !out) {
  console.error('usage: node derive.cjs <node_modules> <output folder>');
  process.exit(2);
}

/** apiVersion/kind of every object Driftless renders (worker) or installs (chart), per schema document. */
const KINDS = {
  kubernetes: [
    'v1/ConfigMap', 'v1/LimitRange', 'v1/Namespace', 'v1/PersistentVolumeClaim', 'v1/Pod', 'v1/ResourceQuota',
    'v1/Secret', 'v1/Service', 'v1/ServiceAccount',
    'apps/v1/Deployment',
    'batch/v1/Job',
    'networking.k8s.io/v1/Ingress', 'networking.k8s.io/v1/NetworkPolicy',
    'policy/v1/PodDisruptionBudget',
    'rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
    'rbac.authorization.k8s.io/v1/Role', 'rbac.authorization.k8s.io/v1/RoleBinding',
  ],
  'prometheus-operator': ['monitoring.coreos.com/v1/ServiceMonitor', 'monitoring.coreos.com/v1/PodMonitor'],
};

// --- load every schema, recording what is registered ------------------------------------------------

const registered = new Map();
const stubs = {
  '@kubernetes-models/validate': { register: (id, schema) => registered.set(id, schema) },
  '@kubernetes-models/base': {
    Model: class {},
    createTypeMetaGuard: () => () => false,
    setSchema: (_model, _id, addSchema) => addSchema(),
  },
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return stubs[request] ? request : resolve.call(this, request, ...rest);
};
for (const [name, exports] of Object.entries(stubs)) {
  const m = new Module(name);
  m.exports = exports;
  m.loaded = true;
  Module._cache[name] = m;
}

function loadAll(folder) {
  for (const file of fs.readdirSync(folder).sort()) {
    const full = path.join(folder, file);
    if (fs.statSync(full).isDirectory()) {
      loadAll(full);
    } else if (file.endsWith('.js') && !file.startsWith('index')) {
      const loaded = require(full);
      if (typeof loaded.addSchema === 'function') {
        loaded.addSchema();
      }
    }
  }
}
const packages = {
  kubernetes: [path.join(modules, '@kubernetes-models/apimachinery/_schemas'), path.join(modules, 'kubernetes-models/_schemas')],
  'prometheus-operator': [path.join(modules, '@kubernetes-models/prometheus-operator/monitoring.coreos.com')],
};
Object.values(packages).flat().forEach(loadAll);

// --- fields newer than the packages' Kubernetes that Driftless relies on ----------------------------------
// Each is written from the Kubernetes API reference of the version that added it, named here with that version,
// so the schemas tell the truth about clusters of that version and later; the objects using them need it.

const ADDITIONS = [
  {
    // Kubernetes 1.30 (GA): rootless BuildKit runs its build containers Unconfined (worker BuildRenderer)
    since: '1.30',
    definition: 'io.k8s.api.core.v1.AppArmorProfile',
    schema: {
      type: 'object',
      required: ['type'],
      properties: {
        localhostProfile: { type: 'string', nullable: true },
        type: { type: 'string', enum: ['Localhost', 'RuntimeDefault', 'Unconfined'] },
      },
    },
    into: ['io.k8s.api.core.v1.SecurityContext', 'io.k8s.api.core.v1.PodSecurityContext'],
    property: 'appArmorProfile',
  },
];
for (const addition of ADDITIONS) {
  registered.set(addition.definition, addition.schema);
  for (const owner of addition.into) {
    const properties = registered.get(owner).properties;
    if (properties[addition.property]) {
      throw new Error(`${owner} already has ${addition.property}: drop the addition`);
    }
    properties[addition.property] = { oneOf: [{ $ref: `${addition.definition}#` }, { type: 'null' }] };
  }
}

// --- index the kinds by apiVersion/kind ---------------------------------------------------------------

const byKind = new Map();
for (const [id, schema] of registered) {
  const apiVersion = schema.properties?.apiVersion?.enum;
  const kind = schema.properties?.kind?.enum;
  if (apiVersion?.length === 1 && kind?.length === 1) {
    byKind.set(`${apiVersion[0]}/${kind[0]}`, id);
  }
}

// --- convert, with the closure of $refs ---------------------------------------------------------------

function convert(node, refs) {
  if (Array.isArray(node)) {
    return node.map((n) => convert(n, refs));
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const result = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref') {
      const id = value.replace(/#$/, '');
      if (!registered.has(id)) {
        throw new Error(`unknown $ref ${value}`);
      }
      refs.add(id);
      result.$ref = `#/$defs/${id}`;
    } else if (key === 'nullable') {
      // handled below
    } else if (key === 'properties' || key === 'patternProperties' || key === '$defs') {
      result[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, refs)]));
    } else {
      result[key] = convert(value, refs);
    }
  }
  if (isNullOr(result.oneOf)) {
    const { oneOf, ...rest } = result;
    return orNull({ ...rest, ...oneOf.find((branch) => branch.type !== 'null') });
  }
  if (node.nullable === true) {
    if (typeof result.type === 'string') {
      result.type = [result.type, 'null'];
      if (result.enum && !result.enum.includes(null)) {
        result.enum = [...result.enum, null];
      }
    } else if (result.type === undefined) {
      return orNull(result);
    }
  }
  if (result.properties && result.additionalProperties === undefined) {
    result.additionalProperties = false;
  }
  return result;
}

/** Whether `branches` are exactly some schema and null. */
function isNullOr(branches) {
  return Array.isArray(branches) && branches.length === 2 && branches.filter((b) => b.type === 'null'
    && Object.keys(b).length === 1).length === 1;
}

/** `schema` or null, with the violations of a non-null value reported against `schema` alone. */
function orNull(schema) {
  if (schema.additionalProperties === undefined && schema.properties) {
    schema.additionalProperties = false;
  }
  return { if: { type: 'null' }, else: schema };
}

fs.mkdirSync(out, { recursive: true });
for (const [document, kinds] of Object.entries(KINDS)) {
  const defs = {};
  const index = {};
  const pending = [];
  for (const kind of kinds) {
    const id = byKind.get(kind);
    if (!id) {
      throw new Error(`no schema for ${kind}`);
    }
    index[kind] = `#/$defs/${id}`;
    pending.push(id);
  }
  while (pending.length > 0) {
    const id = pending.pop();
    if (defs[id]) {
      continue;
    }
    const refs = new Set();
    defs[id] = convert(registered.get(id), refs);
    refs.forEach((ref) => defs[ref] || pending.push(ref));
  }
  const sorted = Object.fromEntries(Object.keys(defs).sort().map((id) => [id, defs[id]]));
  const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', kinds: index, $defs: sorted };
  fs.writeFileSync(path.join(out, `${document}.json`), JSON.stringify(schema, null, 1) + '\n');
  console.log(`${document}.json: ${kinds.length} kinds, ${Object.keys(sorted).length} definitions`);
}
