// The demo registrations the tests use, read from the embedded demo seed (src/seed/demo.yaml),
// so the tests exercise exactly what `npm start` gives a newcomer.

import { inject } from 'vitest';
import { loadDemoSeed } from '../../src/seed/load.js';

const loaded = await loadDemoSeed();
if (!loaded.ok) throw new Error(`demo seed invalid: ${loaded.errors.join('; ')}`);
const tenant = loaded.seed.tenants[0];

export const TENANT_ID = tenant.id;
export const TENANT_DOMAIN = tenant.domains[0];

export function demoApp(displayName: string): { appId: string; secret: string | undefined } {
  const app = tenant.applications.find((a) => a.displayName === displayName);
  if (!app) throw new Error(`no demo app named ${displayName}`);
  return { appId: app.appId, secret: app.passwordCredentials[0]?.secretText };
}

export function demoUser(upnPrefix: string): { upn: string; password: string } {
  const user = tenant.users.find((u) => u.userPrincipalName.startsWith(`${upnPrefix}@`));
  if (!user?.password) throw new Error(`no demo user ${upnPrefix}`);
  return { upn: user.userPrincipalName, password: user.password };
}

export const API = { ...demoApp('Demo API'), uri: 'api://entrada-demo-api' };
export const DAEMON = demoApp('Demo Daemon');
export const WEB = demoApp('Demo Web App');
export const CLI = demoApp('Demo CLI');

export function baseUrl(): string {
  return inject('entradaUrl');
}
export function authority(tenantSegment: string = TENANT_ID): string {
  return `${baseUrl()}/${tenantSegment}`;
}
export function host(): string {
  return new URL(baseUrl()).host;
}
