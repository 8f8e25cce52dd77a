import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logLines, runLogs } from '../../src/cli/logs.js';
import type { SignInLogEntry } from '../../src/core/ports.js';
import { openStorage, type Storage } from '../../src/storage/open.js';

const APP = 'e7ada000-0000-4000-8000-000000000003';
function entry(n: number, over: Partial<SignInLogEntry> = {}): SignInLogEntry {
  return {
    id: `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
    createdAt: new Date(Date.UTC(2026, 10, 26, 10, 0, n)).toISOString(),
    endpoint: 'token', tenant: 't', appId: APP, appDisplayName: 'Demo Web App', userId: null, userPrincipalName: null,
    grantType: 'password', outcome: 'success', errorCode: null, oauthError: null, correlationId: 'c', clientAddress: null, userAgent: null,
    decision: null, detail: null, ...over,
  };
}
const refused = (n: number) =>
  entry(n, {
    outcome: 'failure', errorCode: 7000218, oauthError: 'invalid_client',
    decision: { credential: 'none', isFallbackPublicClient: false, clientType: 'confidential', rule: 'confidential-without-credential', credentialRule: 'required', decidedBy: { by: 'fallback_setting', isFallbackPublicClient: false, grant: 'password' } },
  });

let home: string;
let storage: Storage;
beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'entrada-logs-'));
  storage = await openStorage({ url: 'sqlite::memory:', home });
});
afterEach(async () => {
  await storage.close();
  rmSync(home, { recursive: true, force: true });
});

describe('entrada logs', () => {
  it('prints a line per request and, for refusals, why and the fix', () => {
    expect(logLines(refused(1)).split('\n')).toEqual([
      '2026-11-26T10:00:01Z  AADSTS7000218 token grant_type=password  Demo Web App  [trace 00000000-0000-4000-8000-000000000001]',
      `    why: grant_type=password carries no redirect URI, so the app's "Allow public client flows" setting decided; it is No, so the app is a confidential client`,
      '    fix: send client_secret or client_assertion, or set Authentication → Advanced settings → Allow public client flows → Yes if this app cannot keep a secret',
    ]);
  });

  it('--failed and --app filter; output is oldest first', async () => {
    await storage.signInLog.insertMany([entry(1), refused(2), entry(3, { appId: '11111111-1111-4111-8111-111111111111' })]);
    const out: string[] = [];
    expect(await runLogs(storage.signInLog, { app: APP }, { out: (t) => out.push(t), err: () => {} }, undefined)).toBe(0);
    expect(out.map((l) => l.slice(0, 20))).toEqual(['2026-11-26T10:00:01Z', expect.stringMatching(/^2026-11-26T10:00:02Z/)]);
    const failed: string[] = [];
    await runLogs(storage.signInLog, { failed: 'true' }, { out: (t) => failed.push(t), err: () => {} }, undefined);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain('AADSTS7000218');
  });

  it('--follow prints what arrives later, once', async () => {
    await storage.signInLog.insertMany([entry(1)]);
    const out: string[] = [];
    let ticks = 0;
    const following = runLogs(storage.signInLog, {}, { out: (t) => out.push(t), err: () => {} }, { intervalMs: 10, until: () => ticks++ >= 5 });
    await storage.signInLog.insertMany([entry(2), refused(3)]);
    expect(await following).toBe(0);
    expect(out.map((l) => l.slice(0, 20))).toEqual(['2026-11-26T10:00:01Z', '2026-11-26T10:00:02Z', '2026-11-26T10:00:03Z']);
  });

  it('refuses a bad --limit on stderr', async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(await runLogs(storage.signInLog, { limit: 'lots' }, { out: (t) => out.push(t), err: (t) => err.push(t) }, undefined)).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual(["entrada logs: --limit is a whole number from 1 to 10000; got 'lots'."]);
  });

  it('--json prints one JSON object a line: the entry, and why and the fix for a refusal', async () => {
    await storage.signInLog.insertMany([entry(1), refused(2)]);
    const out: string[] = [];
    expect(await runLogs(storage.signInLog, { json: 'true' }, { out: (t) => out.push(t), err: () => {} }, undefined)).toBe(0);
    const lines = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.id, l.outcome, l.errorCode])).toEqual([
      [entry(1).id, 'success', null],
      [refused(2).id, 'failure', 7000218],
    ]);
    expect(lines[0]).toMatchObject({ why: null, fix: null, appDisplayName: 'Demo Web App', grantType: 'password' });
    expect(lines[1].why).toContain('"Allow public client flows" setting decided');
    expect(lines[1].fix).toContain('send client_secret or client_assertion');
  });

  it('says on stderr, not stdout, that there is nothing to show', async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(await runLogs(storage.signInLog, { json: 'true' }, { out: (t) => out.push(t), err: (t) => err.push(t) }, undefined)).toBe(0);
    expect(out).toEqual([]);
    expect(err).toEqual(['No sign-ins recorded yet (or none matching).']);
  });
});
