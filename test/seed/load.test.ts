import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { DEMO_SEED_URL, loadDemoSeed, loadSeedFile, parseSeed } from '../../src/seed/load.js';

const YAML_SEED = `# a comment
tenants:
  - id: 11111111-1111-4111-8111-111111111111
    displayName: Contoso
    domains: [contoso.localhost]
    applications:
      - appId: 22222222-2222-4222-8222-222222222222
        displayName: App
        publicClient: { redirectUris: ['http://localhost'] }
        isFallbackPublicClient: true
    users:
      - userPrincipalName: ann@contoso.localhost
        displayName: Ann
        password: pw
`;

const JSON_SEED = JSON.stringify(YAML.parse(YAML_SEED), null, 2);

describe('parseSeed', () => {
  it('accepts YAML and JSON, with the same result', () => {
    const fromYaml = parseSeed(YAML_SEED, 'seed.yaml');
    const fromJson = parseSeed(JSON_SEED, 'seed.json');
    expect(fromYaml.ok).toBe(true);
    expect(fromJson).toEqual(fromYaml);
  });

  it('applies defaults', () => {
    const result = parseSeed(YAML_SEED, 'seed.yml');
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const [app] = result.seed.tenants[0].applications;
    expect(app).toMatchObject({
      signInAudience: 'AzureADMyOrg',
      web: { redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
      spa: { redirectUris: [] },
      passwordCredentials: [],
      keyCredentials: [],
      identifierUris: [],
      appRoles: [],
      api: { oauth2PermissionScopes: [], requestedAccessTokenVersion: null },
      requiredResourceAccess: [],
      servicePrincipal: { accountEnabled: true, appRoleAssignmentRequired: false },
    });
    expect(result.seed.tenants[0].users[0]).toMatchObject({ accountEnabled: true, givenName: null, mail: null });
    expect(result.seed.tenants[0].appRoleAssignments).toEqual([]);
  });

  it('reads text starting with { as JSON whatever the file name', () => {
    expect(parseSeed(JSON_SEED, 'seed.txt').ok).toBe(true);
    // …so a JSON syntax error in it is reported as one.
    expect(parseSeed('{ "tenants": [ }', 'seed')).toEqual({
      ok: false,
      errors: ["seed:1:16: JSON syntax error: expected a value, found '}'"],
    });
  });

  it('reports YAML syntax errors with line and column', () => {
    const text = YAML_SEED.replace('    displayName: Contoso\n', '    displayName: Contoso\n   domains: []\n');
    const result = parseSeed(text, 'seed.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatch(/^seed\.yaml:5:\d+: YAML syntax error: /);
  });

  it('rejects duplicate keys in YAML and JSON, with their line', () => {
    const yaml = parseSeed('tenants: []\ntenants: []\n', 'dup.yaml');
    expect(yaml).toEqual({ ok: false, errors: ['dup.yaml:2:1: YAML syntax error: Map keys must be unique'] });
    const json = parseSeed('{\n  "tenants": [],\n  "tenants": []\n}', 'dup.json');
    expect(json).toEqual({ ok: false, errors: ['dup.json:3:3: JSON syntax error: duplicate key "tenants"'] });
  });

  it.each([
    ['{\n  "tenants": [\n    {"id": "x",}\n  ]\n}', "x.json:3:16: JSON syntax error: trailing comma before }"],
    ['{\n  "tenants": [1, 2,]\n}', 'x.json:2:20: JSON syntax error: trailing comma before ]'],
    ["{\n  'tenants': []\n}", 'x.json:2:3: JSON syntax error: expected a "quoted" property name, found \'\'\''],
    ['{\n  "tenants": [\n', 'x.json:3:1: JSON syntax error: expected a value, found end of input'],
    ['{"tenants": "abc\ndef"}', 'x.json:1:17: JSON syntax error: unterminated string (line break inside quotes)'],
    ['{"tenants": []} x', "x.json:1:17: JSON syntax error: unexpected 'x' after the end of the JSON value"],
    ['{"tenants": [tru]}', "x.json:1:14: JSON syntax error: expected a value, found 't'"],
  ])('reports JSON syntax errors with line and column: %j', (text, error) => {
    expect(parseSeed(text, 'x.json')).toEqual({ ok: false, errors: [error] });
  });

  it('reports an empty file', () => {
    expect(parseSeed('\n# nothing\n', 'empty.yaml')).toEqual({
      ok: false,
      errors: ['empty.yaml: the file is empty; a seed starts with "tenants:"'],
    });
    expect(parseSeed('  \n', 'empty.yaml')).toMatchObject({ ok: false });
  });

  it('reports a document that is not a seed', () => {
    expect(parseSeed('- a\n- b\n', 'list.yaml')).toEqual({
      ok: false,
      errors: ['(root): Invalid input: expected object, received array'],
    });
    expect(parseSeed('tenants: []\nextra: 1\n', 'x.yaml')).toEqual({
      ok: false,
      errors: ['tenants: must define at least one tenant', '(root): Unrecognized key: "extra"'],
    });
  });

  it('accepts a byte order mark', () => {
    expect(parseSeed(`\uFEFF${JSON_SEED}`, 'bom.json').ok).toBe(true);
    expect(parseSeed(`\uFEFF${YAML_SEED}`, 'bom.yaml').ok).toBe(true);
  });
});

describe('loadSeedFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'entrada-seed-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads YAML and JSON files', async () => {
    await writeFile(join(dir, 'seed.yaml'), YAML_SEED);
    await writeFile(join(dir, 'seed.json'), JSON_SEED);
    expect((await loadSeedFile(join(dir, 'seed.yaml'))).ok).toBe(true);
    expect((await loadSeedFile(join(dir, 'seed.json'))).ok).toBe(true);
  });

  it('names the file in syntax errors', async () => {
    const path = join(dir, 'broken.json');
    await writeFile(path, '{\n  "tenants": [,]\n}\n');
    expect(await loadSeedFile(path)).toEqual({
      ok: false,
      errors: [`${path}:2:15: JSON syntax error: expected a value, found ','`],
    });
  });

  it('reports an unreadable file as an error', async () => {
    const missing = join(dir, 'missing.yaml');
    expect(await loadSeedFile(missing)).toEqual({
      ok: false,
      errors: [`${missing}: cannot read the seed file (no such file)`],
    });
    expect(await loadSeedFile(dir)).toEqual({
      ok: false,
      errors: [`${dir}: cannot read the seed file (it is a directory)`],
    });
  });
});

