import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, Job, Worker } from 'bullmq';
import { systemEpochMs } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { createRedis, RedisClient } from '../redis/redis.module';
import { OutboxService } from '../reminders/outbox.service';
import { CalendarEventHandler } from './calendar-event.handler';
import { CALENDAR_QUEUE, CalendarJobData, queuePrefix } from './queues';

/** Worker role only: runs calendar jobs; a job that arrives before its instant waits again. */
@Injectable()
export class CalendarProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CalendarWorker');
  private worker: Worker<CalendarJobData> | null = null;
  private connection: RedisClient | null = null;

  constructor(
    private readonly handler: CalendarEventHandler,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.connection = createRedis(this.config.redisUrl);
    this.worker = new Worker<CalendarJobData>(CALENDAR_QUEUE, (job, token) => this.process(job, token), {
      connection: this.connection,
      prefix: queuePrefix(this.config.redisPrefix),
      concurrency: 4,
    });
    this.worker.on('failed', (job, error) => this.logger.warn({ jobId: job?.id, err: error }, 'Calendar job failed; BullMQ will retry it'));
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'Calendar worker error'));
  }

  private async process(job: Job<CalendarJobData>, token?: string): Promise<string> {
    const outcome = await this.handler.fire(job.data.eventId);
    if (outcome.kind === 'early') {
      // Our clock says it is not time yet (clock set back, or skew between processes): wait.
      const waitMs = Math.min(Math.max(1000, outcome.waitMs), 24 * 3600 * 1000);
      await job.moveToDelayed(systemEpochMs() + waitMs, token);
      throw new DelayedError();
    }
    if (outcome.emails?.length) await this.outbox.enqueue(outcome.emails);
    return outcome.kind;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    // A connection we passed in is ours to close.
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}
