import { describe, expect, it } from 'vitest';
import { longestTokenLifetimeSeconds } from '../../src/compose-signing-keys.js';
import { loadConfig } from '../../src/config/config.js';
import { parseKeySettings } from '../../src/config/key-settings.js';
import { CAE_ACCESS_TOKEN_LIFETIME } from '../../src/core/policy/client-capabilities.js';

const H = 3_600_000;

describe('ENTRADA_KEY_ROTATION and ENTRADA_KEY_PUBLISH_LEAD', () => {
  it.each([
    [{}, { keyRotationMs: null, keyPublishLeadMs: H }],
    [{ ENTRADA_KEY_ROTATION: 'off' }, { keyRotationMs: null, keyPublishLeadMs: H }],
    [{ ENTRADA_KEY_ROTATION: 'OFF', ENTRADA_KEY_PUBLISH_LEAD: '' }, { keyRotationMs: null, keyPublishLeadMs: H }],
    [{ ENTRADA_KEY_ROTATION: '30d' }, { keyRotationMs: 30 * 24 * H, keyPublishLeadMs: H }],
    [{ ENTRADA_KEY_ROTATION: '1d', ENTRADA_KEY_PUBLISH_LEAD: '0s' }, { keyRotationMs: 24 * H, keyPublishLeadMs: 0 }],
    [{ ENTRADA_KEY_PUBLISH_LEAD: '1d12h' }, { keyRotationMs: null, keyPublishLeadMs: 36 * H }],
  ] as Array<[NodeJS.ProcessEnv, object]>)('%j', (env, settings) => {
    expect(parseKeySettings(env)).toEqual({ ok: true, settings });
  });

  it.each([
    [{ ENTRADA_KEY_ROTATION: '30 days' }, /ENTRADA_KEY_ROTATION must be 'off' or a duration such as '30d'/],
    [{ ENTRADA_KEY_ROTATION: '23h' }, /ENTRADA_KEY_ROTATION must be at least 1d \(got 23h\)/],
    [{ ENTRADA_KEY_PUBLISH_LEAD: '-1h' }, /ENTRADA_KEY_PUBLISH_LEAD must be a duration/],
    [{ ENTRADA_KEY_PUBLISH_LEAD: '31d' }, /ENTRADA_KEY_PUBLISH_LEAD must be at most 30d/],
  ] as Array<[NodeJS.ProcessEnv, RegExp]>)('%j is refused', (env, message) => {
    const result = parseKeySettings(env);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toMatch(message);
  });

  it('reach the configuration, and their errors its list', () => {
    const loaded = loadConfig({ ENTRADA_KEY_ROTATION: '7d' });
    expect(loaded.ok && [loaded.config.keyRotationMs, loaded.config.keyPublishLeadMs]).toEqual([7 * 24 * H, H]);
    expect(loadConfig({ ENTRADA_KEY_ROTATION: 'weekly' })).toMatchObject({ ok: false, errors: [expect.stringMatching(/^keyRotation: /)] });
  });
});

describe('the retention of a superseded key', () => {
  it('covers the longest token Entrada signs: a day (managed identity and CAE tokens), whatever the access token lifetime', () => {
    expect(longestTokenLifetimeSeconds({ accessTokenLifetime: 300 })).toBe(86_400);
    expect(longestTokenLifetimeSeconds({ accessTokenLifetime: 86_400 })).toBe(86_400);
    expect(longestTokenLifetimeSeconds({ accessTokenLifetime: 3600 })).toBeGreaterThanOrEqual(CAE_ACCESS_TOKEN_LIFETIME);
  });
});
