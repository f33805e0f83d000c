import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { formatViDateTime } from '../common/time-zone';
import { ConsolidationsService } from '../consolidation/consolidations.service';
import { OutboxService } from '../reminders/outbox.service';
import { derivePeriodState, DerivedPeriodState } from '../reporting/calendar';
import { PeriodForEventRow, PeriodStateRepository } from '../reporting/period-state.repository';
import type { ReminderAudience, ReminderRule } from '../reporting/regime.types';
import { CalendarEventsRepository, EventRow } from './calendar-events.repository';
import { PeriodTimes, PlannedEvent, supersededAt } from './event-plan';

/** `emails`: outbox rows the event wrote, to enqueue once its transaction has committed. */
export type FireOutcome = { kind: 'fired' | 'skipped' | 'duplicate' | 'unknown'; emails?: string[] } | { kind: 'early'; waitMs: number };

const STATE_ORDER: DerivedPeriodState[] = ['upcoming', 'open', 'due', 'closed'];
/** Events fired later than this are logged as late. */
const LATE_AFTER_MS = 60_000;
/** After one late event is logged, the next ones within this window are counted and logged as one line. */
const LATE_SUMMARY_MS = 10_000;
/** The consolidation reminder at which a draft consolidated report is built automatically. */
const AUTO_CONSOLIDATION_RULE = 'C-3';

type Effect = { outcome: 'fired' | 'skipped'; note: string | null; emails: string[] };

/**
 * Fires one calendar event: reloads it from Postgres under a row lock and records its effect and
 * its own state in one transaction, so a second delivery of the job changes nothing.
 */
