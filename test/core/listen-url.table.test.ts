// The URL a started server reports for each --bind (src/core/listen-url.ts).

import { describe, expect, it } from 'vitest';
import { listenUrl } from '../../src/core/listen-url.js';

describe('listenUrl', () => {
  it.each([
    ['localhost', 8443, 'https://localhost:8443'],
    ['0.0.0.0', 8443, 'https://localhost:8443'],
    ['::', 9443, 'https://localhost:9443'],
    ['127.0.0.1', 1234, 'https://localhost:1234'],
    ['::1', 1234, 'https://localhost:1234'],
    ['10.0.0.5', 8443, 'https://10.0.0.5:8443'],
    ['idp.example.test', 443, 'https://idp.example.test'],
    ['localhost', 443, 'https://localhost'],
    ['fd00::5', 8443, 'https://[fd00::5]:8443'],
    ['[fd00::5]', 8443, 'https://[fd00::5]:8443'],
  ])('--bind %s, port %i → %s', (bind, port, url) => {
    expect(listenUrl(bind, port)).toBe(url);
  });
});
