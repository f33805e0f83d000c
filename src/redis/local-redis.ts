import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { resolve } from 'node:path';

function listening(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export class RedisUnavailableError extends Error {}

/**
 * With no REDIS_URL: use the Redis on 127.0.0.1:6379, or start the redis-server binary there
 * when one is installed, or stop with a message that says how to get one.
 */
export async function ensureLocalRedis(log: (message: string) => void, dataRoot = '.data'): Promise<ChildProcess | null> {
  if (await listening('127.0.0.1', 6379)) return null;
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new RedisUnavailableError(
      'No Redis at 127.0.0.1:6379 and no redis-server binary to start. Install one (Debian: apt-get install redis-server) ' +
        'or set REDIS_URL=redis://host:port to an existing Redis.',
    );
  }
  const dir = resolve(dataRoot, 'redis');
  mkdirSync(dir, { recursive: true });
  log('Starting a local redis-server on 127.0.0.1:6379');
  const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 50; i += 1) {
    if (await listening('127.0.0.1', 6379)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new RedisUnavailableError('redis-server was started but did not listen on 127.0.0.1:6379 within 5 seconds.');
}
