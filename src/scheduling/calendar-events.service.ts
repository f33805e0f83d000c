import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CalendarEventsRepository, PlannedTimer } from './calendar-events.repository';
import { planEvents } from './event-plan';

export interface PendingTimer {
  id: string;
  periodId: string;
  event: string;
  ruleCode: string;
  dueAt: Date;
}

/** Timers written per statement: a statement per period batch, never per agency. */
const BATCH = 5000;

/** Keeps calendar_events, the record of every timer, in step with the periods and their rules. */
@Injectable()
export class CalendarEventsService {
  constructor(private readonly events: CalendarEventsRepository) {}

  /**
   * Inserts the events each period should have, moves the due instant of pending ones whose rule
   * or period changed or whose rule came back (and answers those, whose jobs must be re-queued),
   * and marks pending events no rule produces any more as skipped.
   */
  async sync(em?: EntityManager): Promise<{ changed: number; moved: PendingTimer[] }> {
    const periods = await this.events.periodsToPlan(em);
    // A document period closed as received keeps its own timers but no reminders.
    const rows: PlannedTimer[] = periods.flatMap((p) =>
      planEvents(
        { opensAt: p.opens_at, dueAt: p.due_at, consolidationDueAt: p.consolidation_due_at },
        p.received ? [] : (p.reminder_rules ?? []),
      ).map((e) => ({
        period_id: p.id,
        event: e.event,
        rule_code: e.ruleCode,
        due_at: e.dueAt.toISOString(),
      })),
    );
    rows.sort((a, b) => (a.period_id + a.event + a.rule_code).localeCompare(b.period_id + b.event + b.rule_code));
    let changed = 0;
    const moved: PendingTimer[] = [];
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      changed += await this.events.insertMissing(batch, em);
      const updated = await this.events.moveChanged(batch, em);
      changed += updated.length;
      for (const w of updated) moved.push({ id: w.id, periodId: w.period_id, event: w.event, ruleCode: w.rule_code, dueAt: w.due_at });
    }
    const received = await this.events.skipReceivedReminders(em);
    const dropped = await this.events.skipUnplanned(
      rows.map(({ period_id, event, rule_code }) => ({ period_id, event, rule_code })),
      em,
    );
    return { changed: changed + received + dropped, moved };
  }

  async pending(): Promise<PendingTimer[]> {
    const rows = await this.events.pending();
    return rows.map((r) => ({ id: r.id, periodId: r.period_id, event: r.event, ruleCode: r.rule_code, dueAt: r.due_at }));
  }
}
