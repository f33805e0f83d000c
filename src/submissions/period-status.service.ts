import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { toZonedIso } from '../common/time-zone';
import { OWING_CTE } from '../reporting/owing-sql';

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

/**
 * Who reported for a period, on time or late, and who is missing: one set-based query, in the
 * caller's transaction (the consolidation reads it inside its snapshot).
 */
export async function loadPeriodStatus(em: EntityManager, periodId: string): Promise<PeriodStatus> {
  const rows = (await em.query(
    `WITH ${OWING_CTE}
     SELECT a.code, a.name, a.kind, r.id AS report_id, r.state, r.first_submitted_at, r.submitted_at, r.on_time
     FROM owing JOIN agencies a ON a.id = owing.agency_id
     LEFT JOIN agency_reports r ON r.period_id = $1 AND r.agency_id = a.id
     ORDER BY array_position(ARRAY['department','ward','commune','other','province']::text[], a.kind::text), a.code`,
    [periodId],
  )) as {
    code: string;
    name: string;
    kind: string;
    report_id: string | null;
    state: string | null;
    first_submitted_at: Date | null;
    submitted_at: Date | null;
    on_time: boolean | null;
  }[];
  const agencies: AgencyStatus[] = rows.map((r) => {
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
  });
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

@Injectable()
export class PeriodStatusService {
  constructor(private readonly dataSource: DataSource) {}

  async status(periodId: string): Promise<PeriodStatus> {
    if (!/^[0-9a-f-]{36}$/i.test(periodId)) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    const [period] = (await this.dataSource.query('SELECT id FROM reporting_periods WHERE id = $1', [periodId])) as { id: string }[];
    if (!period) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    return loadPeriodStatus(this.dataSource.manager, periodId);
  }
}
