import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis, { Cluster, RedisOptions } from 'ioredis';
import { parseRedisUrl } from './redis-url';
import { systemEpochMs } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export const REDIS = Symbol('REDIS');

const logger = new Logger('Redis');
let lastErrorLog = 0;

/** A standalone, Sentinel-managed or Cluster connection: the same commands for the code. */
export type RedisClient = Redis | Cluster;

/**
 * A connection that waits out an outage (commands queue until Redis is back) and says so in the
 * log at most every 30 seconds instead of an unhandled error event per retry. REDIS_URL may name
 * a single server, a Sentinel master (failover followed) or a Cluster (see redis-url.ts).
 */
export function createRedis(url: string): RedisClient {
  const options: RedisOptions = {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
  const target = parseRedisUrl(url);
  let redis: RedisClient;
  if (target.kind === 'single') redis = new Redis(url, options);
  else if (target.kind === 'sentinel') {
    redis = new Redis({
      ...options,
      sentinels: target.sentinels,
      name: target.name,
      password: target.password,
      sentinelPassword: target.password,
      db: target.db,
    });
  } else {
    redis = new Cluster(target.nodes, {
      redisOptions: { password: target.password, maxRetriesPerRequest: null, enableReadyCheck: true },
      clusterRetryStrategy: (times) => Math.min(times * 200, 2000),
      enableReadyCheck: true,
    });
  }
  redis.on('error', (error: Error) => {
    const now = systemEpochMs();
    if (now - lastErrorLog < 30_000) return;
    lastErrorLog = now;
    logger.warn({ err: error.message }, 'Redis unreachable; retrying');
  });
  return redis;
}

/**
 * BullMQ keeps jobs and timers in Redis: a server allowed to evict keys would lose them silently.
 * Answers why the server is unfit, or null; every master of a cluster is asked.
 */
export async function evictionProblem(redis: RedisClient): Promise<string | null> {
  const nodes: Redis[] = redis instanceof Cluster ? redis.nodes('master') : [redis];
  for (const node of nodes) {
    let policy: string | undefined;
    try {
      const answer = (await node.config('GET', 'maxmemory-policy')) as string[];
      policy = answer[1];
    } catch {
      // CONFIG is often disabled on managed Redis; INFO still tells.
      const info = await node.info('memory');
      policy = /maxmemory_policy:(\S+)/.exec(info)?.[1];
    }
    if (policy !== 'noeviction') {
      return `Redis ${node.options.host ?? ''}:${node.options.port ?? ''} has maxmemory-policy "${policy ?? 'unknown'}"; set it to noeviction (queues and timers must never be evicted), or turn REDIS_REQUIRE_NOEVICTION off`;
    }
  }
  return null;
}

/** The process's general-purpose Redis connection (health checks; BullMQ opens its own). */
@Global()
@Module({
  providers: [{ provide: REDIS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createRedis(config.redisUrl) }],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