@Injectable()
export class CalendarEventHandler {
  private readonly logger = new Logger('Calendar');
  /** Late events since the last one logged: a start after a long stop (or a fresh install) catches many up at once. */
  private lateBatch: { count: number; rules: Set<string>; maxLatenessMs: number; timer: NodeJS.Timeout } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly events: CalendarEventsRepository,
    private readonly periods: PeriodStateRepository,
    private readonly outbox: OutboxService,
    private readonly consolidations: ConsolidationsService,
  ) {}

  fire(eventId: string): Promise<FireOutcome> {
    return this.dataSource.transaction(async (em) => {
      const event = await this.events.lockEvent(eventId, em);
      if (!event) return { kind: 'unknown' };
      await this.events.countDelivery(eventId, em);
      if (event.state !== 'pending') return { kind: 'duplicate' };
      const now = this.clock.now();
      if (now < event.due_at) return { kind: 'early', waitMs: event.due_at.getTime() - now.getTime() };

      // Serialises the events of one period (see lockForEvent for why NO KEY UPDATE).
      const period = (await this.periods.lockForEvent(event.period_id, em))!;
      const times: PeriodTimes = { opensAt: period.opens_at, dueAt: period.due_at, consolidationDueAt: period.consolidation_due_at };
      const lateness = now.getTime() - event.due_at.getTime();
      const { outcome, note, emails } =
        event.event === 'reminder' || event.event === 'consolidation_reminder'
          ? await this.remind(em, event, period, times, now)
          : await this.movePeriodState(em, event.period_id, period.state, derivePeriodState(times, now), now);

      await this.events.recordOutcome(eventId, { state: outcome, firedAt: now, latenessMs: lateness, note }, em);
      if (lateness > LATE_AFTER_MS)
        this.logLate({ eventId, event: event.event, rule: event.rule_code, period: period.label, latenessMs: lateness, outcome });
      return { kind: outcome, emails };
    });
  }

  /**
   * The first late event in a while gets its own warning; those that follow within
   * LATE_SUMMARY_MS (a catch-up after a stop, a fresh install's past timers) one summary line.
   */
  private logLate(detail: { eventId: string; event: string; rule: string; period: string; latenessMs: number; outcome: string }): void {
    if (this.lateBatch) {
      this.lateBatch.count += 1;
      this.lateBatch.rules.add(detail.rule);
      this.lateBatch.maxLatenessMs = Math.max(this.lateBatch.maxLatenessMs, detail.latenessMs);
      return;
    }
    this.logger.warn(detail, 'Calendar event fired late');
    const timer = setTimeout(() => {
      const batch = this.lateBatch;
      this.lateBatch = null;
      if (batch && batch.count > 0)
        this.logger.warn(
          { count: batch.count, rules: [...batch.rules].sort(), maxLatenessMs: batch.maxLatenessMs },
          `${batch.count} more calendar events fired late (caught up)`,
        );
    }, LATE_SUMMARY_MS);
    timer.unref();
    this.lateBatch = { count: 0, rules: new Set(), maxLatenessMs: 0, timer };
  }

  /**
   * A reminder: recorded for its audience, or recorded as skipped when it comes too late (past the
   * next reminder or the consolidation deadline); at C-3 the draft consolidated report builds itself.
   */
  private async remind(em: EntityManager, event: EventRow, period: PeriodForEventRow, times: PeriodTimes, now: Date): Promise<Effect> {
    // A document kind's period closed as received (every owing agency sent its letter): nobody to remind.
    if (period.state === 'closed' && period.form === 'document')
      return { outcome: 'skipped', note: 'Kỳ báo cáo đã đóng: đã nhận văn bản của mọi cơ quan phải gửi.', emails: [] };
    const siblings = await this.events.liveSiblings(event.period_id, event.event, em);
    const planned: PlannedEvent[] = siblings.map((s) => ({ event: s.event, ruleCode: s.rule_code, dueAt: s.due_at }));
    const limit = supersededAt(planned, { event: event.event, ruleCode: event.rule_code, dueAt: event.due_at }, times);
    if (limit && now >= limit) {
      const note = `Không gửi: đến ${formatViDateTime(now)} mới xử lý được, đã qua ${formatViDateTime(limit)} (lúc nhắc hạn tiếp theo hoặc hạn tổng hợp).`;
      await this.recordReminders(em, event, period.reminder_rules ?? [], 'skipped', note);
      return { outcome: 'skipped', note, emails: [] };
    }
    await this.recordReminders(em, event, period.reminder_rules ?? [], 'pending', null);
    // At C-3 the draft consolidated report builds itself; the coordinator's reminder says so.
    if (event.event === 'consolidation_reminder' && event.rule_code === AUTO_CONSOLIDATION_RULE)
      await this.autoConsolidate(em, event.period_id);
    const emails = await this.outbox.reminderEmails(em, event.period_id, event.rule_code);
    return { outcome: 'fired', note: null, emails };
  }

  private async autoConsolidate(em: EntityManager, periodId: string): Promise<void> {
    if (await this.periods.lockedAt(periodId, em)) return; // already final: nothing to draft
    const built = await this.consolidations.build(periodId, null, 'auto', em);
    this.logger.log({ periodId, version: built.version }, 'Consolidated report built at C-3');
  }

  /** Who a reminder goes to is the rule's audience, whichever deadline it counts from. */
  private async recordReminders(
    em: EntityManager,
    event: EventRow,
    rules: ReminderRule[],
    state: 'pending' | 'skipped',
    note: string | null,
  ): Promise<void> {
    const audience = audienceOf(event.rule_code, rules, event.event === 'consolidation_reminder' ? 'coordinator' : 'agency');
    if (audience === 'coordinator') {
      await this.outbox.recordCoordinatorReminder(
        { periodId: event.period_id, rule: event.rule_code, dueAt: event.due_at, state, note },
        em,
      );
      return;
    }
    await this.outbox.recordAgencyReminders(
      { periodId: event.period_id, rule: event.rule_code, audience, dueAt: event.due_at, state, note },
      em,
    );
  }

  /** The period's own events (open, deadline, …): states only move forward, upcoming → open → due → closed. */
  private async movePeriodState(
    em: EntityManager,
    periodId: string,
    current: DerivedPeriodState,
    next: DerivedPeriodState,
    now: Date,
  ): Promise<Effect> {
    if (STATE_ORDER.indexOf(next) > STATE_ORDER.indexOf(current)) await this.periods.setState(periodId, next, now, em);
    return { outcome: 'fired', note: null, emails: [] };
  }
}

/** The audience of an occurrence such as D+6: the rule it was expanded from. */
export function audienceOf(ruleCode: string, rules: ReminderRule[], fallback: ReminderAudience = 'agency'): ReminderAudience {
  const m = /^([DC])([+-])(\d+)$/.exec(ruleCode);
  if (!m) return fallback;
  const offset = (m[2] === '-' ? -1 : 1) * Number(m[3]);
  const anchor = m[1] === 'C' ? 'consolidation' : 'due';
  const candidates = rules.filter(
    (r) =>
      r.anchor === anchor &&
      (r.offsetDays === offset || (r.repeatEveryDays && offset >= r.offsetDays && (offset - r.offsetDays) % r.repeatEveryDays === 0)),
  );
  return candidates[0]?.audience ?? fallback;
}
