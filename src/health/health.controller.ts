import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { RedisClient } from '../redis/redis.module';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { REDIS } from '../redis/redis.module';
import { HealthRepository } from './health.repository';

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: HealthRepository,
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness of the service and of the parts it depends on (200 or 503)' })
  async check(@Res() res: Response): Promise<void> {
    const [db, redis] = await Promise.all([
      within(2000, this.database.ping()).then(
        () => 'up',
        () => 'down',
      ),
      within(2000, this.redis.ping()).then(
        (pong) => (pong === 'PONG' ? 'up' : 'down'),
        () => 'down',
      ),
    ]);
    const ok = db === 'up' && redis === 'up';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'error', db, redis });
  }
}
