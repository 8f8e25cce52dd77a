// A single-page app origin for browser tests: http://localhost:5173, the redirect URI the demo
// seed registers for Demo SPA (src/seed/demo.yaml). It serves `/` (the page given) and
// `/msal-browser.js`, MSAL.js's UMD build from node_modules, which defines the global `msal`.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const SPA_PORT = 5173;
const HOST = '127.0.0.1'; // what `localhost` resolves to here (/etc/hosts); browsers fall back to it from ::1

/** lib/msal-browser.js of the installed @azure/msal-browser: a UMD bundle that sets globalThis.msal. */
export const MSAL_BROWSER_JS = join(dirname(createRequire(import.meta.url).resolve('@azure/msal-browser/package.json')), 'lib', 'msal-browser.js');

/** `port` 0 picks a free one (tests that register their own SPA redirect URI); default SPA_PORT. */
export async function serveSpa(html: string, port = SPA_PORT): Promise<{ url: string; close(): Promise<void> }> {
  const files: Record<string, { type: string; body: string | Buffer }> = {
    '/': { type: 'text/html; charset=utf-8', body: html },
    '/msal-browser.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(MSAL_BROWSER_JS) },
  };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://localhost').pathname];
    res.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain', 'cache-control': 'no-store' });
    res.end(file?.body ?? 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`Port ${SPA_PORT} is in use (a Vite dev server?); the SPA test server needs it, as Demo SPA's redirect URI is http://localhost:${SPA_PORT}/`)
          : err,
      ),
    );
    server.listen(port, HOST, resolve);
  });
  const address = server.address();
  return {
    url: `http://localhost:${typeof address === 'object' && address ? address.port : port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
