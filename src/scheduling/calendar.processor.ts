import { Inject, Injectable } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { systemEpochMs } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { QueueWorker } from '../redis/queue-worker';
import { OutboxService } from '../reminders/outbox.service';
import { CalendarEventHandler } from './calendar-event.handler';
import { CALENDAR_QUEUE, CALENDAR_WORKER_OPTIONS, CalendarJobData } from './queues';

/** Worker role only: runs calendar jobs; a job that arrives before its instant waits again. */
@Injectable()
export class CalendarProcessor extends QueueWorker<CalendarJobData> {
  constructor(
    private readonly handler: CalendarEventHandler,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(CALENDAR_QUEUE, CALENDAR_WORKER_OPTIONS, config, 'CalendarWorker');
  }

  protected async process(job: Job<CalendarJobData>, token?: string): Promise<string> {
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

  protected override onFailed(job: Job<CalendarJobData> | undefined, error: Error): void {
    if (error instanceof DelayedError) return;
    this.logger.warn({ jobId: job?.id, err: error }, 'Calendar job failed; BullMQ will retry it');
  }
}
