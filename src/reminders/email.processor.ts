import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { createRedis, RedisClient } from '../redis/redis.module';
import { queuePrefix } from '../scheduling/queues';
import { EMAIL_QUEUE, EmailJobData } from './email-queue';
import { EmailSender } from './email-sender';

/**
 * Worker role only: sends outbox rows. The limiter is BullMQ's, shared by every worker process
 * of the queue, so MAIL_RATE_PER_SECOND holds for the deployment, not per process.
 */
@Injectable()
export class EmailProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MailWorker');
  private worker: Worker<EmailJobData> | null = null;
  private connection: RedisClient | null = null;

  constructor(
    private readonly sender: EmailSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.connection = createRedis(this.config.redisUrl);
    this.worker = new Worker<EmailJobData>(EMAIL_QUEUE, (job) => this.process(job), {
      connection: this.connection,
      prefix: queuePrefix(this.config.redisPrefix),
      // Enough in flight to keep the transport's 5 pooled connections busy.
      concurrency: 20,
      limiter: { max: this.config.mailRatePerSecond, duration: 1000 },
      // A worker killed mid-send leaves its job stalled: found after its lock (15 s) expires, and
      // allowed to come back more than once.
      lockDuration: 15_000,
      stalledInterval: 15_000,
      maxStalledCount: 5,
    });
    this.worker.on('failed', (job, error) => {
      if (!(error instanceof UnrecoverableError))
        this.logger.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'Email not sent yet; will retry');
    });
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'Email worker error'));
  }

  private async process(job: Job<EmailJobData>): Promise<string> {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.sender.deliver(job.data.emailId, finalAttempt);
    if (outcome === 'retry') throw new Error('SMTP refused for now');
    return outcome;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}
