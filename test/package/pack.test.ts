// The npm package as a user gets it: `npm pack`, installed into a project outside this checkout,
// `npx entrada --help` and a short `npx entrada start` / stop there (issue 12).
//
// Installing the tarball for real would fetch and compile better-sqlite3 on every run (about a
// minute here). Instead the test lays the project out as `npm install ./entrada-x.y.z.tgz` would:
// the tarball unpacked as node_modules/entrada, node_modules/.bin/entrada linked to its bin, and
// each of the package's declared `dependencies` linked to the copy this checkout already
// installed. Only the declared ones: a module the package needs but does not declare (a
// devDependency, or a dependency of a dependency) is missing there, as it would be for a user, so
// the start fails. The project lives in the system's temporary folder, where nothing of this
// checkout's node_modules can be reached by walking up.
//
// npm test builds dist/ first; the pack runs with --ignore-scripts so it does not rebuild dist/
// while other test files run the command from it (`prepare` rebuilding is npm's own behaviour).

import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('the npm package', () => {
  let work: string;
  let project: string;
  let files: string[];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'entrada-pack-'));
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, timeout: 60_000 });
    const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = packed.files.map((f) => f.path);

    project = join(work, 'consumer');
    const modules = join(project, 'node_modules');
    mkdirSync(join(modules, '.bin'), { recursive: true });
    await run('tar', ['xzf', join(work, packed.filename), '-C', modules]);
    await run('mv', [join(modules, 'package'), join(modules, 'entrada')]);
    const manifest = JSON.parse(readFileSync(join(modules, 'entrada', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      bin: Record<string, string>;
    };
    for (const dependency of Object.keys(manifest.dependencies)) {
      mkdirSync(dirname(join(modules, dependency)), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', dependency), join(modules, dependency), 'dir');
    }
    symlinkSync(join('..', 'entrada', manifest.bin.entrada), join(modules, '.bin', 'entrada'));
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds what runs and nothing else: bin, dist with its types, the licence and README', () => {
    expect(files).toEqual(expect.arrayContaining(['bin/entrada.cjs', 'bin/threadpool.cjs', 'dist/cli/main.js', 'dist/api/index.js', 'dist/api/index.d.ts', 'dist/seed/demo.yaml', 'LICENSE', 'README.md', 'package.json']));
    const strays = files.filter((f) => /^(src|test|bench|reliability|scripts|examples)\//.test(f) || f.endsWith('.tsbuildinfo') || f.endsWith('.ts') && !f.endsWith('.d.ts'));
    expect(strays).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { private?: boolean; license?: string; dependencies: Record<string, string> };
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe('MIT');
    // tsx compiles TypeScript for development only: the package runs compiled JavaScript.
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
  });

  it('npx entrada --help works from a project that installed the tarball', async () => {
    const { stdout } = await run('npx', ['--no', '--', 'entrada', '--help'], { cwd: project, timeout: 30_000, env: cleanEnv() });
    expect(stdout).toContain('entrada start');
  });

  it("the package's entry point: startEntrada from 'entrada' starts a server and stops it", async () => {
    const script = [
      "const { startEntrada } = await import('entrada');",
      'const entrada = await startEntrada();',
      "const ready = await entrada.fetch(entrada.url + '/readyz');",
      "console.log(JSON.stringify({ status: ready.status, daemon: entrada.app('Demo Daemon').appId }));",
      'await entrada.stop();',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project, timeout: 30_000, env: cleanEnv() });
    expect(JSON.parse(stdout)).toEqual({ status: 200, daemon: 'e7ada000-0000-4000-8000-000000000002' });
  }, 60_000);

  it('npx entrada start serves discovery, then stops on SIGTERM', async () => {
    // Its own process group, so the signal reaches the server under npx and sh.
    const child = spawn('npx', ['--no', '--', 'entrada', 'start', '--port', '0', '--mi-port', 'off'], {
      cwd: project,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let url = '';
    try {
      url = await waitFor(() => /https:\/\/localhost:\d+/.exec(out)?.[0], 30_000, () => out);
      const caPath = join(project, '.entrada', 'tls', 'ca.pem');
      const { status, body } = await get(`${url}/entrada.localhost/v2.0/.well-known/openid-configuration`, readFileSync(caPath, 'utf8'));
      expect(status).toBe(200);
      expect(JSON.parse(body).token_endpoint).toMatch(/\/oauth2\/v2\.0\/token$/);
    } finally {
      process.kill(-(child.pid as number), 'SIGTERM');
    }
    await exited;
    // The server itself stopped too (not only npx): nothing answers on its port any more.
    await waitFor(async () => ((await get(`${url}/healthz`, '').then(() => 'up', () => 'down')) === 'down' ? true : undefined), 10_000, () => out);
  }, 60_000);
});

/** The environment without this checkout's npm/Entrada settings leaking into the consumer project. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('ENTRADA_') || key.startsWith('npm_')) delete env[key];
  return env;
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, ms: number, output: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function get(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    request(url, { ca, agent: false, rejectUnauthorized: ca !== '' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    })
      .on('error', fail)
      .end();
  });
}
