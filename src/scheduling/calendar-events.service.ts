import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ReminderRule } from '../reporting/regime.types';
import { planEvents } from './event-plan';

interface PeriodRow {
  id: string;
  opens_at: Date;
  due_at: Date;
  consolidation_due_at: Date | null;
  reminder_rules: ReminderRule[];
}

export interface PendingTimer {
  id: string;
  periodId: string;
  event: string;
  ruleCode: string;
  dueAt: Date;
}

/** Keeps calendar_events, the record of every timer, in step with the periods and their rules. */
@Injectable()
export class CalendarEventsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the events each period should have, moves the due instant of pending ones whose rule
   * or period changed or whose rule came back (and answers those, whose jobs must be re-queued),
   * and marks pending events no rule produces any more as skipped.
   * A statement per period batch, never per agency.
   */
  async sync(em: EntityManager = this.dataSource.manager): Promise<{ changed: number; moved: PendingTimer[] }> {
    const periods = (await em.query(
      `SELECT p.id, p.opens_at, p.due_at, p.consolidation_due_at, k.reminder_rules
       FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id ORDER BY p.id`,
    )) as PeriodRow[];
    const rows = periods.flatMap((p) =>
      planEvents({ opensAt: p.opens_at, dueAt: p.due_at, consolidationDueAt: p.consolidation_due_at }, p.reminder_rules ?? []).map((e) => ({
        period_id: p.id,
        event: e.event,
        rule_code: e.ruleCode,
        due_at: e.dueAt.toISOString(),
      })),
    );
    rows.sort((a, b) => (a.period_id + a.event + a.rule_code).localeCompare(b.period_id + b.event + b.rule_code));
    let changed = 0;
    const moved: PendingTimer[] = [];
    for (let i = 0; i < rows.length; i += 5000) {
      const batch = JSON.stringify(rows.slice(i, i + 5000));
      // New timers only: existing rows are not touched (nor locked) by this statement.
      const inserted = (await em.query(
        `INSERT INTO calendar_events (period_id, event, rule_code, due_at)
         SELECT e.period_id, e.event, e.rule_code, e.due_at
         FROM jsonb_to_recordset($1::jsonb) AS e(period_id uuid, event text, rule_code text, due_at timestamptz)
         ON CONFLICT (period_id, event, rule_code) DO NOTHING
         RETURNING id`,
        [batch],
      )) as unknown[];
      changed += inserted.length;
      // Timers whose instant moved, and timers skipped here earlier because their rule was gone
      // (never fired: fired_at is null) whose rule came back: their jobs must be re-queued.
      const [updated] = (await em.query(
        `UPDATE calendar_events c SET due_at = e.due_at, state = 'pending', note = NULL
         FROM jsonb_to_recordset($1::jsonb) AS e(period_id uuid, event text, rule_code text, due_at timestamptz)
         WHERE c.period_id = e.period_id AND c.event = e.event AND c.rule_code = e.rule_code
           AND ((c.state = 'pending' AND c.due_at IS DISTINCT FROM e.due_at) OR (c.state = 'skipped' AND c.fired_at IS NULL))
         RETURNING c.id, c.period_id, c.event, c.rule_code, c.due_at`,
        [batch],
      )) as [{ id: string; period_id: string; event: string; rule_code: string; due_at: Date }[], number];
      changed += updated.length;
      for (const w of updated) moved.push({ id: w.id, periodId: w.period_id, event: w.event, ruleCode: w.rule_code, dueAt: w.due_at });
    }
    const [, dropped] = (await em.query(
      `UPDATE calendar_events c SET state = 'skipped', note = 'Quy tắc nhắc hạn không còn áp dụng cho kỳ báo cáo này.'
       WHERE c.state = 'pending' AND NOT EXISTS (
         SELECT 1 FROM jsonb_to_recordset($1::jsonb) AS e(period_id uuid, event text, rule_code text)
         WHERE e.period_id = c.period_id AND e.event = c.event AND e.rule_code = c.rule_code)`,
      [JSON.stringify(rows.map(({ period_id, event, rule_code }) => ({ period_id, event, rule_code })))],
    )) as [unknown[], number];
    return { changed: changed + dropped, moved };
  }

  async pending(): Promise<PendingTimer[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, period_id, event, rule_code, due_at FROM calendar_events WHERE state = 'pending' ORDER BY due_at`,
    )) as { id: string; period_id: string; event: string; rule_code: string; due_at: Date }[];
    return rows.map((r) => ({ id: r.id, periodId: r.period_id, event: r.event, ruleCode: r.rule_code, dueAt: r.due_at }));
  }
}
