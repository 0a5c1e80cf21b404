#!/usr/bin/env node
// arm-check.js - offline check of ARM JSON templates written by meshplan.
//
// usage: node arm-check.js [--schemas DIR] TEMPLATE.json...
//
// Every file must parse as JSON and look like a deployment template. With
// --schemas (a copy of Azure/azure-resource-manager-schemas), the template is
// validated against deploymentTemplate.json (resource-group templates only),
// then every resource against the definition of its type@apiVersion. Provider
// definitions get additionalProperties: false in memory, so a misspelt
// property or one from another API version is an error. Without --schemas
// (or when DIR is missing) the schema checks print a visible SKIP.
// Exit status: 0 all valid, 1 a problem, 2 usage.
'use strict';
const fs = require('fs');
const path = require('path');

const argv = process.argv.slice(2);
let schemaDir = null;
if (argv[0] === '--schemas') {
  argv.shift();
  schemaDir = argv.shift();
}
if (argv.length === 0) {
  console.error('usage: node arm-check.js [--schemas DIR] TEMPLATE.json...');
  process.exit(2);
}
if (schemaDir && !fs.existsSync(schemaDir)) {
  console.log(`SKIP: ${schemaDir} is absent; ARM schema checks skipped`);
  schemaDir = null;
} else if (!schemaDir) {
  console.log('SKIP: no --schemas; ARM schema checks skipped');
}

const GROUPS = ['resourceDefinitions', 'subscription_resourceDefinitions',
  'managementGroup_resourceDefinitions', 'tenant_resourceDefinitions',
  'extension_resourceDefinitions'];
const TOP = 'https://schema.management.azure.com/schemas/2019-04-01/' +
  'deploymentTemplate.json#';
let ajv = null;
const byType = new Map();   // "type@api" (lower case) -> $ref

function listJson(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort(
    (a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listJson(p));
    else if (e.name.endsWith('.json')) out.push(p);
  }
  return out;
}

