// Parses Mermaid files with Mermaid's own parser (under jsdom), as GitHub's renderer
// would before drawing them.
//   node mermaid_parse.mjs MODULES_DIR FILE...
// MODULES_DIR is a node_modules folder holding `mermaid` and `jsdom`.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, ...files] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), '..', 'resolve.js'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import(pathToFileURL(require.resolve('mermaid')).href);
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

let failed = 0;
for (const file of files) {
  try {
    await mermaid.parse(fs.readFileSync(file, 'utf8'));
    console.log(`ok ${file}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${file}: ${String(e.message || e).split('\n').slice(0, 4).join('\n  ')}`);
  }
}
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
