import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { createRedis } from '../redis/redis.module';
import { CALENDAR_JOB, CALENDAR_JOB_OPTIONS, CALENDAR_QUEUE, CalendarJobData, queuePrefix } from './queues';

export interface TimerSpec {
  jobId: string;
  eventId: string;
  delayMs: number;
}

/** The calendar queue behind a small facade: add timers by deterministic id, nudge overdue ones. */
@Injectable()
export class CalendarQueue implements OnApplicationShutdown {
  readonly queue: Queue<CalendarJobData>;
  private readonly redis: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = createRedis(config.redisUrl);
    this.queue = new Queue<CalendarJobData>(CALENDAR_QUEUE, {
      connection: this.redis,
      prefix: queuePrefix(config.redisPrefix),
      defaultJobOptions: CALENDAR_JOB_OPTIONS,
    });
  }

  /** Adds the timers whose id is not in Redis yet; answers how many it added. */
  async addMissing(timers: TimerSpec[]): Promise<number> {
    if (timers.length === 0) return 0;
    let added = 0;
    for (let i = 0; i < timers.length; i += 1000) {
      const batch = timers.slice(i, i + 1000);
      const pipeline = this.redis.pipeline();
      for (const t of batch) pipeline.exists(this.queue.toKey(t.jobId));
      const exists = ((await pipeline.exec()) ?? []).map(([, n]: [Error | null, unknown]) => n === 1);
      const missing = batch.filter((_, j) => !exists[j]);
      if (missing.length === 0) continue;
      // Adding an id that appeared meanwhile (another process) is a no-op in BullMQ.
      await this.queue.addBulk(
        missing.map((t) => ({
          name: CALENDAR_JOB,
          data: { eventId: t.eventId },
          opts: { ...CALENDAR_JOB_OPTIONS, jobId: t.jobId, delay: Math.max(0, t.delayMs) },
        })),
      );
      added += missing.length;
    }
    return added;
  }

  /**
   * For a timer already due by the application clock: run a delayed job now (the clock was moved,
   * or the process slept through it) and retry one that failed for good.
   */
  async nudge(jobId: string): Promise<'promoted' | 'retried' | 'none'> {
    const job: Job<CalendarJobData> | undefined = await this.queue.getJob(jobId);
    if (!job) return 'none';
    const state = await job.getState();
    if (state === 'delayed') {
      await job.promote().catch(() => undefined);
      return 'promoted';
    }
    if (state === 'failed') {
      await job.retry('failed').catch(() => undefined);
      return 'retried';
    }
    return 'none';
  }

  /** Removes a job that is waiting or delayed; one being processed is left to its handler. */
  async remove(jobId: string): Promise<void> {
    await this.queue.remove(jobId).catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
