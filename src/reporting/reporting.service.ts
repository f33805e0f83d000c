import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { addDays, formatViDate, toZonedIso, zonedDate } from '../common/time-zone';
import { derivePeriodState, DerivedPeriodState } from './calendar';
import { PeriodRow, PeriodsRepository } from './periods.repository';
import { RegimesRepository } from './regimes.repository';
import type { DataWindowRule, DateRule, KindFeed, ReminderRule } from './regime.types';
import { ownDataWindow } from './regime.types';

export interface PeriodView {
  id: string;
  kind: string;
  reportKindName: string;
  /** 'tasks' (the progress form) or 'document' (a signed letter, closed when every agency has sent it). */
  form: 'tasks' | 'document';
  year: number;
  slot: number;
  label: string;
  dataFrom: string | null;
  dataTo: string | null;
  /** The plan sets the data window itself, not Decree 09/2019's default: the pages say so. */
  dataWindowOwn: boolean;
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
  /** The years the kind runs in; empty: every year of the plan. */
  years: number[];
  /** 'tasks' (the per-task form) or 'document' (a signed letter attached). */
  form: string;
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
  /** A report chain: the kind of another plan the final consolidated report feeds; null: none. */
  feeds: KindFeed | null;
}

export interface RegimeView {
  code: string;
  name: string;
  legalBasis: string | null;
  rollForward: boolean;
  kinds: ReportKindView[];
}

@Injectable()
export class ReportingService {
  constructor(
    private readonly periodRows: PeriodsRepository,
    private readonly regimeRows: RegimesRepository,
    private readonly clock: Clock,
  ) {}

  /** Periods of a plan, ordered by deadline; state as the injected clock sees it. */
  async periods(planId: string): Promise<PeriodView[]> {
    const rows = await this.periodRows.periodsOfPlan(planId);
    const now = this.clock.now();
    return rows.map((r) => this.toView(r, now));
  }

  /** The plan a period belongs to; undefined for no such period. */
  planIdOf(periodId: string): Promise<string | undefined> {
    return /^[0-9a-f-]{36}$/i.test(periodId) ? this.periodRows.planIdOf(periodId) : Promise.resolve(undefined);
  }

  async period(id: string): Promise<PeriodView> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    const row = await this.periodRows.periodById(id);
    if (!row) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    return this.toView(row, this.clock.now());
  }

  private toView(r: PeriodRow, now: Date): PeriodView {
    return {
      id: r.id,
      kind: r.kind,
      reportKindName: r.kind_name,
      form: r.form,
      year: r.year,
      slot: r.slot,
      label: r.label,
      dataFrom: r.data_from,
      dataTo: r.data_to,
      dataWindowOwn: ownDataWindow(r.frequency, r.data_window),
      opensAt: toZonedIso(r.opens_at),
      dueAt: toZonedIso(r.due_at),
      consolidationDueAt: r.consolidation_due_at ? toZonedIso(r.consolidation_due_at) : null,
      // Only a document kind is closed by what happened (every letter received); any other
      // period's state follows the clock.
      state: derivePeriodState(
        {
          opensAt: r.opens_at,
          dueAt: r.due_at,
          consolidationDueAt: r.consolidation_due_at,
          stored: r.form === 'document' ? r.state : undefined,
        },
        now,
      ),
      lastDayOnTime: `hết ngày ${formatViDate(addDays(zonedDate(r.due_at), -1))}`,
    };
  }

  async regimes(planId: string): Promise<RegimeView[]> {
    const rows = await this.regimeRows.regimeViewsOf(planId);
    return rows.map((r) => ({ code: r.code, name: r.name, legalBasis: r.legal_basis, rollForward: r.roll_forward, kinds: r.kinds }));
  }
}
