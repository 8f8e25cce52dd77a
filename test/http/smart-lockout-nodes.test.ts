// Smart lockout shared by two nodes on one PostgreSQL schema (issue 17): wrong passwords sent to
// both nodes at once all count, and the lockout one node's attempts cause holds on the other.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../support/clock.js';
import { ALICE, BOB, CLI_ID, TENANT } from '../support/demo-seed.js';
import { inProcessEntrada, type InProcessEntrada } from '../support/in-process.js';
import { IN_CI, probe, schemaFactory } from '../support/postgres.js';
import { form, PLAIN_FORM } from '../support/wire.js';

const unreachable = await probe();
if (unreachable !== undefined && !IN_CI) console.warn(`[smart-lockout-nodes] skipped: PostgreSQL not reachable (${unreachable})`);

describe.skipIf(unreachable !== undefined && !IN_CI)('smart lockout across two nodes on one PostgreSQL database', () => {
  const schemas = schemaFactory('entrada_lockout');
  const clock = new TestClock();
  let a: InProcessEntrada;
  let b: InProcessEntrada;

  beforeAll(async () => {
    if (unreachable !== undefined) throw new Error(`PostgreSQL is required when CI=true: ${unreachable}`);
    const url = await schemas.fresh();
    [a, b] = await Promise.all([inProcessEntrada({ database: url, clock }), inProcessEntrada({ database: url, clock })]);
  });
  afterAll(async () => {
    await Promise.all([a?.dispose(), b?.dispose()]);
    await schemas.dispose();
  });

  const ropc = async (node: InProcessEntrada, user: { upn: string }, password: string) => {
    const res = await node.app.inject({
      method: 'POST',
      url: `/${TENANT}/oauth2/v2.0/token`,
      payload: form({ grant_type: 'password', client_id: CLI_ID, username: user.upn, password, scope: 'api://entrada-demo-api/access_as_user' }),
      headers: PLAIN_FORM,
      remoteAddress: '203.0.113.50',
    });
    return (res.json() as { error_codes?: number[] }).error_codes?.[0] ?? res.statusCode;
  };

  it('ten wrong passwords sent to both nodes at once all count: both nodes then refuse the right one with 50053', async () => {
    const wrong = await Promise.all(Array.from({ length: 10 }, (_, i) => ropc(i % 2 ? b : a, ALICE, `wrong-${i}`)));
    expect(wrong).toEqual(Array(10).fill(50126));
    expect(await ropc(a, ALICE, ALICE.password)).toBe(50053);
    expect(await ropc(b, ALICE, ALICE.password)).toBe(50053);
    clock.advance(60_000);
    expect(await ropc(b, ALICE, ALICE.password)).toBe(200);
  });

  it('a lockout caused on one node holds on the other', async () => {
    for (let i = 0; i < 10; i++) expect(await ropc(a, BOB, `wrong-${i}`)).toBe(50126);
    expect(await ropc(b, BOB, BOB.password)).toBe(50053);
  });
});
