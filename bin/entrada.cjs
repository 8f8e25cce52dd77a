#!/usr/bin/env node
'use strict';
// The `entrada` command: the compiled CLI (dist/, built by `npm run build`, which `npm install`
// and `npm pack` run through `prepare`) in this one process.
//
// CommonJS on purpose: libuv sizes its threadpool from UV_THREADPOOL_SIZE when the pool first runs
// work, and loading an ES module entry point already runs work on it (Node 20: a .mjs entry that
// set the variable first still got the default 4 threads; this file gets the size it sets). So the
// size is set here, before the first import; see threadpool.cjs for why it matters.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { withThreadpoolSize } = require('./threadpool.cjs');

process.env.UV_THREADPOOL_SIZE = withThreadpoolSize(process.env).UV_THREADPOOL_SIZE;
const main = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(`entrada: not built (${main} is missing). Run \`npm install\` or \`npm run build\` in ${join(__dirname, '..')}.\n`);
  process.exit(1);
}
import(pathToFileURL(main).href).catch((err) => {
  process.stderr.write(`${err?.stack ? err.stack : String(err)}\n`);
  process.exit(1);
});
