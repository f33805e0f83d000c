import { Inject, Injectable } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { QueueWorker } from '../redis/queue-worker';
import { EMAIL_QUEUE, EmailJobData, emailWorkerOptions } from '../scheduling/queues';
import { EmailSender } from './email-sender';

/**
 * Worker role only: sends outbox rows. The limiter is BullMQ's, shared by every worker process
 * of the queue, so MAIL_RATE_PER_SECOND holds for the deployment, not per process.
 */
@Injectable()
export class EmailProcessor extends QueueWorker<EmailJobData> {
  constructor(
    private readonly sender: EmailSender,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(EMAIL_QUEUE, emailWorkerOptions(config.mailRatePerSecond), config, 'MailWorker');
  }

  protected async process(job: Job<EmailJobData>): Promise<string> {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.sender.deliver(job.data.emailId, finalAttempt);
    if (outcome === 'retry') throw new Error('SMTP refused for now');
    return outcome;
  }

  protected override onFailed(job: Job<EmailJobData> | undefined, error: Error): void {
    if (!(error instanceof UnrecoverableError))
      this.logger.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'Email not sent yet; will retry');
  }
}
