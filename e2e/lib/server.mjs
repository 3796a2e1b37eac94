// Builds the real internbase binary and runs it on a temp data dir and a free
// loopback port, for the SDK and browser suites.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SUPERUSER = { email: 'admin@e2e.internbase.test', password: 'e2e-superuser-pass' };

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** Builds the binary once per process (the Go build cache makes repeats cheap). */
let built;
export function build() {
  if (built) return built;
  const dir = mkdtempSync(join(tmpdir(), 'ib-bin-'));
  const bin = join(dir, 'internbase');
  // Go 1.27.3, as go.mod and the Makefile say (an older go fetches it), unless the caller chose another.
  const env = { GOTOOLCHAIN: 'go1.27.3', ...process.env, CGO_ENABLED: '0' };
  execFileSync('go', ['build', '-o', bin, '.'], { cwd: repo, stdio: 'inherit', env });
  built = bin;
  return bin;
}

/**
 * Starts a server. Returns { url, dataDir, demoOutput, stop() }. env adds
 * environment variables (IB_*). The superuser SUPERUSER exists before the
 * first request. demo: true runs `internbase demo` on the data dir first, as
 * a newcomer would, and keeps what it printed in demoOutput.
 */
export async function start({ env = {}, demo = false } = {}) {
  const bin = build();
  const dataDir = mkdtempSync(join(tmpdir(), 'ib-data-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const fullEnv = { ...process.env, IB_APP_URL: url, ...env };
  // Run from the data dir: a binary under the temp dir counts as `go run`
  // to PocketBase, whose automigrate then writes a migration file into
  // ./migrations for every collection a test changes — never into the
  // checkout (two such files had been committed under e2e/migrations).
  const cwd = dataDir;
  execFileSync(bin, ['superuser', 'upsert', SUPERUSER.email, SUPERUSER.password, '--dir', dataDir], { env: fullEnv, cwd, stdio: 'pipe' });
  // A binary under the temp dir counts as `go run` to PocketBase (dev mode,
  // every SQL statement logged): --dev=false keeps the printout clean.
  const demoOutput = demo
    ? execFileSync(bin, ['demo', '--dir', dataDir, '--dev=false'], { env: fullEnv, cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
    : '';
  const child = spawn(bin, ['serve', '--dir', dataDir, '--http', `127.0.0.1:${port}`], { env: fullEnv, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((ok) => child.on('exit', (code, signal) => ok({ code, signal })));

  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const res = await fetch(url + '/api/health');
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`internbase did not start on ${url}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    dataDir,
    demoOutput,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