describe('loadDemoSeed', () => {
  it('loads demo.yaml next to the module', async () => {
    const result = await loadDemoSeed();
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const [tenant] = result.seed.tenants;
    expect(tenant).toMatchObject({
      id: '8eaef023-2b34-4da1-9baa-8bc8c9d6a490',
      displayName: 'Entrada Demo',
      domains: ['entrada.localhost'],
    });
    expect(tenant.applications.map((a) => a.displayName)).toEqual([
      'Demo API',
      'Demo Daemon',
      'Demo Web App',
      'Demo CLI',
      'Demo SPA',
      'Demo Automation',
    ]);
    expect(tenant.users.map((u) => [u.userPrincipalName, u.accountEnabled])).toEqual([
      ['alice@entrada.localhost', true],
      ['bob@entrada.localhost', true],
      ['carol@entrada.localhost', false],
      ['admin@entrada.localhost', true],
    ]);
    expect(tenant.users.map((u) => u.directoryRoles)).toEqual([[], [], [], ['Global Administrator']]);
  });

  it('is the same seed in JSON form (the format is one format)', async () => {
    const yaml = await readFile(DEMO_SEED_URL, 'utf8');
    const fromYaml = parseSeed(yaml, 'demo.yaml');
    const fromJson = parseSeed(JSON.stringify(YAML.parse(yaml)), 'demo.json');
    expect(fromJson).toEqual(fromYaml);
  });
});
