import { Inject, Injectable, Logger, BeforeApplicationShutdown, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OutboxService } from '../reminders/outbox.service';
import { PlansRepository } from '../plans/plans.repository';
import { PeriodSync } from '../reporting/period-sync';
import { CalendarEventsService } from './calendar-events.service';
import { CalendarQueue } from './calendar-queue';
import type { CalendarEventKind } from './calendar-event.entity';
import { jobIdFor } from './event-plan';

export interface ReconcileResult {
  periodsChanged: number;
  eventsChanged: number;
  pending: number;
  jobsAdded: number;
  overdueNudged: number;
  /** Outbox: digests written, jobs added for unsent emails, finished jobs replaced. */
  emails: { digests: number; jobsAdded: number; requeued: number };
  ms: number;
}

const INTERVAL_NAME = 'calendar-reconcile';

/**
 * Makes Redis hold a delayed job for every pending timer Postgres knows of. Runs on boot and
 * every CALENDAR_RECONCILE_SECONDS in every process: it only adds what is missing (by
 * deterministic id), so any number of processes may run it at once.
 */
@Injectable()
export class ReconcilerService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Reconciler');
  private running: Promise<ReconcileResult> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: CalendarEventsService,
    private readonly plans: PlansRepository,
    private readonly periods: PeriodSync,
    private readonly queue: CalendarQueue,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: with Redis down the process must still start and answer /health with 503.
    void this.reconcile().catch((error: unknown) => this.logger.error({ err: error }, 'Calendar reconcile failed at start-up'));
    const timer = setInterval(() => {
      void this.reconcile().catch((error: unknown) => this.logger.error({ err: error }, 'Calendar reconcile failed'));
    }, this.config.calendarReconcileSeconds * 1000);
    timer.unref();
    this.scheduler.addInterval(INTERVAL_NAME, timer);
  }

  /** A pass still running finishes (or gets 5 s) before the connections it uses close. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
    if (this.running) await Promise.race([this.running.catch(() => undefined), new Promise((r) => setTimeout(r, 5000).unref())]);
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
  }

  /** One pass; concurrent calls in the same process share it. */
  reconcile(): Promise<ReconcileResult> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<ReconcileResult> {
    const started = process.hrtime.bigint();
    // The outbox first and on its own: a failure in the calendar part must not hold up the emails.
    const emails = await this.outbox.reconcile().catch((error: unknown) => {
      this.logger.error({ err: error }, 'Outbox reconcile failed');
      return { digests: 0, jobsAdded: 0, requeued: 0 };
    });
    let periodsChanged = 0;
    for (const planId of await this.plans.allPlanIds())
      periodsChanged += await this.dataSource.transaction((em) => this.periods.syncPlan(planId, em));
    const { changed: eventsChanged, moved } = await this.dataSource.transaction((em) => this.events.sync(em));
    // A timer whose instant moved keeps its id: drop the old delayed job so it is added anew.
    for (const e of moved) await this.queue.remove(jobIdFor(e.periodId, e.event as CalendarEventKind, e.ruleCode));
    const pending = await this.events.pending();
    const now = this.clock.now().getTime();
    const jobsAdded = await this.queue.addMissing(
      pending.map((e) => ({
        jobId: jobIdFor(e.periodId, e.event as CalendarEventKind, e.ruleCode),
        eventId: e.id,
        delayMs: e.dueAt.getTime() - now,
      })),
    );
    let overdueNudged = 0;
    for (const e of pending.filter((p) => p.dueAt.getTime() <= now)) {
      if ((await this.queue.nudge(jobIdFor(e.periodId, e.event as CalendarEventKind, e.ruleCode))) !== 'none') overdueNudged += 1;
    }
    const result = {
      periodsChanged,
      eventsChanged,
      pending: pending.length,
      jobsAdded,
      overdueNudged,
      emails,
      ms: Number(process.hrtime.bigint() - started) / 1e6,
    };
    if (jobsAdded || eventsChanged || periodsChanged) this.logger.log(result, 'Calendar reconciled');
    return result;
  }
}
