import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { addJobsIfAbsent } from '../redis/jobs-if-absent';
import { createRedis, RedisClient } from '../redis/redis.module';
import { EMAIL_JOB, EMAIL_QUEUE, EmailJobData, emailJobOptions, queuePrefix } from '../scheduling/queues';

/** The email queue: one job per outbox row, whose id is the row's id. */
@Injectable()
export class EmailQueue implements OnApplicationShutdown {
  readonly queue: Queue<EmailJobData>;
  readonly options: JobsOptions;
  private readonly redis: RedisClient;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = createRedis(config.redisUrl);
    this.options = emailJobOptions(config.mailAttempts, config.mailRetryBaseMs);
    this.queue = new Queue<EmailJobData>(EMAIL_QUEUE, {
      connection: this.redis,
      prefix: queuePrefix(config.redisPrefix),
      defaultJobOptions: this.options,
    });
  }

  /** Adds a job for each outbox row that has none; answers how many it added. */
  add(emailIds: string[]): Promise<number> {
    return addJobsIfAbsent(
      this.redis,
      this.queue,
      EMAIL_JOB,
      this.options,
      emailIds.map((id) => ({ jobId: id, data: { emailId: id } })),
    );
  }

  /**
   * Of these rows (not sent, not failed in Postgres), the ones whose job is finished in Redis:
   * a job that stalled too often, or one finished just before a crash. They need a new job.
   */
  async finished(emailIds: string[]): Promise<string[]> {
    if (emailIds.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of emailIds) pipeline.hget(this.queue.toKey(id), 'finishedOn');
    const answers = (await pipeline.exec()) ?? [];
    return emailIds.filter((_, i) => answers[i]?.[1] !== null && answers[i]?.[1] !== undefined);
  }

  /** Replaces a finished job by a fresh one (the retry button, or a job lost mid-way). */
  async requeue(emailId: string): Promise<void> {
    await this.queue.remove(emailId).catch(() => undefined);
    await this.add([emailId]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
