import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';
import { SAVED_TASK_NEEDS, TaskNeedRow } from './plausibility.repository';
import type { StoredReportView } from './report-view';

/** A reporting period as the report workflow sees it, and whether the agency owes its report. */
export interface OwedPeriodRow {
  id: string;
  plan_id: string;
  opens_at: Date;
  due_at: Date;
  label: string;
  locked_at: Date | null;
  owes: boolean;
  /** The kind's report form: 'document' is a letter with an attached file, no task entries. */
  form: 'tasks' | 'document';
}

/** The head of one agency's report, as locked for a change. */
export interface LockedReportRow {
  id: string;
  agency_id: string;
  state: string;
  version: number;
  first_submitted_at: Date | null;
  reopened_at: Date | null;
}

/** A report locked for the coordinator's review, with its period's lock. */
export interface ReviewedReportRow {
  id: string;
  period_id: string;
  state: string;
  locked_at: Date | null;
  reopened_at: Date | null;
  label: string;
}

export interface RevisionRow {
  number: number;
  submitted_at: Date;
  display_name: string;
}

export interface HistoryRow {
  action: string;
  display_name: string;
  at: Date;
  comment: string | null;
  revision: number | null;
}

export interface AttachmentFileRow {
  agency_id: string;
  name: string;
  media_type: string;
  storage_key: string;
}

/** One owing agency of a period and where its report stands (no report: the columns are null). */
export interface PeriodReportRow {
  code: string;
  name: string;
  kind: string;
  report_id: string | null;
  state: string | null;
  first_submitted_at: Date | null;
  submitted_at: Date | null;
  on_time: boolean | null;
}

/** One task entry as `save_agency_report` takes it: the columns the client sent, and their values. */
export interface EntryChange {
  taskCode: string;
  fields: string[];
  data: Record<string, unknown>;
}

/** What a save asks for; null leaves that part as it is. */
export interface SaveReportCall {
  periodId: string;
  agencyId: string;
  version: number;
  officialLetter: { number: string | null; date: string | null } | null;
  summary: { assessment?: string | null; difficulties?: string | null; proposals?: string | null } | null;
  tasks: EntryChange[] | null;
  indicators: { indicatorCode: string; value: string | null; set: boolean }[] | null;
}

/** What `save_agency_report` answers: the saved view, or why it refused (nothing written). */
export interface SaveResult {
  id?: string;
  view?: StoredReportView;
  error?:
    'PERIOD_NOT_FOUND' | 'NOT_OWED' | 'NO_REPORT' | 'PERIOD_LOCKED' | 'NOT_EDITABLE' | 'STALE_VERSION' | 'UNKNOWN_CODES' | 'DOCUMENT_FORM';
  label?: string;
  state?: string;
  version?: number;
  tasks?: { index: number; code: string }[];
  indicators?: { index: number; code: string }[];
  /** DOCUMENT_FORM: whether task entries, indicator values were sent. */
  withTasks?: boolean;
  withIndicators?: boolean;
  /** The needs of the tasks the save named (asked in the same statement, for the plausibility check). */
  needs?: TaskNeedRow[];
}

export interface NewAttachment {
  reportId: string;
  name: string;
  size: number;
  sha256: string;
  mediaType: string;
  storageKey: string;
  uploadedBy: string;
  at: Date;
}

export interface NewReportEvent {
  reportId: string;
  action: 'submitted' | 'returned' | 'accepted' | 'reopened';
  actorId: string;
  comment: string | null;
  revision: number;
  at: Date;
}

/**
 * Agency reports and what hangs off them: task entries, indicator values, revisions, events,
 * attachments. The save and the API's view of a report are the SQL functions `save_agency_report`
 * and `agency_report_view` (src/submissions/report-functions.sql.ts).
 */
/** One cell of the completeness matrix (agency × period). */
export interface PeriodMatrixRow {
  code: string;
  name: string;
  kind: string;
  period_id: string;
  label: string;
  cell: 'missing' | 'returned' | 'accepted' | 'on_time' | 'late';
}

