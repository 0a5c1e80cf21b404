#!/usr/bin/env node
// tf-check.js - offline check of Terraform files written by meshplan.
//
// usage: node tf-check.js [--allowlist azurerm-arguments.json] FILE.tf...
//
// Parses every file with HashiCorp's HCL parser (@cdktf/hcl2json, WASM), so
// a syntax error fails. With --allowlist, every azurerm_* resource and data
// source is checked against the argument allowlist: unknown arguments or
// blocks, missing required ones, a block written as an argument and the
// reverse. Resources of other providers (azapi_*) are listed as not
// checked. Without the allowlist (or when the file is missing) that part
// prints a visible SKIP. Exit status: 0 all OK, 1 a problem, 2 usage.
'use strict';
const fs = require('fs');
const { parse } = require('@cdktf/hcl2json');

const argv = process.argv.slice(2);
let allowFile = null;
if (argv[0] === '--allowlist') {
  argv.shift();
  allowFile = argv.shift();
}
if (argv.length === 0) {
  console.error('usage: node tf-check.js [--allowlist FILE] FILE.tf...');
  process.exit(2);
}
let allow = null;
if (allowFile && fs.existsSync(allowFile))
  allow = JSON.parse(fs.readFileSync(allowFile, 'utf8'));
else
  console.log(`SKIP: ${allowFile || 'no --allowlist'}: azurerm argument ` +
    'checks skipped');

const META = new Set(['count', 'for_each', 'depends_on', 'provider',
  'lifecycle', 'timeouts', 'provisioner', 'connection']);
const problems = [];
const notChecked = new Set();

function isBlockList(v) {
  return Array.isArray(v) && v.length > 0 && v.every((x) =>
    x !== null && typeof x === 'object' && !Array.isArray(x));
}

function check(where, body, spec, top) {
  for (const [k, v] of Object.entries(body)) {
    if (k === 'dynamic') {
      for (const [bn, list] of Object.entries(v)) {
        const bs = spec.blocks[bn];
        if (!bs) {
          problems.push(`${where}: unknown dynamic block "${bn}"`);
          continue;
        }
        for (const d of list)
          for (const c of d.content || []) check(`${where}.${bn}`, c, bs, false);
      }
      continue;
    }
    const arg = spec.arguments[k];
    if (arg) {
      if (isBlockList(v) && !/^(list|set)/.test(arg.type || ''))
        problems.push(`${where}: "${k}" is an argument, written as a block`);
      continue;
    }
    const blk = spec.blocks[k];
    if (blk) {
      if (!Array.isArray(v)) {
        problems.push(`${where}: "${k}" is a block, written as an argument`);
        continue;
      }
      for (const b of v) check(`${where}.${k}`, b, blk, false);
      continue;
    }
    if (top && META.has(k)) continue;
    problems.push(`${where}: unknown argument or block "${k}"`);
  }
  const dyn = body.dynamic || {};
  for (const [a, m] of Object.entries(spec.arguments))
    if (m.required && !(a in body))
      problems.push(`${where}: missing required argument "${a}"`);
  for (const [b, m] of Object.entries(spec.blocks))
    if (m.required && !(b in body) && !(b in dyn))
      problems.push(`${where}: missing required block "${b}"`);
}

(async () => {
  for (const f of argv) {
    let j;
    try {
      j = await parse(f, fs.readFileSync(f, 'utf8'));
    } catch (e) {
      problems.push(`${f}: HCL syntax: ${String(e.message || e).trim()}`);
      continue;
    }
    if (!allow) continue;
    for (const [type, byName] of Object.entries(j.resource || {})) {
      const spec = allow.resources[type];
      for (const [name, list] of Object.entries(byName))
        for (const body of list) {
          if (spec) check(`${f}: ${type}.${name}`, body, spec, true);
          else if (type.startsWith('azurerm_'))
            problems.push(`${f}: ${type}.${name}: type not in the allowlist`);
          else notChecked.add(type);
        }
    }
  }
  if (notChecked.size)
    console.log(`not checked (other providers): ${[...notChecked].sort().join(', ')}`);
  for (const p of problems) console.log(p);
  console.log(problems.length ? `${problems.length} problem(s)` : 'no problems');
  process.exit(problems.length ? 1 : 0);
})();
