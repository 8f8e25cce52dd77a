// Device authorization requests. Approve, decline and redeem are each one conditional UPDATE on
// the status, so two browser tabs or two polling nodes cannot both win.

import type { Kysely } from 'kysely';
import type { DeviceCodeRecord, DeviceCodeStore } from '../../core/ports.js';
import type { Database, DeviceCodesTable } from '../schema.js';
import { amrFromColumn, amrToColumn, canonicalInstant, guidKey } from './normalize.js';

export class KyselyDeviceCodeStore implements DeviceCodeStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(record: DeviceCodeRecord): Promise<boolean> {
    const result = await this.db
      .insertInto('device_codes')
      .values(toRow(record))
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async findByUserCode(userCode: string): Promise<DeviceCodeRecord | undefined> {
    const row = await this.db.selectFrom('device_codes').selectAll().where('user_code', '=', userCode).executeTakeFirst();
    return row && fromRow(row);
  }

  async findByHash(deviceCodeHash: string): Promise<DeviceCodeRecord | undefined> {
    const row = await this.db.selectFrom('device_codes').selectAll().where('device_code_hash', '=', deviceCodeHash).executeTakeFirst();
    return row && fromRow(row);
  }

  async approve(userCode: string, approval: { tenantId: string; userId: string; authTime: string; amr?: string[] }, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('device_codes')
      .set({
        status: 'approved',
        tenant_id: guidKey(approval.tenantId),
        user_id: guidKey(approval.userId),
        auth_time: canonicalInstant(approval.authTime),
        amr: amrToColumn(approval.amr),
      })
      .where('user_code', '=', userCode)
      .where('status', '=', 'pending')
      .where('expires_at', '>', canonicalInstant(now))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async decline(userCode: string, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('device_codes')
      .set({ status: 'declined' })
      .where('user_code', '=', userCode)
      .where('status', '=', 'pending')
      .where('expires_at', '>', canonicalInstant(now))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async redeem(deviceCodeHash: string, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('device_codes')
      .set({ status: 'redeemed' })
      .where('device_code_hash', '=', deviceCodeHash)
      .where('status', '=', 'approved')
      .where('expires_at', '>', canonicalInstant(now))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async deleteExpired(before: string): Promise<number> {
    const result = await this.db.deleteFrom('device_codes').where('expires_at', '<', canonicalInstant(before)).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toRow(r: DeviceCodeRecord): DeviceCodesTable {
  return {
    device_code_hash: r.deviceCodeHash,
    user_code: r.userCode,
    tenant_id: r.tenantId === null ? null : guidKey(r.tenantId),
    client_id: guidKey(r.clientId),
    endpoint: r.endpoint,
    scope: r.scope,
    resource: r.resource,
    status: r.status,
    user_id: r.userId === null ? null : guidKey(r.userId),
    auth_time: r.authTime === null ? null : canonicalInstant(r.authTime),
    created_at: canonicalInstant(r.createdAt),
    expires_at: canonicalInstant(r.expiresAt),
    amr: r.amr === undefined ? null : amrToColumn(r.amr),
  };
}

function fromRow(row: DeviceCodesTable): DeviceCodeRecord {
  return {
    deviceCodeHash: row.device_code_hash,
    userCode: row.user_code,
    tenantId: row.tenant_id,
    clientId: row.client_id,
    endpoint: row.endpoint,
    scope: row.scope,
    resource: row.resource,
    status: row.status,
    userId: row.user_id,
    authTime: row.auth_time,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    ...(row.amr === null ? {} : { amr: amrFromColumn(row.amr) }),
  };
}
