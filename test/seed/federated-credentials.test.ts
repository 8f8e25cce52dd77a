// federatedIdentityCredentials in seed files: Graph's shape and defaults, its limits reported at
// their paths, and the credentials carried into the stored Application.

import { describe, expect, it } from 'vitest';
import { applySeed, describeAppKind } from '../../src/seed/apply.js';
import { parseSeed } from '../../src/seed/load.js';
import { fakeDeps, MemoryWriter } from './memory-writer.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const APP = 'a0000000-0000-4000-8000-0000000000f1';
const GH = 'https://token.actions.githubusercontent.com';

// biome-ignore lint/suspicious/noExplicitAny: seeds are broken here field by field, on purpose
type Json = any;
function seedWith(fics: Json[]): Json {
  return {
    tenants: [{
      id: TENANT, displayName: 'Contoso', domains: ['contoso.localhost'],
      applications: [{ appId: APP, displayName: 'Deployer', federatedIdentityCredentials: fics }],
    }],
  };
}
const parse = (seed: Json) => parseSeed(JSON.stringify(seed), 'seed.json');
const errorsOf = (fics: Json[]) => {
  const r = parse(seedWith(fics));
  return r.ok ? [] : r.errors;
};
const at = (i: number, field = '') => `tenants[0].applications[0].federatedIdentityCredentials[${i}]${field ? `.${field}` : ''}`;
const main = { name: 'github-main', issuer: GH, subject: 'repo:contoso/app:ref:refs/heads/main' };

describe('federatedIdentityCredentials in a seed', () => {
  it('defaults audiences to api://AzureADTokenExchange and description to null', () => {
    const r = parse(seedWith([main]));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.seed.tenants[0].applications[0].federatedIdentityCredentials).toEqual([
      { ...main, audiences: ['api://AzureADTokenExchange'], description: null },
    ]);
  });

  it('an app without any has an empty list', () => {
    const r = parse(seedWith([]));
    expect(r.ok && r.seed.tenants[0].applications[0].federatedIdentityCredentials).toEqual([]);
  });

  it.each<[string, Json, string]>([
    ['short name', { ...main, name: 'ab' }, `${at(0, 'name')}: must be 3 to 120 characters`],
    ['name with a space', { ...main, name: 'git hub' }, `${at(0, 'name')}: must be 3 to 120`],
    ['wildcard subject', { ...main, subject: 'repo:contoso/*' }, `${at(0, 'subject')}: must not contain wildcards`],
    ['issuer with trailing whitespace', { ...main, issuer: `${GH} ` }, `${at(0, 'issuer')}: must not begin or end with whitespace`],
    ['subject of 601 characters', { ...main, subject: 's'.repeat(601) }, `${at(0, 'subject')}: must be at most 600 characters`],
    ['two audiences', { ...main, audiences: ['a', 'b'] }, `${at(0, 'audiences')}: must list exactly one audience`],
    ['no audience', { ...main, audiences: [] }, `${at(0, 'audiences')}: must list exactly one audience`],
    ['an unknown field', { ...main, claimsMatchingExpression: 'x' }, at(0)],
    ['a non-GUID id', { ...main, id: 'x' }, `${at(0, 'id')}: must be a GUID`],
  ])('%s is refused at its path', (_name, fic, expected) => {
    const errors = errorsOf([fic]);
    expect(errors.some((e) => e.startsWith(expected)), errors.join('\n')).toBe(true);
  });

  it('one credential per issuer and subject, names unique', () => {
    const errors = errorsOf([main, { ...main, name: 'other' }, { ...main, name: 'GitHub-Main', subject: 'x' }]);
    expect(errors).toEqual([
      `${at(1, 'subject')}: issuer and subject are the same as ${at(0)}; an app may have one federated credential per issuer and subject`,
      `${at(2, 'name')}: duplicate name 'GitHub-Main': same as ${at(0)}`,
    ]);
  });

  it('the same subject under two issuers is fine', () => {
    expect(errorsOf([main, { ...main, name: 'gitlab', issuer: 'https://gitlab.com' }])).toEqual([]);
  });

  it('at most 20 per app', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...main, name: `fic-${i}`, subject: `s-${i}` }));
    expect(errorsOf(many(20))).toEqual([]);
    expect(errorsOf(many(21))).toEqual([
      'tenants[0].applications[0].federatedIdentityCredentials: the app has 21 federated identity credentials; Entra allows at most 20',
    ]);
  });

  it('are carried into the Application with stable derived ids, or the ids given', async () => {
    const r = parse(seedWith([main, { ...main, name: 'k8s', id: 'ABCDEF00-0000-4000-8000-000000000001', issuer: 'https://oidc.example/', subject: 'system:serviceaccount:ns:sa', audiences: ['api://custom'], description: 'cluster' }]));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    const writer = new MemoryWriter();
    await applySeed(r.seed, writer, fakeDeps());
    const app = writer.appByAppId(APP)!;
    expect(app.federatedIdentityCredentials).toEqual([
      { id: expect.stringMatching(/^[0-9a-f-]{36}$/), ...main, audiences: ['api://AzureADTokenExchange'], description: null },
      { id: 'abcdef00-0000-4000-8000-000000000001', name: 'k8s', issuer: 'https://oidc.example/', subject: 'system:serviceaccount:ns:sa', audiences: ['api://custom'], description: 'cluster' },
    ]);
    const again = new MemoryWriter();
    await applySeed(r.seed, again, fakeDeps());
    expect(again.appByAppId(APP)!.federatedIdentityCredentials![0].id).toBe(app.federatedIdentityCredentials![0].id);
    // An app whose only credential is federated is a daemon.
    expect(describeAppKind(app)).toBe('confidential (daemon)');
  });
});
