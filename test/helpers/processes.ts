import { ChildProcess, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      done(true);
    });
    s.once('error', () => done(false));
  });
}

/** A private redis-server on its own port: tests that flush or stop Redis never touch the shared one. */
export async function startPrivateRedis(port: number, extraArgs: string[] = []): Promise<ChildProcess> {
  // Its own empty directory: a redis-server loads any dump.rdb in its working directory at start,
  // and a replica's sync writes one, so a shared directory would hand one suite another's jobs.
  const dir = mkdtempSync(join(tmpdir(), `cbr-redis-${port}-`));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extraArgs];
  const child = spawn('redis-server', args, { stdio: 'ignore', cwd: dir });
  child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  for (let i = 0; i < 100; i += 1) {
    if (await listening(port)) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not listen on ${port}`);
}

export interface AppProcess {
  child: ChildProcess;
  output: () => string;
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the real entry point (src/main.ts) as its own process, as `npm start` would. */
export function startAppProcess(env: Record<string, string>): AppProcess {
  let out = '';
  const child = spawn(process.execPath, ['-r', 'ts-node/register', join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    // Demo reports are opt-in here: suites that start processes assert on a plan with no reports yet.
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', NODE_ENV: 'test', LOG_LEVEL: 'info', SEED_DEMO_REPORTS: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    output: () => out,
    // Generous: on a 2-core CI machine four ts-node processes start beside two busy jest workers.
    async waitForOutput(text: string, timeoutMs = 180_000) {
      const until = Date.now() + timeoutMs;
      while (!out.includes(text)) {
        if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before printing "${text}":\n${out.slice(-3000)}`);
        if (Date.now() > until) throw new Error(`no "${text}" after ${timeoutMs} ms:\n${out.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 10000)))]);
      clearTimeout(timer);
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
