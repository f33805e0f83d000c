import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';
import type { ReminderRule } from '../reporting/regime.types';
import type { CalendarEventKind } from './calendar-event.entity';

/** A timer as its handler locks it. */
export interface EventRow {
  id: string;
  period_id: string;
  event: CalendarEventKind;
  rule_code: string;
  due_at: Date;
  state: string;
}

/** A period with the instants and the reminder rules its timers are planned from. */
export interface PeriodPlanRow {
  id: string;
  opens_at: Date;
  due_at: Date;
  consolidation_due_at: Date | null;
  reminder_rules: ReminderRule[];
  /** A document kind's period closed as received: nobody is reminded any more. */
  received: boolean;
}

/** A timer a period should have, as `sync` writes it. */
export interface PlannedTimer {
  period_id: string;
  event: string;
  rule_code: string;
  /** ISO 8601 */
  due_at: string;
}

export interface TimerRow {
  id: string;
  period_id: string;
  event: string;
  rule_code: string;
  due_at: Date;
}

/** A timer with its period and plan, for administrators. */
export interface TimerListRow extends TimerRow {
  plan_code: string;
  label: string;
  state: string;
  fired_at: Date | null;
  lateness_ms: string | null;
  deliveries: number;
  note: string | null;
}

const RECORDSET = `jsonb_to_recordset($1::jsonb) AS e(period_id uuid, event text, rule_code text, due_at timestamptz)`;

