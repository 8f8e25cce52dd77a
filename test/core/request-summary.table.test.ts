import { describe, expect, it } from 'vitest';
import {
  codeLabel,
  endpointLabel,
  grantTypeLabel,
  loggablePath,
  methodLabel,
  outcomeOf,
  PATH_CHARS,
  prettyRequestLine,
  UNMATCHED,
  type RequestSummary,
} from '../../src/core/request-summary.js';

describe('outcomeOf', () => {
  // [status, AADSTS code of a refusal, outcome]
  it.each<[number, number | undefined, string]>([
    [200, undefined, 'success'],
    [204, undefined, 'success'],
    [302, undefined, 'success'],
    [302, 65004, 'refused'], // /authorize sends the error to the app in a redirect
    [400, 7000215, 'refused'],
    [401, 7000218, 'refused'],
    [429, 90055, 'refused'],
    [404, undefined, 'refused'],
    [400, undefined, 'refused'], // Graph's errors carry no AADSTS code
    [500, 50000, 'error'],
    [503, undefined, 'error'],
  ])('%i with code %s → %s', (status, code, outcome) => {
    expect(outcomeOf(status, code)).toBe(outcome);
  });
});

describe('labels from fixed sets', () => {
  it.each<[string, string]>([
    ['GET', 'GET'],
    ['HEAD', 'HEAD'],
    ['POST', 'POST'],
    ['OPTIONS', 'OPTIONS'],
    ['PROPFIND', 'OTHER'],
    ['get', 'OTHER'],
  ])('method %s → %s', (method, label) => {
    expect(methodLabel(method)).toBe(label);
  });

  const served = new Set(['client_credentials', 'urn:ietf:params:oauth:grant-type:device_code']);
  it.each<[string | undefined, string | undefined]>([
    ['client_credentials', 'client_credentials'],
    ['urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:device_code'],
    ['Client_Credentials', 'other'],
    ['urn:x:0123456789abcdef', 'other'],
    ['', 'other'],
    [undefined, undefined],
  ])('grant type %s → %s', (grant, label) => {
    expect(grantTypeLabel(grant, served)).toBe(label);
  });

  it.each<[number | undefined, number | undefined]>([
    [7000215, 7000215],
    [50000, 50000],
    [1234567, undefined],
    [7000215.5, undefined],
    [undefined, undefined],
  ])('code %s → %s', (code, label) => {
    expect(codeLabel(code)).toBe(label);
  });

  it.each<[string | undefined, string]>([
    ['/:tenant/oauth2/v2.0/token', '/{tenant}/oauth2/v2.0/token'],
    ['/v1.0/applications/:key/owners/:owner/$ref', '/v1.0/applications/{key}/owners/{owner}/$ref'],
    ['/:id(^\\d+$)/x', '/{id}/x'],
    ['/healthz', '/healthz'],
    [undefined, UNMATCHED],
    ['', UNMATCHED],
  ])('route %s → %s', (template, label) => {
    expect(endpointLabel(template)).toBe(label);
  });
});

describe('loggablePath', () => {
  it.each<[string, string]>([
    ['/t/oauth2/v2.0/authorize?login_hint=a%40b.c&state=s', '/t/oauth2/v2.0/authorize'],
    ['/t/oauth2/v2.0/token', '/t/oauth2/v2.0/token'],
    ['/?secret', '/'],
    ['/a b\tc', '/a?b?c'],
    ['/caf\u00e9', '/caf?'],
    [`/${'x'.repeat(PATH_CHARS + 50)}?q`, `/${'x'.repeat(PATH_CHARS - 1)}…`],
    [`/${'x'.repeat(PATH_CHARS - 1)}?${'q'.repeat(500)}`, `/${'x'.repeat(PATH_CHARS - 1)}`],
  ])('%s → %s', (url, path) => {
    expect(loggablePath(url)).toBe(path);
  });
});

describe('prettyRequestLine', () => {
  const base: RequestSummary = {
    traceId: 'a1b2c3d4-0000-4000-8000-000000000000',
    method: 'POST',
    endpoint: '/{tenant}/oauth2/v2.0/token',
    path: '/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/oauth2/v2.0/token',
    status: 400,
    outcome: 'refused',
    code: 7000218,
    grantType: 'client_credentials',
    durationMs: 3.125,
  };
  const at = new Date(2026, 0, 2, 7, 4, 5, 9); // local time 07:04:05.009

  it.each<[string, Partial<RequestSummary>, string]>([
    ['a refusal', {}, '07:04:05.009 POST /{tenant}/oauth2/v2.0/token 400 AADSTS7000218 client_credentials 3.1 ms trace=a1b2c3d4-0000-4000-8000-000000000000'],
    [
      'a success',
      { status: 200, outcome: 'success', code: undefined },
      '07:04:05.009 POST /{tenant}/oauth2/v2.0/token 200 client_credentials 3.1 ms trace=a1b2c3d4-0000-4000-8000-000000000000',
    ],
    [
      'no route: the path',
      { method: 'GET', endpoint: UNMATCHED, path: '/nope', status: 404, code: undefined, grantType: undefined, durationMs: 0.04 },
      '07:04:05.009 GET /nope 404 0.0 ms trace=a1b2c3d4-0000-4000-8000-000000000000',
    ],
  ])('%s', (_, over, line) => {
    expect(prettyRequestLine({ ...base, ...over }, at)).toBe(line);
  });
});
