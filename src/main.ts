import 'reflect-metadata';
import { ChildProcess } from 'node:child_process';
import { inspect } from 'node:util';
import { runSeed } from '../seeds/run';
import { createHttpApp, createWorkerContext } from './bootstrap';
import { systemEpochMs, SystemClock } from './common/clock';
import { prettyLogs } from './common/http-logging';
import { ConfigError, loadConfig } from './config/app-config';
import { seedDemoReports } from './demo/demo-reports';
import { startEmbeddedPostgres } from './database/embedded-postgres';
import { runMigrations } from './database/migrate';
import { ensureLocalRedis, RedisUnavailableError } from './redis/local-redis';
import { createRedis, evictionProblem } from './redis/redis.module';

/** Start-up lines: readable at a terminal outside production, JSON otherwise (as the app's own log). */
const log = (message: string) =>
  process.stdout.write(
    prettyLogs(process.env.NODE_ENV ?? 'development')
      ? `[${new Date(systemEpochMs()).toTimeString().slice(0, 8)}] INFO: ${message}\n`
      : `${JSON.stringify({ level: 30, time: systemEpochMs(), msg: message })}\n`,
  );

/** `npm start`: resolve Postgres and Redis, migrate, seed, then serve the role asked for. */
async function main(): Promise<void> {
  const config = loadConfig();
  const cleanups: (() => Promise<void> | void)[] = [];

  if (!config.databaseUrl) {
    const embedded = await startEmbeddedPostgres(log);
    config.databaseUrl = embedded.url;
    cleanups.push(() => embedded.stop());
  }
  let redisChild: ChildProcess | null = null;
  if (config.redisUrlDefaulted) {
    redisChild = await ensureLocalRedis(log);
    if (redisChild) cleanups.push(() => void redisChild?.kill('SIGTERM'));
  }

  if (config.redisRequireNoEviction) {
    const problem = await noEvictionProblemAtStart(config.redisUrl);
    if (problem) throw new RedisUnavailableError(`Refusing to start: ${problem}.`);
  }

  const applied = await runMigrations(config.databaseUrl);
  if (applied.length) log(`Applied migrations: ${applied.join(', ')}`);
  const seeded = await runSeed(config.databaseUrl, { demoUsers: config.seedDemoUsers });
  const added = Object.entries(seeded.inserted).filter(([, n]) => n > 0);
  log(added.length ? `Seed added ${added.map(([t, n]) => `${n} ${t}`).join(', ')}` : 'Seed: nothing to add');
  if (config.seedDemoReports && config.seedDemoUsers && config.role !== 'worker') {
    // Relative to the application clock (APP_CLOCK_START, or real time), as the app will run.
    const demo = await seedDemoReports(config, new SystemClock(config.clockStart).now()).catch((error: Error) => {
      log(`Demo reports not written: ${error.message}`);
      return null;
    });
    if (demo === 'redis-down') log('Demo reports not written: Redis is unreachable; they will be written at a start with Redis up');
    else if (demo)
      log(
        `Demo reports: ${demo.submitted} submitted, ${demo.drafts} drafts, ${demo.consolidations} final consolidated reports over ${demo.periods} periods`,
      );
  }

  if (config.role === 'worker') {
    const ctx = await createWorkerContext(config);
    log('Worker started');
    registerShutdown(() => ctx.close(), cleanups);
    return;
  }
  const app = await createHttpApp(config);
  await app.listen(config.port, '0.0.0.0');
  log(`Listening on ${config.publicUrl} (role ${config.role}); API docs at ${config.publicUrl}/api/docs`);
  registerShutdown(() => app.close(), cleanups);
}

/**
 * The policy of the Redis the deployment uses, asked once at start. A Redis that cannot be
 * reached within 5 s is not judged here: the process starts and /health reports it down.
 */
async function noEvictionProblemAtStart(url: string): Promise<string | null> {
  const redis = createRedis(url);
  try {
    const ready = await Promise.race([
      new Promise<boolean>((resolve) => redis.once('ready', () => resolve(true))),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000).unref()),
    ]);
    if (!ready) {
      log('Redis unreachable at start: its maxmemory-policy is not checked now');
      return null;
    }
    return await evictionProblem(redis);
  } finally {
    redis.disconnect();
  }
}

function registerShutdown(close: () => Promise<void>, cleanups: (() => Promise<void> | void)[]): void {
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal} received: shutting down`);
    await close().catch(() => undefined);
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(signal));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof RedisUnavailableError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Start-up failed: ${error instanceof Error && (error.stack || error.message) ? (error.stack ?? error.message) : inspect(error, { depth: 4 })}\n`,
    );
  }
  process.exit(1);
});
