// One @azure/identity managed identity credential in a process of its own: MSAL picks the managed
// identity source (App Service, IMDS, …) once per process from the environment and caches tokens
// process-wide (msal-wire.md §1.10), so each case of managed-identity-*.e2e.test.ts runs this file
// with its own environment. Prints one JSON line: the token and what @azure/identity made of it.
//
//   node --import tsx managed-identity-child.ts '{"credential":"mi","clientId":"…","scope":"api://x/.default","twice":true}'

import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';

export interface ChildOptions {
  credential: 'mi' | 'dac';
  clientId?: string;
  resourceId?: string;
  objectId?: string;
  scope: string;
  /** Ask twice: the second answer should come from MSAL's cache. */
  twice?: boolean;
}

export type ChildResult =
  | { ok: true; token: string; expiresOnTimestamp: number; refreshAfterTimestamp?: number; secondSameToken?: boolean }
  | { ok: false; name: string; message: string };

const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;

function credential(): TokenCredential {
  if (options.credential === 'dac') {
    return new DefaultAzureCredential(options.clientId ? { managedIdentityClientId: options.clientId } : {});
  }
  if (options.clientId) return new ManagedIdentityCredential({ clientId: options.clientId });
  if (options.resourceId) return new ManagedIdentityCredential({ resourceId: options.resourceId });
  if (options.objectId) return new ManagedIdentityCredential({ objectId: options.objectId });
  return new ManagedIdentityCredential();
}

let result: ChildResult;
try {
  const cred = credential();
  const first = await cred.getToken(options.scope);
  if (!first) throw new Error('getToken returned null');
  const second = options.twice ? await cred.getToken(options.scope) : undefined;
  result = {
    ok: true,
    token: first.token,
    expiresOnTimestamp: first.expiresOnTimestamp,
    refreshAfterTimestamp: first.refreshAfterTimestamp,
    secondSameToken: second ? second.token === first.token : undefined,
  };
} catch (err) {
  const e = err as Error;
  result = { ok: false, name: e.name, message: e.message };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
