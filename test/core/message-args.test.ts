// Message arguments are typed from each code's catalogue template. The `@ts-expect-error` lines
// are the real test: `tsc --noEmit` (the first half of `npm test`) fails if any of them compiles,
// i.e. if a missing, unknown or superfluous argument stopped being a type error. At run time the
// same calls show what the type prevents: a slot left unfilled on the wire.

import { describe, expect, expectTypeOf, it } from 'vitest';
import { idpError, IdpError, refusalError } from '../../src/core/errors/idp-error.js';
import { refusalOf, type AadstsRefusal, type MessageArgs, type NoMessageArgs, type Placeholders } from '../../src/core/errors/message-args.js';

describe('message arguments typed from the template', () => {
  it('reads the slot names of a template', () => {
    expectTypeOf<Placeholders<"Tenant '{tenant}' not found for {appId} ({appId}).">>().toEqualTypeOf<'tenant' | 'appId'>();
    expectTypeOf<Placeholders<'No slot here.'>>().toEqualTypeOf<never>();
    expectTypeOf<MessageArgs<50011>>().toEqualTypeOf<{ redirectUri: string; appId: string }>();
    expectTypeOf<MessageArgs<7000218>>().toEqualTypeOf<NoMessageArgs>();
  });

  it('accepts exactly the slots of the message', () => {
    const err = idpError(50011, { args: { redirectUri: 'https://app/cb', appId: 'A' } });
    expect(err.description).not.toMatch(/\{\w+\}/);
  });

  it('rejects a missing argument, which would leave the slot on the wire', () => {
    // @ts-expect-error -- appId is missing
    const err = idpError(50011, { args: { redirectUri: 'https://app/cb' } });
    expect(err.description).toContain('{appId}');
  });

  it('rejects an unknown argument', () => {
    // @ts-expect-error -- 50011 has no slot named clientId
    idpError(50011, { args: { redirectUri: 'https://app/cb', appId: 'A', clientId: 'A' } });
    // @ts-expect-error -- misspelt slot (appID for appId)
    idpError(50011, { args: { redirectUri: 'https://app/cb', appID: 'A' } });
  });

  it('requires args when the message has slots, and takes none when it has none', () => {
    // @ts-expect-error -- 50011's message has slots, so args are required
    idpError(50011);
    // @ts-expect-error -- still required with other options
    idpError(50011, { detail: 'x' });
    // @ts-expect-error -- 7000218's message has no slot
    idpError(7000218, { args: { appId: 'A' } });
    expect(idpError(7000218).description).toBe(idpError(7000218, { detail: 'd' }).description);
    // @ts-expect-error -- the constructor is typed the same way
    new IdpError(90055, { args: {} });
  });

  it('types a policy refusal by its code', () => {
    const refusal: AadstsRefusal<50011 | 7000218> = { code: 50011, args: { redirectUri: 'u', appId: 'A' } };
    expect(refusalError(refusal).code).toBe(50011);
    // @ts-expect-error -- the args must match the code they travel with
    const wrong: AadstsRefusal<50011 | 7000218> = { code: 50011, args: {} };
    void wrong;
    expect(refusalOf(500133, { currentTime: 't', expiry: 'e' })).toEqual({ code: 500133, args: { currentTime: 't', expiry: 'e' } });
    // @ts-expect-error -- a policy's refusal is checked the same way (500133 also needs expiry)
    refusalOf(500133, { currentTime: 't' });
    expect(refusalOf(50013)).toEqual({ code: 50013, args: {} });
  });
});