function loadSchemas(dir) {
  const Ajv = require('ajv');
  ajv = new Ajv({ schemaId: 'auto', allErrors: true, jsonPointers: true,
    unknownFormats: 'ignore', missingRefs: true, verbose: true });
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
  for (const file of listJson(dir)) {
    const s = JSON.parse(fs.readFileSync(file, 'utf8'));
    const isProvider = GROUPS.some((g) => s[g]);
    if (isProvider) {
      // Strict property names: close every object definition.
      for (const [name, def] of Object.entries(s.definitions || {})) {
        if (name.endsWith('_childResource')) continue;
        if (def && def.properties && !('additionalProperties' in def))
          def.additionalProperties = false;
      }
    }
    ajv.addSchema(s);
    const id = String(s.id || s.$id || '').replace(/#$/, '');
    for (const g of GROUPS) {
      for (const [name, def] of Object.entries(s[g] || {})) {
        const p = def.properties || {};
        const types = (p.type && p.type.enum) || [];
        const apis = (p.apiVersion && p.apiVersion.enum) || [];
        for (const t of types)
          for (const v of apis)
            byType.set(`${t.toLowerCase()}@${v}`, `${id}#/${g}/${name}`);
      }
    }
  }
}

function describe(e) {
  let m = `${e.dataPath || '/'}: ${e.message}`;
  if (e.params && e.params.allowedValues)
    m += ' ' + JSON.stringify(e.params.allowedValues);
  if (e.params && e.params.additionalProperty)
    m += ': ' + e.params.additionalProperty;
  return m;
}

// Errors that only say "an expression string would also do" are noise.
// So are type errors about an ARM expression ("[...]", not the "[["
// escape): ARM evaluates it before it checks the value, and the
// deploymentTemplate.json schema types some values (tags) as objects only.
function relevant(e) {
  if (e.keyword === 'oneOf' || e.keyword === 'anyOf') return false;
  if (e.keyword === 'type' && typeof e.data === 'string' &&
      /^\[(?!\[)[\s\S]*\]$/.test(e.data))
    return false;
  if (e.keyword === 'type' && e.params.type === 'string') return false;
  if (e.keyword === 'pattern' && String(e.params.pattern).startsWith('^\\['))
    return false;
  return true;
}

// A nested deployment (Microsoft.Resources/deployments) is judged by what
// it deploys: its wrapper must hold an inline template with inner scope
// (so the template's expressions are its own), and that template is
// checked like a file, resource by resource.
function checkNested(r, where, msgs) {
  const p = r.properties || {};
  if (r.apiVersion !== '2022-09-01' && r.apiVersion !== '2025-04-01')
    msgs.push(`${where}: deployments apiVersion ${r.apiVersion} not checked`);
  if (p.mode !== 'Incremental')
    msgs.push(`${where}: a nested deployment must be Incremental`);
  if (!p.expressionEvaluationOptions ||
      p.expressionEvaluationOptions.scope !== 'inner')
    msgs.push(`${where}: expressionEvaluationOptions.scope must be inner`);
  if (typeof p.template !== 'object' || p.template === null) {
    msgs.push(`${where}: no inline template`);
    return;
  }
  checkTemplate(p.template, where + '/template', msgs);
  // The properties a change merges in must be valid for the type and
  // API version of the resource it changes.
  const ch = p.parameters && p.parameters.changes &&
    p.parameters.changes.value;
  const inner = (p.template.resources || [])[0];
  if (ch && inner) {
    const ref = byType.get(`${String(inner.type).toLowerCase()}@` +
      `${inner.apiVersion}`);
    const probe = { type: inner.type, apiVersion: inner.apiVersion,
      name: inner.name, properties: ch };
    if (ref && !ajv.validate({ $ref: ref }, probe))
      for (const e of ajv.errors.filter(relevant))
        msgs.push(`${where}/parameters/changes ${describe(e)}`);
  }
}

function checkTemplate(t, where, msgs) {
  // The whole-template schema is checked on the file; an inline template
  // is checked resource by resource (its values are mostly expressions).
  const rgScope = where === '' &&
    /\/deploymentTemplate\.json#?$/.test(t.$schema);
  let topDetail = null;
  if (rgScope && !ajv.validate(TOP, t))
    topDetail = ajv.errors.filter(relevant).slice(0, 5).map(describe);
  (t.resources || []).forEach((r, i) => {
    const at = `${where}resources[${i}]`;
    if (r.type === 'Microsoft.Resources/deployments') {
      checkNested(r, at, msgs);
      return;
    }
    const key = `${String(r.type).toLowerCase()}@${r.apiVersion}`;
    const ref = byType.get(key);
    if (!ref) {
      msgs.push(`${at} ${r.type}@${r.apiVersion}: no schema ` +
        'for this type and API version');
      return;
    }
    if (!ajv.validate({ $ref: ref }, r))
      for (const e of ajv.errors.filter(relevant))
        msgs.push(`${at} ${r.type} ${describe(e)}`);
  });
  if (topDetail !== null && !(t.resources || []).some(
    (r) => r.type === 'Microsoft.Resources/deployments'))
    msgs.unshift(`${where || 'template'} does not match ` +
      'deploymentTemplate.json' + (msgs.length ?
        ' (see the resource errors below)' : ': ' + topDetail.join('; ')));
}

if (schemaDir) loadSchemas(schemaDir);
let bad = 0;
for (const f of argv) {
  const msgs = [];
  let t;
  try {
    t = JSON.parse(fs.readFileSync(f, 'utf8'));
  } catch (err) {
    console.log(`${f}: INVALID\n  not JSON: ${err.message}`);
    bad++;
    continue;
  }
  if (typeof t !== 'object' || t === null || Array.isArray(t) ||
      typeof t.$schema !== 'string' || t.contentVersion === undefined ||
      !Array.isArray(t.resources))
    msgs.push('not a deployment template ($schema, contentVersion, ' +
      'resources[])');
  else if (ajv)
    checkTemplate(t, '', msgs);
  if (msgs.length) {
    bad++;
    console.log(`${f}: INVALID`);
    for (const m of [...new Set(msgs)]) console.log('  ' + m);
  } else {
    console.log(`${f}: valid`);
  }
}
process.exit(bad ? 1 : 0);
