import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Clock } from '../common/clock';
import { DocumentsService } from '../consolidation/documents.service';
import { PlanImportService } from '../plans/workbook/plan-import.service';
import { EmailQueue } from '../reminders/email-queue';
import { HealthRepository, StateCount } from './health.repository';
import { CalendarQueue } from '../scheduling/calendar-queue';

const JOB_STATES = ['waiting', 'delayed', 'active', 'failed', 'completed'] as const;

/**
 * Prometheus metrics. Request latency is this process's; queue depths come from Redis and the
 * email, reminder and report counts from Postgres, so any API process answers for the deployment.
 * One registry per application, so several apps in one process (the tests) never collide.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly requests: Histogram<'method' | 'route' | 'status'>;

  constructor(
    repository: HealthRepository,
    clock: Clock,
    calendar: CalendarQueue,
    email: EmailQueue,
    imports: PlanImportService,
    documents: DocumentsService,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'cbr_' });
    this.requests = new Histogram({
      name: 'cbr_http_request_duration_seconds',
      help: 'HTTP request latency by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    const queues = { calendar: calendar.queue, email: email.queue, 'plan-import': imports.queue, documents: documents.queue };
    new Gauge({
      name: 'cbr_queue_jobs',
      help: 'BullMQ jobs per queue and state (failed: jobs that exhausted their attempts)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const [name, queue] of Object.entries(queues)) {
          const counts = await queue.getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        }
      },
    });
    const byState = (name: string, help: string, counts: () => Promise<StateCount[]>) =>
      new Gauge({
        name,
        help,
        labelNames: ['state'],
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const r of await counts()) this.set({ state: r.state }, r.n);
        },
      });
    byState('cbr_emails', 'Outbox emails by state', () => repository.emailsByState());
    byState('cbr_reminders', 'Reminders by state', () => repository.remindersByState());
    new Gauge({
      name: 'cbr_possibly_duplicate_emails',
      help: 'Emails that may have been delivered twice after a worker crash',
      registers: [this.registry],
      async collect() {
        this.set(await repository.possiblyDuplicateEmails());
      },
    });
    new Gauge({
      name: 'cbr_reports_submitted',
      help: 'Agency reports submitted at least once, per open or recent period',
      labelNames: ['plan', 'period', 'kind', 'year'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows = await repository.submittedPerRecentPeriod(clock.now());
        for (const r of rows) this.set({ plan: r.plan, period: r.period, kind: r.kind, year: String(r.year) }, r.n);
      },
    });
    this.failures = new Counter({
      name: 'cbr_http_errors_total',
      help: 'Answers with status 500 or more',
      labelNames: ['route'],
      registers: [this.registry],
    });
  }

  private readonly failures: Counter<'route'>;

  /** Express middleware: times every request under its route pattern (never the raw path). */
  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const end = this.requests.startTimer();
      res.on('finish', () => {
        const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
        end({ method: req.method, route, status: String(res.statusCode) });
        if (res.statusCode >= 500) this.failures.inc({ route });
      });
      next();
    };
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
