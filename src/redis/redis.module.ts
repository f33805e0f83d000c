import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { systemEpochMs } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export const REDIS = Symbol('REDIS');

const logger = new Logger('Redis');
let lastErrorLog = 0;

/**
 * A connection that waits out an outage (commands queue until Redis is back) and says so in the
 * log at most every 30 seconds instead of an unhandled error event per retry.
 */
export function createRedis(url: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  redis.on('error', (error: Error) => {
    const now = systemEpochMs();
    if (now - lastErrorLog < 30_000) return;
    lastErrorLog = now;
    logger.warn({ err: error.message }, 'Redis unreachable; retrying');
  });
  return redis;
}

/** The process's general-purpose Redis connection (health checks; BullMQ opens its own). */
@Global()
@Module({
  providers: [{ provide: REDIS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createRedis(config.redisUrl) }],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
