// The HTTPS port: an empty ENTRADA_PORT is unset (8443), and only a port number is a port; Zod's
// coercion alone read '' and ' ' as 0, a random port (issue 12: never start somewhere unasked).

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

describe('the port setting', () => {
  it.each([
    [{}, {}, 8443],
    [{ ENTRADA_PORT: '' }, {}, 8443],
    [{ ENTRADA_PORT: '9443' }, {}, 9443],
    [{ ENTRADA_PORT: '9443' }, { port: '0' }, 0],
  ])('env %j, flags %j → %i', (env, flags, port) => {
    const loaded = loadConfig(env, { ...flags, home: '/tmp/entrada-port-test' });
    expect(loaded.ok && loaded.config.port).toBe(port);
  });

  it.each([[' '], ['abc'], ['84 43'], ['-1'], ['70000'], ['1e3']])('%j is refused', (port) => {
    const loaded = loadConfig({}, { port, home: '/tmp/entrada-port-test' });
    expect(loaded.ok).toBe(false);
    expect(loaded.ok ? [] : loaded.errors.join('\n')).toMatch(/^port: /);
  });
});
