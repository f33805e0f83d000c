import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import type { AppConfig } from '../config/app-config';
import { queuePrefix, QueueWorkerOptions } from '../scheduling/queues';
import { createRedis, RedisClient } from './redis.module';

/**
 * The one lifecycle of a BullMQ worker (worker role only): it starts when the application has
 * booted, on a connection of its own, and on shutdown finishes the job in hand and closes that
 * connection, so a deploy never loses a job. A processor names its queue and options and says
 * what a job does and what a final failure means.
 */
export abstract class QueueWorker<T> implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger: Logger;
  private worker: Worker<T> | null = null;
  private connection: RedisClient | null = null;

  protected constructor(
    private readonly queueName: string,
    private readonly options: QueueWorkerOptions,
    private readonly config: AppConfig,
    loggerName: string,
  ) {
    this.logger = new Logger(loggerName);
  }

  /** Does the job; throwing makes BullMQ retry it under the queue's job options. */
  protected abstract process(job: Job<T>, token?: string): Promise<unknown>;

  /** Called for every failed attempt; `final` once no attempt is left. */
  protected onFailed(job: Job<T> | undefined, error: Error, final: boolean): void {
    this.logger.warn({ jobId: job?.id, attempts: job?.attemptsMade, final, err: error.message }, 'Job failed');
  }

  onApplicationBootstrap(): void {
    this.connection = createRedis(this.config.redisUrl);
    this.worker = new Worker<T>(this.queueName, (job, token) => this.process(job, token), {
      ...this.options,
      connection: this.connection,
      prefix: queuePrefix(this.config.redisPrefix),
    });
    this.worker.on('failed', (job, error) => this.onFailed(job, error, !!job && job.attemptsMade >= (job.opts.attempts ?? 1)));
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'Worker error'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    // The connection was made for this worker: it is ours to close.
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}
