#!/usr/bin/env node
// bicep-check.js - offline check of Bicep files written by meshplan.
//
// usage: node bicep-check.js [--schemas DIR] FILE.bicep...
//
// Parses every file with the tree-sitter Bicep grammar and reports syntax
// errors and missing tokens with their line and column. With --schemas (a
// copy of the ARM JSON schemas) every resource declaration's
// 'type@apiVersion' must be a known type and API version; a nested child
// declaration's relative type is joined to its parent's. This is a syntax
// and type-name check only: the grammar knows no types or symbols.
// Without --schemas (or when DIR is missing) the type check prints SKIP.
// Exit status: 0 all OK, 1 a problem, 2 usage.
'use strict';
const fs = require('fs');
const path = require('path');
const Parser = require('tree-sitter');
const Bicep = require('tree-sitter-bicep');

const argv = process.argv.slice(2);
let schemaDir = null;
if (argv[0] === '--schemas') {
  argv.shift();
  schemaDir = argv.shift();
}
if (argv.length === 0) {
  console.error('usage: node bicep-check.js [--schemas DIR] FILE.bicep...');
  process.exit(2);
}
if (schemaDir && !fs.existsSync(schemaDir)) {
  console.log(`SKIP: ${schemaDir} is absent; Bicep type checks skipped`);
  schemaDir = null;
} else if (!schemaDir) {
  console.log('SKIP: no --schemas; Bicep type checks skipped');
}

function knownTypes(dir) {
  const known = new Set();
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { walk(p); continue; }
      if (!e.name.endsWith('.json')) continue;
      const s = JSON.parse(fs.readFileSync(p, 'utf8'));
      for (const g of Object.keys(s)) {
        if (!g.endsWith('resourceDefinitions')) continue;
        for (const def of Object.values(s[g])) {
          const pr = def.properties || {};
          for (const t of (pr.type && pr.type.enum) || [])
            for (const v of (pr.apiVersion && pr.apiVersion.enum) || [])
              known.add(`${t.toLowerCase()}@${v}`);
        }
      }
    }
  };
  walk(dir);
  return known;
}

const known = schemaDir ? knownTypes(schemaDir) : null;
const parser = new Parser();
parser.setLanguage(Bicep);
let bad = 0;
for (const f of argv) {
  const src = fs.readFileSync(f, 'utf8');
  const tree = parser.parse(src);
  const msgs = [];
  const at = (n) => `${n.startPosition.row + 1}:${n.startPosition.column + 1}`;
  const visit = (n, parentType) => {
    let mine = parentType;
    if (n.isMissing) {
      msgs.push(`${at(n)}: missing ${n.type}`);
    } else if (n.type === 'ERROR' && !n.children.some((c) => c.hasError)) {
      const near = src.slice(n.startIndex, n.startIndex + 40).split('\n')[0];
      msgs.push(`${at(n)}: syntax error near "${near}"`);
    }
    if (n.type === 'resource_declaration') {
      const s = n.namedChildren.find((c) => c.type === 'string');
      const raw = s ? src.slice(s.startIndex + 1, s.endIndex - 1) : '';
      const [t, v] = raw.split('@');
      mine = t.includes('/') ? t : `${parentType}/${t}`;
      if (!v)
        msgs.push(`${at(n)}: resource type '${raw}' has no @apiVersion`);
      else if (known && !known.has(`${mine.toLowerCase()}@${v}`))
        msgs.push(`${at(n)}: no ARM schema for ${mine}@${v}`);
    }
    for (const c of n.children) visit(c, mine);
  };
  visit(tree.rootNode, '');
  if (msgs.length) {
    bad++;
    for (const m of msgs) console.log(`${f}:${m}`);
  } else {
    console.log(`${f}: OK`);
  }
}
process.exit(bad ? 1 : 0);
