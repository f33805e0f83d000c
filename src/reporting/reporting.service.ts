import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { addDays, formatViDate, toZonedIso, zonedDate } from '../common/time-zone';
import { derivePeriodState, DerivedPeriodState } from './calendar';
import type { DataWindowRule, DateRule, ReminderRule } from './regime.types';

export interface PeriodView {
  id: string;
  kind: string;
  reportKindName: string;
  year: number;
  slot: number;
  label: string;
  dataFrom: string | null;
  dataTo: string | null;
  opensAt: string;
  dueAt: string;
  consolidationDueAt: string | null;
  state: DerivedPeriodState;
  /** "hết ngày 19/5/2026": the last day a report is on time, in plain words. */
  lastDayOnTime: string;
}

export interface ReportKindView {
  code: string;
  name: string;
  frequency: string;
  slots: number[];
  periodLabel: string;
  opensRule: DateRule | null;
  dueRule: DateRule | null;
  dataWindow: DataWindowRule | null;
  consolidationDueRule: DateRule | null;
  fixedOpensDate: string | null;
  fixedDueDate: string | null;
  namedDayCounts: boolean;
  owedBy: string;
  agencyCodes: string[];
  reminderRules: ReminderRule[];
}

export interface RegimeView {
  code: string;
  name: string;
  legalBasis: string | null;
  rollForward: boolean;
  kinds: ReportKindView[];
}

interface PeriodRow {
  id: string;
  kind: string;
  kind_name: string;
  year: number;
  slot: number;
  label: string;
  data_from: string | null;
  data_to: string | null;
  opens_at: Date;
  due_at: Date;
  consolidation_due_at: Date | null;
}

@Injectable()
export class ReportingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Periods of a plan, ordered by deadline; state as the injected clock sees it. */
  async periods(planId: string): Promise<PeriodView[]> {
    const rows = (await this.dataSource.query(
      `SELECT p.id, k.code AS kind, k.name AS kind_name, p.year, p.slot, p.label,
              to_char(p.data_from, 'YYYY-MM-DD') AS data_from, to_char(p.data_to, 'YYYY-MM-DD') AS data_to,
              p.opens_at, p.due_at, p.consolidation_due_at
       FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id
       WHERE p.plan_id = $1 ORDER BY p.due_at, k.position`,
      [planId],
    )) as PeriodRow[];
    const now = this.clock.now();
    return rows.map((r) => this.toView(r, now));
  }

  async period(id: string): Promise<PeriodView> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    const [row] = (await this.dataSource.query(
      `SELECT p.id, k.code AS kind, k.name AS kind_name, p.year, p.slot, p.label,
              to_char(p.data_from, 'YYYY-MM-DD') AS data_from, to_char(p.data_to, 'YYYY-MM-DD') AS data_to,
              p.opens_at, p.due_at, p.consolidation_due_at
       FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE p.id = $1`,
      [id],
    )) as PeriodRow[];
    if (!row) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    return this.toView(row, this.clock.now());
  }

  private toView(r: PeriodRow, now: Date): PeriodView {
    return {
      id: r.id,
      kind: r.kind,
      reportKindName: r.kind_name,
      year: r.year,
      slot: r.slot,
      label: r.label,
      dataFrom: r.data_from,
      dataTo: r.data_to,
      opensAt: toZonedIso(r.opens_at),
      dueAt: toZonedIso(r.due_at),
      consolidationDueAt: r.consolidation_due_at ? toZonedIso(r.consolidation_due_at) : null,
      state: derivePeriodState({ opensAt: r.opens_at, dueAt: r.due_at, consolidationDueAt: r.consolidation_due_at }, now),
      lastDayOnTime: `hết ngày ${formatViDate(addDays(zonedDate(r.due_at), -1))}`,
    };
  }

  async regimes(planId: string): Promise<RegimeView[]> {
    const rows = (await this.dataSource.query(
      `SELECT r.code, r.name, r.legal_basis, r.roll_forward,
              coalesce(json_agg(json_build_object(
                'code', k.code, 'name', k.name, 'frequency', k.frequency, 'slots', k.slots, 'periodLabel', k.period_label,
                'opensRule', k.opens_rule, 'dueRule', k.due_rule, 'dataWindow', k.data_window, 'consolidationDueRule', k.consolidation_due_rule,
                'fixedOpensDate', to_char(k.fixed_opens_date, 'YYYY-MM-DD'), 'fixedDueDate', to_char(k.fixed_due_date, 'YYYY-MM-DD'),
                'namedDayCounts', k.named_day_counts, 'owedBy', k.owed_by, 'reminderRules', k.reminder_rules,
                'agencyCodes', coalesce((SELECT json_agg(a.code ORDER BY a.code) FROM report_kind_agencies ka JOIN agencies a ON a.id = ka.agency_id
                                          WHERE ka.report_kind_id = k.id), '[]'::json)
              ) ORDER BY k.position, k.code) FILTER (WHERE k.id IS NOT NULL), '[]') AS kinds
       FROM reporting_regimes r LEFT JOIN report_kinds k ON k.regime_id = r.id
       WHERE r.plan_id = $1 GROUP BY r.id ORDER BY r.code`,
      [planId],
    )) as { code: string; name: string; legal_basis: string | null; roll_forward: boolean; kinds: ReportKindView[] }[];
    return rows.map((r) => ({ code: r.code, name: r.name, legalBasis: r.legal_basis, rollForward: r.roll_forward, kinds: r.kinds }));
  }
}