@Injectable()
export class ReportsRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** The plan a report's period belongs to; undefined for no such report (plan scoping). */
  async planIdOfReport(reportId: string, em?: EntityManager): Promise<string | undefined> {
    const row = await this.first<{ plan_id: string }>(
      'SELECT p.plan_id FROM agency_reports r JOIN reporting_periods p ON p.id = r.period_id WHERE r.id = $1',
      [reportId],
      em,
    );
    return row?.plan_id;
  }

  /** The period, and whether this agency owes its report (listed on the kind, or a task in the plan). */
  owedPeriod(periodId: string, agencyId: string, em?: EntityManager): Promise<OwedPeriodRow | undefined> {
    return this.first<OwedPeriodRow>(
      `SELECT p.id, p.plan_id, p.opens_at, p.due_at, p.label, p.locked_at, k.form,
              EXISTS (SELECT 1 FROM owing_agencies(p.id) o WHERE o.agency_id = $2) AS owes
       FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE p.id = $1`,
      [periodId, agencyId],
      em,
    );
  }

  /** Creates the agency's draft for the period unless it exists; true when it was created now. */
  async createDraft(periodId: string, agencyId: string, em?: EntityManager): Promise<boolean> {
    const created = await this.rows<{ id: string }>(
      `INSERT INTO agency_reports (period_id, agency_id) VALUES ($1, $2) ON CONFLICT (period_id, agency_id) DO NOTHING RETURNING id`,
      [periodId, agencyId],
      em,
    );
    return created.length > 0;
  }

  /** The agency's report of the period, locked until the transaction ends. */
  lockReport(periodId: string, agencyId: string, em?: EntityManager): Promise<LockedReportRow | undefined> {
    return this.first<LockedReportRow>(
      'SELECT id, agency_id, state, version, first_submitted_at, reopened_at FROM agency_reports WHERE period_id = $1 AND agency_id = $2 FOR UPDATE',
      [periodId, agencyId],
      em,
    );
  }

  /** An entry for each task of the plan the agency leads or cooperates on (groups excluded). */
  async addMissingTaskEntries(reportId: string, planId: string, agencyId: string, em?: EntityManager): Promise<void> {
    await this.rows(
      `INSERT INTO report_task_entries (report_id, task_id, role)
       SELECT $1, ta.task_id, ta.role FROM task_assignments ta JOIN tasks t ON t.id = ta.task_id
       WHERE t.plan_id = $2 AND ta.agency_id = $3 AND t.kind <> 'group'
       ON CONFLICT (report_id, task_id) DO NOTHING`,
      [reportId, planId, agencyId],
      em,
    );
  }

  /** A value for each indicator of the plan the agency owns. */
  async addMissingIndicatorValues(reportId: string, planId: string, agencyId: string, em?: EntityManager): Promise<void> {
    await this.rows(
      `INSERT INTO report_indicator_values (report_id, indicator_id)
       SELECT $1, o.indicator_id FROM indicator_owners o JOIN indicators i ON i.id = o.indicator_id
       WHERE i.plan_id = $2 AND o.agency_id = $3
       ON CONFLICT (report_id, indicator_id) DO NOTHING`,
      [reportId, planId, agencyId],
      em,
    );
  }

  /**
   * The draft saved in one statement (checks and writes in `save_agency_report`), answering with
   * it the needs of the tasks it names (for the plausibility check of the saved figures).
   */
  async saveReport(call: SaveReportCall, em?: EntityManager): Promise<SaveResult> {
    const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
    const row = await this.first<{ result: SaveResult; needs: TaskNeedRow[] }>(
      `SELECT save_agency_report($1, $2, $3, $4, $5, $6, $7) AS result, ${SAVED_TASK_NEEDS} AS needs`,
      [call.periodId, call.agencyId, call.version, json(call.officialLetter), json(call.summary), json(call.tasks), json(call.indicators)],
      em,
    );
    return { ...row!.result, needs: row!.needs };
  }

  /** The report as `agency_report_view` builds it, in one round trip; null when there is none. */
  async reportView(reportId: string, em?: EntityManager): Promise<StoredReportView | null> {
    const row = await this.first<{ view: StoredReportView | null }>('SELECT agency_report_view($1) AS view', [reportId], em);
    return row?.view ?? null;
  }

  /** Whether only the agency's head may send its reports. */
  async requiresHeadSignOff(agencyId: string, em?: EntityManager): Promise<boolean> {
    const row = await this.first<{ requires_head_sign_off: boolean }>(
      'SELECT requires_head_sign_off FROM agencies WHERE id = $1',
      [agencyId],
      em,
    );
    return row?.requires_head_sign_off ?? false;
  }

  /** The report sent: a new version, the latest submission, the first one's instant and lateness kept. */
  async markSubmitted(reportId: string, at: Date, userId: string, onTime: boolean, em?: EntityManager): Promise<void> {
    await this.change(
      `UPDATE agency_reports SET state = 'submitted', version = version + 1, submitted_at = $2, submitted_by = $3,
         first_submitted_at = coalesce(first_submitted_at, $2), on_time = coalesce(on_time, $4), return_comment = NULL, updated_at = now()
       WHERE id = $1`,
      [reportId, at, userId, onTime],
      em,
    );
  }

  /** How many times the report was sent. */
  async revisionCount(reportId: string, em?: EntityManager): Promise<number> {
    const row = await this.first<{ n: number }>('SELECT count(*)::int AS n FROM report_revisions WHERE report_id = $1', [reportId], em);
    return row!.n;
  }

  /** The report exactly as it was sent, numbered. */
  async addRevision(
    revision: { reportId: string; number: number; snapshot: unknown; at: Date; by: string },
    em?: EntityManager,
  ): Promise<void> {
    await this.rows(
      `INSERT INTO report_revisions (report_id, number, snapshot, submitted_at, submitted_by) VALUES ($1, $2, $3, $4, $5)`,
      [revision.reportId, revision.number, JSON.stringify(revision.snapshot), revision.at, revision.by],
      em,
    );
  }

  /** One line of the report's history. */
  async addEvent(event: NewReportEvent, em?: EntityManager): Promise<void> {
    await this.rows(
      `INSERT INTO report_events (report_id, action, actor_id, comment, revision, at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [event.reportId, event.action, event.actorId, event.comment, event.revision, event.at],
      em,
    );
  }

  /** How many times the report has had this action (the n-th return or acceptance). */
  async eventCount(reportId: string, action: string, em?: EntityManager): Promise<number> {
    const row = await this.first<{ n: number }>(
      `SELECT count(*)::int AS n FROM report_events WHERE report_id = $1 AND action = $2`,
      [reportId, action],
      em,
    );
    return row!.n;
  }

  /** A report by id with its period's lock, the report row locked for review. */
  lockForReview(reportId: string, em?: EntityManager): Promise<ReviewedReportRow | undefined> {
    return this.first<ReviewedReportRow>(
      `SELECT r.id, r.period_id, r.state, p.locked_at, r.reopened_at, p.label FROM agency_reports r JOIN reporting_periods p ON p.id = r.period_id WHERE r.id = $1 FOR UPDATE OF r`,
      [reportId],
      em,
    );
  }

  /** The coordinator's verdict: returned (with its comment) or accepted. */
  async markReviewed(
    reportId: string,
    review: { state: 'returned' | 'accepted'; comment: string | null; at: Date; by: string },
    em?: EntityManager,
  ): Promise<void> {
    await this.change(
      `UPDATE agency_reports SET state = $2, return_comment = $3, reviewed_at = $4, reviewed_by = $5, version = version + 1, updated_at = now() WHERE id = $1`,
      [reportId, review.state, review.comment, review.at, review.by],
      em,
    );
  }

  /** A report's id and state by its id, the row locked. */
  lockById(reportId: string, em?: EntityManager): Promise<{ id: string; period_id: string; state: string } | undefined> {
    return this.first<{ id: string; period_id: string; state: string }>(
      'SELECT id, period_id, state FROM agency_reports WHERE id = $1 FOR UPDATE',
      [reportId],
      em,
    );
  }

  /** Back to the agency as returned, with the reason the coordinator reopened it. */
  async markReopened(reportId: string, reason: string, at: Date, em?: EntityManager): Promise<void> {
    await this.change(
      `UPDATE agency_reports SET state = 'returned', return_comment = $2, reopened_at = $3, reopen_reason = $2, version = version + 1, updated_at = now() WHERE id = $1`,
      [reportId, reason, at],
      em,
    );
  }

  /** The agency a report belongs to; undefined when there is no such report. */
  async reportAgency(reportId: string, em?: EntityManager): Promise<string | undefined> {
    const row = await this.first<{ agency_id: string }>('SELECT agency_id FROM agency_reports WHERE id = $1', [reportId], em);
    return row?.agency_id;
  }

  /**
   * The report of the same period waiting longest for review (sent, not yet accepted or returned),
   * other than this one, and how many wait in all besides it.
   */
  async nextAwaitingReview(reportId: string, em?: EntityManager): Promise<{ id: string | null; waiting: number }> {
    const row = await this.first<{ id: string | null; waiting: number }>(
      `SELECT (SELECT o.id FROM agency_reports o WHERE o.period_id = r.period_id AND o.state = 'submitted' AND o.id <> r.id
               ORDER BY o.submitted_at, o.id LIMIT 1) AS id,
              (SELECT count(*)::int FROM agency_reports o WHERE o.period_id = r.period_id AND o.state = 'submitted' AND o.id <> r.id) AS waiting
       FROM agency_reports r WHERE r.id = $1`,
      [reportId],
      em,
    );
    return row ?? { id: null, waiting: 0 };
  }

  /** The report's submissions, in order, with who sent each. */
  revisions(reportId: string, em?: EntityManager): Promise<RevisionRow[]> {
    return this.rows<RevisionRow>(
      `SELECT r.number, r.submitted_at, u.display_name FROM report_revisions r JOIN users u ON u.id = r.submitted_by WHERE r.report_id = $1 ORDER BY r.number`,
      [reportId],
      em,
    );
  }

  /** The report's history: each submission before the review that answered it. */
  history(reportId: string, em?: EntityManager): Promise<HistoryRow[]> {
    return this.rows<HistoryRow>(
      `SELECT e.action, u.display_name, e.at, e.comment, e.revision FROM report_events e JOIN users u ON u.id = e.actor_id WHERE e.report_id = $1 ORDER BY e.at, e.revision, e.action <> 'submitted'`,
      [reportId],
      em,
    );
  }

  /** Submission `number` of the report exactly as sent, with the report's agency. */
  revisionSnapshot(
    reportId: string,
    number: number,
    em?: EntityManager,
  ): Promise<{ agency_id: string; snapshot: Record<string, unknown> } | undefined> {
    return this.first<{ agency_id: string; snapshot: Record<string, unknown> }>(
      `SELECT r.agency_id, v.snapshot FROM agency_reports r JOIN report_revisions v ON v.report_id = r.id WHERE r.id = $1 AND v.number = $2`,
      [reportId, number],
      em,
    );
  }

  /** Records an attached file (its bytes are in the attachment store); answers its id. */
  async addAttachment(file: NewAttachment, em?: EntityManager): Promise<string> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO attachments (report_id, name, size, sha256, media_type, storage_key, uploaded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [file.reportId, file.name, file.size, file.sha256, file.mediaType, file.storageKey, file.uploadedBy, file.at],
      em,
    );
    return row!.id;
  }

  /**
   * A report chain's input: the lower level's final consolidated report attached to this report,
   * at most once per consolidated report (a retry finds it there and adds nothing), with its
   * "Căn cứ" line put first in the report's assessment (the version moves on, so a form open
   * meanwhile reloads rather than overwrites it). Answers the attachment's id, or undefined when
   * it was attached before.
   */
  async addChainInput(
    file: NewAttachment & { consolidationId: string; basisLine: string },
    em?: EntityManager,
  ): Promise<string | undefined> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO attachments (report_id, name, size, sha256, media_type, storage_key, uploaded_by, created_at, source_consolidation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (report_id, source_consolidation_id) WHERE source_consolidation_id IS NOT NULL DO NOTHING RETURNING id`,
      [file.reportId, file.name, file.size, file.sha256, file.mediaType, file.storageKey, file.uploadedBy, file.at, file.consolidationId],
      em,
    );
    if (!row) return undefined;
    await this.change(
      `UPDATE agency_reports SET version = version + 1, updated_at = now(),
         summary_assessment = CASE WHEN coalesce(summary_assessment, '') = '' THEN $2
                                   WHEN position($2 IN summary_assessment) > 0 THEN summary_assessment
                                   ELSE $2 || E'\n' || summary_assessment END
       WHERE id = $1`,
      [file.reportId, file.basisLine],
      em,
    );
    return row.id;
  }

  /** An attachment of the report, with the report's agency. */
  attachmentFile(reportId: string, attachmentId: string, em?: EntityManager): Promise<AttachmentFileRow | undefined> {
    return this.first<AttachmentFileRow>(
      `SELECT r.agency_id, a.name, a.media_type, a.storage_key FROM attachments a JOIN agency_reports r ON r.id = a.report_id WHERE a.id = $1 AND r.id = $2`,
      [attachmentId, reportId],
      em,
    );
  }

  /** Whether the period exists. */
  async periodExists(periodId: string, em?: EntityManager): Promise<boolean> {
    return (await this.first('SELECT 1 FROM reporting_periods WHERE id = $1', [periodId], em)) !== undefined;
  }

  /** Every agency that owes the period's report, departments first, and where its report stands: one set-based query. */
  periodReports(periodId: string, em?: EntityManager): Promise<PeriodReportRow[]> {
    return this.rows<PeriodReportRow>(
      `WITH owing AS (SELECT agency_id FROM owing_agencies($1))
       SELECT a.code, a.name, a.kind, r.id AS report_id, r.state, r.first_submitted_at, r.submitted_at, r.on_time
       FROM owing JOIN agencies a ON a.id = owing.agency_id
       LEFT JOIN agency_reports r ON r.period_id = $1 AND r.agency_id = a.id
       ORDER BY array_position(ARRAY['department','district','ward','commune','other','province']::text[], a.kind::text), a.code`,
      [periodId],
      em,
    );
  }

  /** The state of each of the agency's reports, by period. */
  agencyReportStates(agencyId: string, em?: EntityManager): Promise<{ period_id: string; state: string }[]> {
    return this.rows<{ period_id: string; state: string }>(
      'SELECT period_id, state FROM agency_reports WHERE agency_id = $1',
      [agencyId],
      em,
    );
  }

  /** Whether any agency has a report yet (the demo fills only an empty database). */
  async anyReport(em?: EntityManager): Promise<boolean> {
    return (await this.first('SELECT 1 FROM agency_reports LIMIT 1', [], em)) !== undefined;
  }

  /**
   * The completeness matrix of a plan: every agency of the plan (with a task, or listed on one of
   * its report kinds; optionally of some kinds only) against every period of the plan opened by
   * `now`, with the cell's state: missing, returned, accepted, on_time or late.
   */
  periodMatrix(periodId: string, now: Date, agencyKinds: string[] | null, em?: EntityManager): Promise<PeriodMatrixRow[]> {
    return this.rows<PeriodMatrixRow>(
      `WITH cur AS (SELECT plan_id FROM reporting_periods WHERE id = $1),
       periods AS (SELECT p.id, p.label, p.due_at FROM reporting_periods p, cur WHERE p.plan_id = cur.plan_id AND p.opens_at <= $2 ORDER BY p.due_at),
       agencies AS (
         SELECT DISTINCT a.id, a.code, a.name, a.kind FROM agencies a
         WHERE a.id IN (SELECT ta.agency_id FROM task_assignments ta JOIN tasks t ON t.id = ta.task_id, cur WHERE t.plan_id = cur.plan_id
                        UNION SELECT ka.agency_id FROM report_kind_agencies ka JOIN report_kinds k ON k.id = ka.report_kind_id
                        JOIN reporting_regimes rg ON rg.id = k.regime_id, cur WHERE rg.plan_id = cur.plan_id)
           AND ($3::text[] IS NULL OR a.kind = ANY ($3::text[]))
       )
       SELECT a.code, a.name, a.kind, p.id AS period_id, p.label,
              CASE WHEN r.first_submitted_at IS NULL THEN 'missing' WHEN r.state = 'returned' THEN 'returned' WHEN r.state = 'accepted' THEN 'accepted'
                   WHEN r.on_time THEN 'on_time' ELSE 'late' END AS cell
       FROM agencies a CROSS JOIN periods p LEFT JOIN agency_reports r ON r.agency_id = a.id AND r.period_id = p.id
       ORDER BY array_position(ARRAY['department','district','ward','commune','other','province']::text[], a.kind::text), a.code, p.due_at`,
      [periodId, now, agencyKinds],
      em,
    );
  }
}
