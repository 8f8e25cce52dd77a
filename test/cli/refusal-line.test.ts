import { describe, expect, it } from 'vitest';
import { refusalLines } from '../../src/cli/refusal-line.js';
import { idpError } from '../../src/core/errors/idp-error.js';
import { decideClientType } from '../../src/core/policy/client-type.js';
import { WEB } from '../support/demo-seed.js';
import { inProcessEntrada } from '../support/in-process.js';

describe('the refusal line entrada start prints', () => {
  it('says what decided and the fix, and never echoes request values other than grant and client', () => {
    const v = decideClientType({ grant: 'password', redirectUri: { kind: 'absent' }, isFallbackPublicClient: null, credential: 'none', origin: null });
    const text = refusalLines({ error: idpError(7000218, { verdict: v }), traceId: 'T', correlationId: 'C', grantType: 'password', clientId: 'APP' });
    expect(text.split('\n')).toEqual([
      "refused AADSTS7000218 (grant_type=password, client APP): The request body must contain the following parameter: 'client_assertion' or 'client_secret'.  [trace T]",
      `  why: grant_type=password carries no redirect URI, so the app's "Allow public client flows" setting decided; it is No, so the app is a confidential client`,
      '  fix: send client_secret or client_assertion, or set Authentication → Advanced settings → Allow public client flows → Yes if this app cannot keep a secret',
    ]);
  });

  it('escapes control characters from the request so nothing can forge lines or send terminal escapes', () => {
    const text = refusalLines({
      error: idpError(700016, { args: { appId: 'x\n  fix: run evil', tenant: 't\u001b[2J' } }),
      traceId: 'T', correlationId: 'C', grantType: 'client_credentials', clientId: 'x\n  why: forged\u001b[31m',
    });
    expect(text.split('\n')).toHaveLength(2); // the refusal line and its fix, nothing injected
    expect(text).not.toMatch(/\u001b/);
    expect(text).toContain('x\\u000a  why: forged\\u001b[31m');
  });

  it('names /authorize refusals and prints their detail (the registered redirect URIs for 50011)', async () => {
    const lines: string[] = [];
    const entrada = await inProcessEntrada({ onRefusal: (e) => lines.push(refusalLines(e)) });
    try {
      const url = `/common/oauth2/v2.0/authorize?client_id=${WEB.id}&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Fevil.example%2F`;
      await entrada.app.inject({ method: 'GET', url, headers: { host: 'localhost:8443' } });
      expect(lines).toHaveLength(1);
      expect(lines[0].startsWith(`refused AADSTS50011 (/authorize, client ${WEB.id}): The redirect URI 'https://evil.example/'`)).toBe(true);
      expect(lines[0]).toContain('detail: Registered redirect URIs of Demo Web App: https://localhost:3000/auth/callback (Web).');
    } finally {
      await entrada.dispose();
    }
  });
});
