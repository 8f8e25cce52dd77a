// Entra's error_description, timestamp and error_uri rules (core/errors/envelope.ts; issue 13 item 5).

import { describe, expect, it } from 'vitest';
import { catalogue } from '../../src/core/errors/catalogue.js';
import { entraTimestamp, errorDescription, errorUri } from '../../src/core/errors/envelope.js';

const TRACE = '3464627b-53b7-4eeb-8111-3a1b1c759a00';
const CORRELATION = '5fc87507-4086-4e77-b415-cee677eb232e';

describe('entraTimestamp: yyyy-MM-dd HH:mm:ssZ, UTC, no fraction', () => {
  it.each<[string, string]>([
    ['2023-12-11T12:31:44.194Z', '2023-12-11 12:31:44Z'],
    ['2026-01-01T00:00:00.000Z', '2026-01-01 00:00:00Z'],
    ['2026-02-28T23:59:59.999Z', '2026-02-28 23:59:59Z'],
  ])('%s → %s', (iso, expected) => {
    expect(entraTimestamp(new Date(iso))).toBe(expected);
  });
});

describe('errorDescription: single spaces between the parts, as Entra since 2023 [O]', () => {
  it.each<[number, string, string]>([
    [
      70000,
      "The request was denied because one or more scopes requested are unauthorized or expired. The user must first sign in and grant the client application access to the requested scope.",
      `AADSTS70000: The request was denied because one or more scopes requested are unauthorized or expired. The user must first sign in and grant the client application access to the requested scope. Trace ID: ${TRACE} Correlation ID: ${CORRELATION} Timestamp: 2023-12-11 12:31:44Z`,
    ],
    [
      70003,
      "The app requested an unsupported grant type 'x'.",
      `AADSTS70003: The app requested an unsupported grant type 'x'. Trace ID: ${TRACE} Correlation ID: ${CORRELATION} Timestamp: 2023-12-11 12:31:44Z`,
    ],
  ])('AADSTS%i', (code, message, expected) => {
    const text = errorDescription(code, message, { traceId: TRACE, correlationId: CORRELATION, timestamp: '2023-12-11 12:31:44Z' });
    expect(text).toBe(expected);
    expect(text).not.toMatch(/[\r\n]/);
  });
});

describe('errorUri: https://{host}/error?code=N, nothing more; none for 70003 and 700038 [O]', () => {
  it.each<[number, string, string | undefined]>([
    [7000218, 'https://localhost:8443', 'https://localhost:8443/error?code=7000218'],
    [700084, 'https://login.example', 'https://login.example/error?code=700084'],
    [70003, 'https://localhost:8443', undefined],
    [700038, 'https://localhost:8443', undefined],
  ])('AADSTS%i on %s → %s', (code, origin, expected) => {
    expect(errorUri(origin, code, catalogue[code as keyof typeof catalogue])).toBe(expected);
  });
});
