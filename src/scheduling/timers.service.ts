import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toZonedIso } from '../common/time-zone';

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
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: { state?: string; planCode?: string; limit?: number } = {}): Promise<TimerView[]> {
    const rows = (await this.dataSource.query(
      `SELECT c.id, pl.code AS plan_code, p.id AS period_id, p.label, c.event, c.rule_code, c.due_at, c.state, c.fired_at, c.lateness_ms, c.deliveries, c.note
       FROM calendar_events c JOIN reporting_periods p ON p.id = c.period_id JOIN plans pl ON pl.id = p.plan_id
       WHERE ($1::text IS NULL OR c.state = $1) AND ($2::text IS NULL OR pl.code = $2)
       ORDER BY c.due_at, p.label, c.event LIMIT $3`,
      [filter.state ?? null, filter.planCode ?? null, filter.limit ?? 500],
    )) as {
      id: string;
      plan_code: string;
      period_id: string;
      label: string;
      event: string;
      rule_code: string;
      due_at: Date;
      state: string;
      fired_at: Date | null;
      lateness_ms: string | null;
      deliveries: number;
      note: string | null;
    }[];
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
