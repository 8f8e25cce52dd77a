// The HTTP floor of issue 16's sizing table: the least a token endpoint over HTTPS can cost on this
// machine, with none of Entrada's code. Fastify (as Entrada), the same kind of certificate (made by
// src/crypto/local-ca.ts, as `entrada start` makes its own) and cipher order, a form-body parser,
// and one POST route answering a client-credentials answer of the same shape and size, no-store.
// With --sign it also signs an input of an access token's size per request (src/crypto/rs256.ts,
// the callback form TokenSigner uses); without, the token is a fixed one signed once at start.
// Whatever Entrada spends per token beyond this floor and its signatures is its own logic and storage.
//
//   node --import tsx bench/floor-server.ts --tls DIR [--token-chars 1250] [--sign]
//   (bench/lib/floor.ts starts it pinned like the servers; it prints "floor listening on <url>")

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { importRs256Key, signRs256 } from '../src/crypto/rs256.js';
import { TLS_CIPHERS } from '../src/crypto/tls-ciphers.js';
import { generateSigningKey } from '../src/crypto/signing-key.js';

/** An RS256-2048 signature is 256 bytes: 342 base64url characters, plus the '.' before it. */
const SIGNATURE_PART = 343;

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** A JWS signing input (header.payload) of exactly `chars` characters, the payload padded with a filler claim. */
function signingInput(chars: number): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = b64({ typ: 'JWT', alg: 'RS256', kid: 'bench-floor' });
  let filler = '';
  let input = `${header}.${b64({ aud: 'api://bench-floor', filler })}`;
  while (input.length < chars) {
    filler += 'x';
    input = `${header}.${b64({ aud: 'api://bench-floor', filler })}`;
  }
  return input.slice(0, chars);
}

const tlsDir = flag('tls');
if (!tlsDir) throw new Error('floor-server: --tls DIR (holding server.pem and server-key.pem) is required');
const sign = process.argv.includes('--sign');
const tokenChars = Number(flag('token-chars') ?? 1250);
const key = importRs256Key((await generateSigningKey(new Date())).privateKeyPem);
const input = signingInput(Math.max(1, tokenChars - SIGNATURE_PART));
const inputBytes = Buffer.from(input, 'latin1');
const fixedToken = `${input}.${(await signRs256(key, inputBytes)).toString('base64url')}`;

const app = Fastify({
  logger: false,
  https: { key: readFileSync(join(tlsDir, 'server-key.pem')), cert: readFileSync(join(tlsDir, 'server.pem')), ciphers: TLS_CIPHERS },
});
app.removeAllContentTypeParsers();
app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
  done(null, Object.fromEntries(new URLSearchParams(body as string)));
});
app.post('/:tenant/oauth2/v2.0/token', async (req, reply) => {
  const params = (req.body ?? {}) as Record<string, string>;
  reply.header('cache-control', 'no-store');
  if (params['grant_type'] !== 'client_credentials') return reply.code(400).send({ error: 'unsupported_grant_type' });
  const accessToken = sign ? `${input}.${(await signRs256(key, inputBytes)).toString('base64url')}` : fixedToken;
  return { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken };
});
// As `entrada start` binds by default: localhost = 127.0.0.1 and ::1.
await app.listen({ host: 'localhost', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
console.log(`floor listening on https://localhost:${port}`);
const stop = () => void app.close().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