/** `calendar_events`: the record of every timer of the reporting calendar. */
@Injectable()
export class CalendarEventsRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** The timer, locked (FOR UPDATE) while it fires, so a second delivery waits and then finds it done. */
  lockEvent(id: string, em?: EntityManager): Promise<EventRow | undefined> {
    return this.first<EventRow>(
      `SELECT id, period_id, event, rule_code, due_at, state FROM calendar_events WHERE id = $1 FOR UPDATE`,
      [id],
      em,
    );
  }

  /** Counts a delivery of the timer's job. */
  async countDelivery(id: string, em?: EntityManager): Promise<void> {
    await this.change('UPDATE calendar_events SET deliveries = deliveries + 1 WHERE id = $1', [id], em);
  }

  /**
   * The period's timers of one kind that are still planned or fired: timers dropped with their
   * rule (skipped, never fired) supersede nothing, since they will not be sent.
   */
  liveSiblings(
    periodId: string,
    event: CalendarEventKind,
    em?: EntityManager,
  ): Promise<Pick<EventRow, 'event' | 'rule_code' | 'due_at'>[]> {
    return this.rows<Pick<EventRow, 'event' | 'rule_code' | 'due_at'>>(
      `SELECT event, rule_code, due_at FROM calendar_events
       WHERE period_id = $1 AND event = $2 AND NOT (state = 'skipped' AND fired_at IS NULL)`,
      [periodId, event],
      em,
    );
  }

  /** Records what firing the timer did, when, how late and why (for a skip). */
  async recordOutcome(
    id: string,
    o: { state: 'fired' | 'skipped'; firedAt: Date; latenessMs: number; note: string | null },
    em?: EntityManager,
  ): Promise<void> {
    await this.change(
      `UPDATE calendar_events SET state = $2, fired_at = $3, lateness_ms = $4, note = $5 WHERE id = $1`,
      [id, o.state, o.firedAt, o.latenessMs, o.note],
      em,
    );
  }

  /** Every period with its instants and its kind's reminder rules, by id. */
  periodsToPlan(em?: EntityManager): Promise<PeriodPlanRow[]> {
    return this.rows<PeriodPlanRow>(
      `SELECT p.id, p.opens_at, p.due_at, p.consolidation_due_at, k.reminder_rules, (p.state = 'closed' AND k.form = 'document') AS received
       FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id ORDER BY p.id`,
      [],
      em,
    );
  }

  /** Inserts the timers of the batch that do not exist yet (existing rows are neither touched nor locked); answers how many. */
  async insertMissing(batch: PlannedTimer[], em?: EntityManager): Promise<number> {
    const inserted = await this.rows<{ id: string }>(
      `INSERT INTO calendar_events (period_id, event, rule_code, due_at)
       SELECT e.period_id, e.event, e.rule_code, e.due_at
       FROM ${RECORDSET}
       ON CONFLICT (period_id, event, rule_code) DO NOTHING
       RETURNING id`,
      [JSON.stringify(batch)],
      em,
    );
    return inserted.length;
  }

  /**
   * Moves the timers of the batch whose instant changed, and brings back the ones skipped earlier
   * because their rule was gone (never fired: fired_at is null) whose rule came back; answers them,
   * since their jobs must be re-queued.
   */
  async moveChanged(batch: PlannedTimer[], em?: EntityManager): Promise<TimerRow[]> {
    const { rows } = await this.change<TimerRow>(
      `UPDATE calendar_events c SET due_at = e.due_at, state = 'pending', note = NULL
       FROM ${RECORDSET}
       WHERE c.period_id = e.period_id AND c.event = e.event AND c.rule_code = e.rule_code
         AND ((c.state = 'pending' AND c.due_at IS DISTINCT FROM e.due_at) OR (c.state = 'skipped' AND c.fired_at IS NULL))
       RETURNING c.id, c.period_id, c.event, c.rule_code, c.due_at`,
      [JSON.stringify(batch)],
      em,
    );
    return rows;
  }

  /** Marks skipped the pending reminders of document periods closed as received; answers how many. */
  async skipReceivedReminders(em?: EntityManager): Promise<number> {
    const { affected } = await this.change(
      `UPDATE calendar_events c SET state = 'skipped', note = 'Kỳ báo cáo đã đóng: đã nhận văn bản của mọi cơ quan phải gửi.'
       FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id
       WHERE c.period_id = p.id AND c.state = 'pending' AND c.event IN ('reminder', 'consolidation_reminder')
         AND p.state = 'closed' AND k.form = 'document'`,
      [],
      em,
    );
    return affected;
  }

  /** Marks skipped the pending timers no planned timer matches (their rule no longer applies); answers how many. */
  async skipUnplanned(planned: Pick<PlannedTimer, 'period_id' | 'event' | 'rule_code'>[], em?: EntityManager): Promise<number> {
    const { affected } = await this.change(
      `UPDATE calendar_events c SET state = 'skipped', note = 'Quy tắc nhắc hạn không còn áp dụng cho kỳ báo cáo này.'
       WHERE c.state = 'pending' AND NOT EXISTS (
         SELECT 1 FROM jsonb_to_recordset($1::jsonb) AS e(period_id uuid, event text, rule_code text)
         WHERE e.period_id = c.period_id AND e.event = c.event AND e.rule_code = c.rule_code)`,
      [JSON.stringify(planned)],
      em,
    );
    return affected;
  }

  /** The pending timers, soonest first. */
  pending(em?: EntityManager): Promise<TimerRow[]> {
    return this.rows<TimerRow>(
      `SELECT id, period_id, event, rule_code, due_at FROM calendar_events WHERE state = 'pending' ORDER BY due_at`,
      [],
      em,
    );
  }

  /** Timers with their period and plan, by due instant, optionally of one state and one plan. */
  list(filter: { state: string | null; planCode: string | null; limit: number }, em?: EntityManager): Promise<TimerListRow[]> {
    return this.rows<TimerListRow>(
      `SELECT c.id, pl.code AS plan_code, p.id AS period_id, p.label, c.event, c.rule_code, c.due_at, c.state, c.fired_at, c.lateness_ms, c.deliveries, c.note
       FROM calendar_events c JOIN reporting_periods p ON p.id = c.period_id JOIN plans pl ON pl.id = p.plan_id
       WHERE ($1::text IS NULL OR c.state = $1) AND ($2::text IS NULL OR pl.code = $2)
       ORDER BY c.due_at, p.label, c.event LIMIT $3`,
      [filter.state, filter.planCode, filter.limit],
      em,
    );
  }
}
