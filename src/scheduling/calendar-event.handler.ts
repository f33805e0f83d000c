import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { formatViDateTime } from '../common/time-zone';
import { ConsolidationsService } from '../consolidation/consolidations.service';
import { OutboxService } from '../reminders/outbox.service';
import { recordAgencyReminders, recordCoordinatorReminder } from '../reminders/reminder-recorder';
import { derivePeriodState, DerivedPeriodState } from '../reporting/calendar';
import type { ReminderAudience, ReminderRule } from '../reporting/regime.types';
import type { CalendarEventKind } from './calendar-event.entity';
import { PlannedEvent, supersededAt } from './event-plan';

/** `emails`: outbox rows the event wrote, to enqueue once its transaction has committed. */
export type FireOutcome = { kind: 'fired' | 'skipped' | 'duplicate' | 'unknown'; emails?: string[] } | { kind: 'early'; waitMs: number };

const STATE_ORDER: DerivedPeriodState[] = ['upcoming', 'open', 'due', 'closed'];
/** Events fired later than this are logged as late. */
const LATE_AFTER_MS = 60_000;
/** The consolidation reminder at which a draft consolidated report is built automatically. */
const AUTO_CONSOLIDATION_RULE = 'C-3';

interface EventRow {
  id: string;
  period_id: string;
  event: CalendarEventKind;
  rule_code: string;
  due_at: Date;
  state: string;
}

/**
 * Fires one calendar event: reloads it from Postgres under a row lock and records its effect and
 * its own state in one transaction, so a second delivery of the job changes nothing.
 */
@Injectable()
export class CalendarEventHandler {
  private readonly logger = new Logger('Calendar');

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly consolidations: ConsolidationsService,
  ) {}

  fire(eventId: string): Promise<FireOutcome> {
    return this.dataSource.transaction(async (em) => {
      const [event] = (await em.query(
        `SELECT id, period_id, event, rule_code, due_at, state FROM calendar_events WHERE id = $1 FOR UPDATE`,
        [eventId],
      )) as EventRow[];
      if (!event) return { kind: 'unknown' };
      await em.query('UPDATE calendar_events SET deliveries = deliveries + 1 WHERE id = $1', [eventId]);
      if (event.state !== 'pending') return { kind: 'duplicate' };
      const now = this.clock.now();
      if (now < event.due_at) return { kind: 'early', waitMs: event.due_at.getTime() - now.getTime() };

      // NO KEY UPDATE, not UPDATE: it still serialises the events of one period, but does not wait
      // for the KEY SHARE that any insert referencing the period takes (the reconciler adding a
      // timer, later a report), which deadlocked against this row's event lock.
      const [period] = (await em.query(
        `SELECT p.opens_at, p.due_at, p.consolidation_due_at, p.state, p.label, k.reminder_rules
         FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE p.id = $1 FOR NO KEY UPDATE OF p`,
        [event.period_id],
      )) as {
        opens_at: Date;
        due_at: Date;
        consolidation_due_at: Date | null;
        state: DerivedPeriodState;
        label: string;
        reminder_rules: ReminderRule[];
      }[];
      const times = { opensAt: period.opens_at, dueAt: period.due_at, consolidationDueAt: period.consolidation_due_at };
      const lateness = now.getTime() - event.due_at.getTime();

      let outcome: 'fired' | 'skipped' = 'fired';
      let note: string | null = null;
      let emails: string[] = [];
      if (event.event === 'reminder' || event.event === 'consolidation_reminder') {
        // Timers dropped with their rule (skipped, never fired) supersede nothing: they will not be sent.
        const siblings = (await em.query(
          `SELECT event, rule_code, due_at FROM calendar_events
           WHERE period_id = $1 AND event = $2 AND NOT (state = 'skipped' AND fired_at IS NULL)`,
          [event.period_id, event.event],
        )) as { event: CalendarEventKind; rule_code: string; due_at: Date }[];
        const planned: PlannedEvent[] = siblings.map((s) => ({ event: s.event, ruleCode: s.rule_code, dueAt: s.due_at }));
        const limit = supersededAt(planned, { event: event.event, ruleCode: event.rule_code, dueAt: event.due_at }, times);
        if (limit && now >= limit) {
          outcome = 'skipped';
          note = `Không gửi: đến ${formatViDateTime(now)} mới xử lý được, đã qua ${formatViDateTime(limit)} (lúc nhắc hạn tiếp theo hoặc hạn tổng hợp).`;
        }
        await this.recordReminders(em, event, period.reminder_rules ?? [], outcome === 'fired' ? 'pending' : 'skipped', note);
        // At C-3 the draft consolidated report builds itself; the coordinator's reminder says so.
        if (outcome === 'fired' && event.event === 'consolidation_reminder' && event.rule_code === AUTO_CONSOLIDATION_RULE)
          await this.autoConsolidate(em, event.period_id);
        if (outcome === 'fired') emails = await this.outbox.reminderEmails(em, event.period_id, event.rule_code);
      } else {
        await this.recordPeriodState(em, event.period_id, period.state, derivePeriodState(times, now), now);
      }

      await em.query(`UPDATE calendar_events SET state = $2, fired_at = $3, lateness_ms = $4, note = $5 WHERE id = $1`, [
        eventId,
        outcome,
        now,
        lateness,
        note,
      ]);
      if (lateness > LATE_AFTER_MS) {
        this.logger.warn(
          { eventId, event: event.event, rule: event.rule_code, period: period.label, latenessMs: lateness, outcome },
          'Calendar event fired late',
        );
      }
      return { kind: outcome, emails };
    });
  }

  private async autoConsolidate(em: EntityManager, periodId: string): Promise<void> {
    const [period] = (await em.query('SELECT locked_at FROM reporting_periods WHERE id = $1', [periodId])) as { locked_at: Date | null }[];
    if (period.locked_at) return; // already final: nothing to draft
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
      await recordCoordinatorReminder(em, { periodId: event.period_id, rule: event.rule_code, dueAt: event.due_at, state, note });
      return;
    }
    await recordAgencyReminders(em, { periodId: event.period_id, rule: event.rule_code, audience, dueAt: event.due_at, state, note });
  }

  /** States only move forward: upcoming → open → due → closed. */
  private async recordPeriodState(
    em: EntityManager,
    periodId: string,
    current: DerivedPeriodState,
    next: DerivedPeriodState,
    now: Date,
  ): Promise<void> {
    if (STATE_ORDER.indexOf(next) <= STATE_ORDER.indexOf(current)) return;
    await em.query('UPDATE reporting_periods SET state = $2, state_changed_at = $3 WHERE id = $1', [periodId, next, now]);
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
