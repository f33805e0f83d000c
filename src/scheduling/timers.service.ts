import { Injectable } from '@nestjs/common';
import { toZonedIso } from '../common/time-zone';
import { CalendarEventsRepository } from './calendar-events.repository';

export interface TimerView {
  id: string;
  planCode: string;
  periodId: string;
  periodLabel: string;
  event: string;
  rule: string;
  dueAt: string;
  state: string;
  firedAt: string | null;
  latenessMs: number | null;
  deliveries: number;
  note: string | null;
}

/** The timers of the calendar as Postgres records them, for administrators. */
@Injectable()
export class TimersService {
  constructor(private readonly events: CalendarEventsRepository) {}

  async list(filter: { state?: string; planCode?: string; limit?: number } = {}): Promise<TimerView[]> {
    const rows = await this.events.list({ state: filter.state ?? null, planCode: filter.planCode ?? null, limit: filter.limit ?? 500 });
    return rows.map((r) => ({
      id: r.id,
      planCode: r.plan_code,
      periodId: r.period_id,
      periodLabel: r.label,
      event: r.event,
      rule: r.rule_code,
      dueAt: toZonedIso(r.due_at),
      state: r.state,
      firedAt: r.fired_at ? toZonedIso(r.fired_at) : null,
      latenessMs: r.lateness_ms === null ? null : Number(r.lateness_ms),
      deliveries: r.deliveries,
      note: r.note,
    }));
  }
}
