import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { addJobsIfAbsent } from '../redis/jobs-if-absent';
import { createRedis, RedisClient } from '../redis/redis.module';
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
  private readonly redis: RedisClient;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = createRedis(config.redisUrl);
    this.queue = new Queue<CalendarJobData>(CALENDAR_QUEUE, {
      connection: this.redis,
      prefix: queuePrefix(config.redisPrefix),
      defaultJobOptions: CALENDAR_JOB_OPTIONS,
    });
  }

  /** Adds the timers whose id is not in Redis yet; answers how many it added. */
  addMissing(timers: TimerSpec[]): Promise<number> {
    return addJobsIfAbsent(
      this.redis,
      this.queue,
      CALENDAR_JOB,
      CALENDAR_JOB_OPTIONS,
      timers.map((t) => ({ jobId: t.jobId, data: { eventId: t.eventId }, delayMs: t.delayMs })),
    );
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
