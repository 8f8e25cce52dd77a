// Which client_id values can name an application at all (core/policy/client-id.ts; issue 13 item 3).

import { describe, expect, it } from 'vitest';
import { checkClientId } from '../../src/core/policy/client-id.js';

describe('checkClientId', () => {
  it.each<[string | undefined, 'ok' | 900144 | 700038]>([
    ['e7ada000-0000-4000-8000-000000000002', 'ok'],
    ['E7ADA000-0000-4000-8000-000000000002', 'ok'],
    ['00000000-0000-0000-0000-00000000dead', 'ok'], // a GUID no app has: looked up, then 700016
    ['00000000-0000-0000-0000-000000000000', 700038], // the nil GUID: never an application [O]
    ['Enter_the_Application_Id_here', 700038],
    ['api://entrada-demo-api', 700038],
    ['{e7ada000-0000-4000-8000-000000000002}', 700038],
    [' e7ada000-0000-4000-8000-000000000002', 700038],
    ['undefined', 700038],
    ['', 900144],
    [undefined, 900144],
  ])('%j → %s', (clientId, expected) => {
    const checked = checkClientId(clientId);
    expect(checked.ok ? 'ok' : checked.refusal.code).toBe(expected);
    if (!checked.ok && checked.refusal.code === 700038) expect(checked.refusal.args).toEqual({ clientId });
  });
});
