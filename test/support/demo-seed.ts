// Who is in the demo seed (src/seed/demo.yaml), which in-process Entradas load by default.

export const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
export const API_ID = 'e7ada000-0000-4000-8000-000000000001';
export const DAEMON = { id: 'e7ada000-0000-4000-8000-000000000002', secret: 'daemon~secret~entrada-demo-0002' };
export const WEB = { id: 'e7ada000-0000-4000-8000-000000000003', secret: 'webapp~secret~entrada-demo-0003' };
export const CLI_ID = 'e7ada000-0000-4000-8000-000000000004';
export const ALICE = { upn: 'alice@entrada.localhost', password: 'Alice-demo-password-1' };
export const BOB = { upn: 'bob@entrada.localhost', password: 'Bob-demo-password-2' };
export const CAROL = { upn: 'carol@entrada.localhost', password: 'Carol-demo-password-3' };
/** Entrada Admin: a Global Administrator (demo.yaml users[].directoryRoles). */
export const ADMIN = { upn: 'admin@entrada.localhost', password: 'Admin-demo-password-0' };
/** Demo Automation: client credentials with Graph's directory application permissions (demo.yaml). */
export const AUTOMATION = { id: 'e7ada000-0000-4000-8000-000000000006', secret: 'automation~secret~entrada-demo-0006' };
