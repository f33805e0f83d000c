import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { toZonedIso } from '../common/time-zone';
import { PeriodMatrixRow, PeriodReportRow, ReportsRepository } from './reports.repository';

export interface AgencyStatus {
  agencyCode: string;
  agencyName: string;
  /** department, ward, commune, … (for filtering) */
  agencyKind: string;
  reportId: string | null;
  /** missing (nothing submitted yet), submitted, returned or accepted */
  state: 'missing' | 'submitted' | 'returned' | 'accepted';
  hasDraft: boolean;
  submittedAt: string | null;
  onTime: boolean | null;
}

export interface PeriodStatus {
  summary: { expected: number; submitted: number; onTime: number; late: number; missing: number; returned: number; accepted: number };
  agencies: AgencyStatus[];
}

/** One owing agency's line: "missing" until its first submission, then the report's state. */
function agencyStatus(r: PeriodReportRow): AgencyStatus {
  const everSubmitted = r.first_submitted_at !== null;
  const state: AgencyStatus['state'] = !everSubmitted
    ? 'missing'
    : r.state === 'returned'
      ? 'returned'
      : r.state === 'accepted'
        ? 'accepted'
        : 'submitted';
  return {
    agencyCode: r.code,
    agencyName: r.name,
    agencyKind: r.kind,
    reportId: r.report_id,
    state,
    hasDraft: r.report_id !== null && (r.state === 'draft' || r.state === 'returned'),
    submittedAt: r.submitted_at ? toZonedIso(r.submitted_at) : null,
    onTime: everSubmitted ? r.on_time : null,
  };
}

/** The period's status from its owing agencies' lines: the counts and the lines. */
function toPeriodStatus(rows: PeriodReportRow[]): PeriodStatus {
  const agencies = rows.map(agencyStatus);
  const count = (f: (a: AgencyStatus) => boolean) => agencies.filter(f).length;
  return {
    summary: {
      expected: agencies.length,
      submitted: count((a) => a.state !== 'missing'),
      onTime: count((a) => a.state !== 'missing' && a.onTime === true),
      late: count((a) => a.state !== 'missing' && a.onTime === false),
      missing: count((a) => a.state === 'missing'),
      returned: count((a) => a.state === 'returned'),
      accepted: count((a) => a.state === 'accepted'),
    },
    agencies,
  };
}

/**
 * Who reported for a period, on time or late, and who is missing: one set-based query, in the
 * caller's transaction when given one (the consolidation reads it inside its snapshot).
 */
@Injectable()
export class PeriodStatusService {
  constructor(private readonly reports: ReportsRepository) {}

  async status(periodId: string): Promise<PeriodStatus> {
    if (!/^[0-9a-f-]{36}$/i.test(periodId)) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    if (!(await this.reports.periodExists(periodId))) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    return this.forPeriod(periodId);
  }

  async forPeriod(periodId: string, em?: EntityManager): Promise<PeriodStatus> {
    return toPeriodStatus(await this.reports.periodReports(periodId, em));
  }

  /** Every agency of the period's plan against every period opened by `now` (the dashboard's matrix). */
  matrix(periodId: string, now: Date, agencyKinds: string[] | null): Promise<PeriodMatrixRow[]> {
    return this.reports.periodMatrix(periodId, now, agencyKinds);
  }
}
