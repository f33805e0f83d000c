import { basename } from 'node:path';
import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CurrentUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { AppError, FieldError } from '../common/errors';
import { toZonedIso } from '../common/time-zone';
import { isOnTime } from '../reporting/calendar';
import { AuditService } from '../audit/audit.service';
import { OutboxService } from '../reminders/outbox.service';
import { queueReviewNotice } from '../reminders/outbox-writer';
import { AttachmentStore } from './attachment-store';
import type { SaveReportDto, TaskEntryDto } from './dto/report.dto';
import { detectFileType } from './file-type';
import { diffRevisions, FieldChange } from './revision-diff';
import { missingForSubmission } from './report-completeness';
import { ReportPolicy } from './report-policy';
import { loadReportView, ReportView, StoredReportView, toReportView } from './report-view';

interface PeriodRow {
  id: string;
  plan_id: string;
  opens_at: Date;
  due_at: Date;
  label: string;
  locked_at: Date | null;
}

interface ReportRow {
  id: string;
  agency_id: string;
  state: string;
  version: number;
  first_submitted_at: Date | null;
  reopened_at: Date | null;
}

/** '' and whitespace are no answer: stored as null. */
const orNull = (v: string | null | undefined): string | null | undefined =>
  v === undefined ? undefined : v === null || v.trim() === '' ? null : v;

const ENTRY_COLUMNS: [keyof TaskEntryDto, string][] = [
  ['status', 'status'],
  ['percentComplete', 'percent_complete'],
  ['capitalAllocated', 'capital_allocated'],
  ['capitalAllocatedStateBudget', 'capital_allocated_state_budget'],
  ['capitalDisbursed', 'capital_disbursed'],
  ['capitalDisbursedStateBudget', 'capital_disbursed_state_budget'],
  ['workDone', 'work_done'],
  ['difficulties', 'difficulties'],
  ['difficultyKind', 'difficulty_kind'],
  ['resolvingLevel', 'resolving_level'],
  ['proposals', 'proposals'],
  ['nextSteps', 'next_steps'],
];

export interface RevisionSummary {
  number: number;
  submittedAt: string;
  submittedBy: string;
}

export interface ReportHistoryItem {
  action: string;
  by: string;
  at: string;
  comment: string | null;
  revision: number | null;
}

@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly store: AttachmentStore,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** The agency's report for a period, created as a draft on first read (with an entry per task it answers for). */
  async myReport(periodId: string, user: CurrentUser): Promise<ReportView> {
    ReportPolicy.requireAgencyUser(user);
    const reportId = await this.dataSource.transaction(async (em) => {
      const period = await this.owedPeriod(em, periodId, user.agencyId);
      const [created] = (await em.query(
        `INSERT INTO agency_reports (period_id, agency_id) VALUES ($1, $2) ON CONFLICT (period_id, agency_id) DO NOTHING RETURNING id`,
        [period.id, user.agencyId],
      )) as { id: string }[];
      const report = await this.lockReport(em, period.id, user.agencyId);
      if (created || report.state === 'draft' || report.state === 'returned')
        await this.addMissingEntries(em, report.id, period.plan_id, user.agencyId);
      return report.id;
    });
    return (await loadReportView(this.dataSource.manager, reportId)) as ReportView;
  }

  /**
   * Saves the draft; refuses a stale version (409) and a report already sent (409). The checks and
   * writes are one call of `save_agency_report` (migration SaveReportFunction): one round trip, one
   * implicit transaction, nothing written when it refuses.
   */
  async save(periodId: string, user: CurrentUser, body: SaveReportDto): Promise<ReportView> {
    ReportPolicy.requireAgencyUser(user);
    if (!/^[0-9a-f-]{36}$/i.test(periodId)) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    const letter = body.officialLetter;
    const summary = body.summary;
    const params = [
      periodId,
      user.agencyId,
      body.version,
      letter === undefined ? null : JSON.stringify({ number: orNull(letter?.number) ?? null, date: orNull(letter?.date) ?? null }),
      summary
        ? JSON.stringify({
            assessment: orNull(summary.assessment),
            difficulties: orNull(summary.difficulties),
            proposals: orNull(summary.proposals),
          })
        : null,
      body.tasks?.length ? JSON.stringify(body.tasks.map(entryChanges)) : null,
      body.indicators?.length
        ? JSON.stringify(
            body.indicators.map((v) => ({ indicatorCode: v.indicatorCode, value: v.value ?? null, set: v.value !== undefined })),
          )
        : null,
    ];
    const call = async () =>
      (
        (await this.dataSource.query('SELECT save_agency_report($1, $2, $3, $4, $5, $6, $7) AS result', params)) as { result: SaveResult }[]
      )[0].result;
    let result = await call();
    if (result.error === 'NO_REPORT') {
      // Saved before it was ever read: create the draft as the read would, then save.
      await this.myReport(periodId, user);
      result = await call();
    }
    if (result.error) throw this.saveRefusal(result);
    return toReportView(result.view!);
  }

  private saveRefusal(result: SaveResult): AppError {
    switch (result.error) {
      case 'PERIOD_NOT_FOUND':
        return AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
      case 'NOT_OWED':
        return AppError.forbidden(`Cơ quan, đơn vị của bạn không thuộc đối tượng gửi "${result.label}".`);
      case 'PERIOD_LOCKED':
        return this.locked(result.label!);
      case 'NOT_EDITABLE':
        return this.notEditable(result.state!);
      case 'STALE_VERSION':
        return this.stale(result.version!);
      case 'UNKNOWN_CODES':
        return AppError.validation([
          ...result.tasks!.map((x) => ({
            path: `tasks.${x.index}.taskCode`,
            message: `Nhiệm vụ "${x.code}" không thuộc báo cáo của đơn vị.`,
          })),
          ...result.indicators!.map((x) => ({
            path: `indicators.${x.index}.indicatorCode`,
            message: `Chỉ tiêu "${x.code}" không do đơn vị báo cáo.`,
          })),
        ]);
      default:
        throw new Error(`save_agency_report: unexpected answer ${JSON.stringify(result)}`);
    }
  }

  /** Sends the report: 422 naming what is missing; the first submission decides on time or late. */
  async submit(periodId: string, user: CurrentUser): Promise<ReportView> {
    const reportId = await this.dataSource.transaction(async (em) => {
      const period = await this.owedPeriod(em, periodId, user.agencyId);
      const [agency] = (await em.query('SELECT requires_head_sign_off FROM agencies WHERE id = $1', [user.agencyId])) as {
        requires_head_sign_off: boolean;
      }[];
      ReportPolicy.requireSubmit(user, { requiresHeadSignOff: agency.requires_head_sign_off });
      const now = this.clock.now();
      if (now < period.opens_at) {
        throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'PERIOD_NOT_OPEN', `Kỳ báo cáo "${period.label}" chưa mở nhận báo cáo.`);
      }
      await em.query(`INSERT INTO agency_reports (period_id, agency_id) VALUES ($1, $2) ON CONFLICT (period_id, agency_id) DO NOTHING`, [
        period.id,
        user.agencyId,
      ]);
      const report = await this.lockReport(em, period.id, user.agencyId);
      this.requireEditable(report, period);
      await this.addMissingEntries(em, report.id, period.plan_id, user.agencyId);
      const view = (await loadReportView(em, report.id)) as ReportView;
      const missing = missingForSubmission(view);
      if (missing.length) {
        throw new AppError(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'REPORT_INCOMPLETE',
          `Báo cáo còn thiếu ${missing.length} nội dung bắt buộc.`,
          missing,
        );
      }
      const first = report.first_submitted_at ?? now;
      const onTime = isOnTime(first, period.due_at);
      await em.query(
        `UPDATE agency_reports SET state = 'submitted', version = version + 1, submitted_at = $2, submitted_by = $3,
           first_submitted_at = coalesce(first_submitted_at, $2), on_time = coalesce(on_time, $4), return_comment = NULL, updated_at = now()
         WHERE id = $1`,
        [report.id, now, user.id, onTime],
      );
      const [{ n }] = (await em.query('SELECT count(*)::int + 1 AS n FROM report_revisions WHERE report_id = $1', [report.id])) as {
        n: number;
      }[];
      const snapshot = { ...view, state: 'submitted', submittedAt: toZonedIso(now), onTime, version: report.version + 1 };
      await em.query(`INSERT INTO report_revisions (report_id, number, snapshot, submitted_at, submitted_by) VALUES ($1, $2, $3, $4, $5)`, [
        report.id,
        n,
        JSON.stringify(snapshot),
        now,
        user.id,
      ]);
      await em.query(`INSERT INTO report_events (report_id, action, actor_id, revision, at) VALUES ($1, 'submitted', $2, $3, $4)`, [
        report.id,
        user.id,
        n,
        now,
      ]);
      await this.audit.record(em, {
        actor: user,
        action: 'report.submitted',
        entity: 'report',
        entityId: report.id,
        detail: { period: period.label, revision: n, onTime, from: report.state },
      });
      // Reminders not yet sent to this agency for this period are no longer due. Their emails go
      // first: deleting them locks the rows, so a worker claiming one at this moment waits, then finds nothing.
      await em.query(
        `DELETE FROM emails e USING reminders r WHERE e.reminder_id = r.id AND r.period_id = $1 AND r.agency_id = $2 AND r.state = 'pending' AND e.state = 'pending'`,
        [period.id, user.agencyId],
      );
      await em.query(
        `UPDATE reminders SET state = 'cancelled', note = 'Đơn vị đã gửi báo cáo.', updated_at = now()
         WHERE period_id = $1 AND agency_id = $2 AND state = 'pending'`,
        [period.id, user.agencyId],
      );
      return report.id;
    });
    return (await loadReportView(this.dataSource.manager, reportId)) as ReportView;
  }

  /** The coordinator returns a submitted report with a comment, or accepts it. */
  async review(reportId: string, user: CurrentUser, action: 'returned' | 'accepted', comment: string | null): Promise<ReportView> {
    ReportPolicy.requireReview(user);
    this.requireUuid(reportId);
    const emails = await this.dataSource.transaction(async (em) => {
      const [report] = (await em.query(
        `SELECT r.id, r.state, p.locked_at, r.reopened_at, p.label FROM agency_reports r JOIN reporting_periods p ON p.id = r.period_id WHERE r.id = $1 FOR UPDATE OF r`,
        [reportId],
      )) as { id: string; state: string; locked_at: Date | null; reopened_at: Date | null; label: string }[];
      if (!report) throw AppError.notFound('Không tìm thấy báo cáo.', 'REPORT_NOT_FOUND');
      if (report.locked_at && !(report.reopened_at && report.reopened_at >= report.locked_at)) {
        throw AppError.conflict(`"${report.label}" đã khóa: báo cáo tổng hợp đã gửi UBND tỉnh.`, 'PERIOD_LOCKED');
      }
      if (report.state !== 'submitted') {
        throw AppError.conflict(
          report.state === 'accepted'
            ? 'Báo cáo đã được tiếp nhận.'
            : report.state === 'returned'
              ? 'Báo cáo đã được trả lại, đang chờ đơn vị gửi lại.'
              : 'Đơn vị chưa gửi báo cáo.',
          'REPORT_NOT_SUBMITTED',
        );
      }
      const now = this.clock.now();
      await em.query(
        `UPDATE agency_reports SET state = $2, return_comment = $3, reviewed_at = $4, reviewed_by = $5, version = version + 1, updated_at = now() WHERE id = $1`,
        [reportId, action, action === 'returned' ? comment : null, now, user.id],
      );
      const [{ n }] = (await em.query('SELECT count(*)::int AS n FROM report_revisions WHERE report_id = $1', [reportId])) as {
        n: number;
      }[];
      await this.audit.record(em, {
        actor: user,
        action: `report.${action}`,
        entity: 'report',
        entityId: reportId,
        detail: { revision: n, comment },
      });
      await em.query(`INSERT INTO report_events (report_id, action, actor_id, comment, revision, at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        reportId,
        action,
        user.id,
        comment,
        n,
        now,
      ]);
      const [{ sequence }] = (await em.query(`SELECT count(*)::int AS sequence FROM report_events WHERE report_id = $1 AND action = $2`, [
        reportId,
        action,
      ])) as {
        sequence: number;
      }[];
      return queueReviewNotice(em, {
        reportId,
        action,
        sequence,
        reviewer: user.displayName,
        comment,
        publicUrl: this.outbox.publicUrl,
        now,
      });
    });
    await this.outbox.enqueue(emails);
    return (await loadReportView(this.dataSource.manager, reportId)) as ReportView;
  }

  /**
   * The coordinator lets one agency change its report again (after acceptance, or once the period
   * is locked), with a reason that is recorded; the report goes back to the agency as returned.
   */
  async reopen(reportId: string, user: CurrentUser, reason: string): Promise<ReportView> {
    ReportPolicy.requireReview(user);
    this.requireUuid(reportId);
    await this.dataSource.transaction(async (em) => {
      const [report] = (await em.query('SELECT id, state FROM agency_reports WHERE id = $1 FOR UPDATE', [reportId])) as {
        id: string;
        state: string;
      }[];
      if (!report) throw AppError.notFound('Không tìm thấy báo cáo.', 'REPORT_NOT_FOUND');
      if (report.state === 'draft' || report.state === 'returned') {
        throw AppError.conflict('Báo cáo đang ở phía đơn vị, không cần mở lại.', 'REPORT_NOT_SUBMITTED');
      }
      const now = this.clock.now();
      await em.query(
        `UPDATE agency_reports SET state = 'returned', return_comment = $2, reopened_at = $3, reopen_reason = $2, version = version + 1, updated_at = now() WHERE id = $1`,
        [reportId, reason, now],
      );
      const [{ n }] = (await em.query('SELECT count(*)::int AS n FROM report_revisions WHERE report_id = $1', [reportId])) as {
        n: number;
      }[];
      await em.query(
        `INSERT INTO report_events (report_id, action, actor_id, comment, revision, at) VALUES ($1, 'reopened', $2, $3, $4, $5)`,
        [reportId, user.id, reason, n, now],
      );
      await this.audit.record(em, {
        actor: user,
        action: 'report.reopened',
        entity: 'report',
        entityId: reportId,
        detail: { reason, from: report.state },
      });
    });
    return (await loadReportView(this.dataSource.manager, reportId)) as ReportView;
  }

  /** A report with its revisions and history, for the coordinator, the leader or its own agency. */
  async get(reportId: string, user: CurrentUser): Promise<ReportView & { revisions: RevisionSummary[]; history: ReportHistoryItem[] }> {
    this.requireUuid(reportId);
    const [head] = (await this.dataSource.query('SELECT agency_id FROM agency_reports WHERE id = $1', [reportId])) as {
      agency_id: string;
    }[];
    if (!head) throw AppError.notFound('Không tìm thấy báo cáo.', 'REPORT_NOT_FOUND');
    ReportPolicy.requireRead(user, { agencyId: head.agency_id });
    const view = (await loadReportView(this.dataSource.manager, reportId)) as ReportView;
    const revisions = (await this.dataSource.query(
      `SELECT r.number, r.submitted_at, u.display_name FROM report_revisions r JOIN users u ON u.id = r.submitted_by WHERE r.report_id = $1 ORDER BY r.number`,
      [reportId],
    )) as { number: number; submitted_at: Date; display_name: string }[];
    const history = (await this.dataSource.query(
      `SELECT e.action, u.display_name, e.at, e.comment, e.revision FROM report_events e JOIN users u ON u.id = e.actor_id WHERE e.report_id = $1 ORDER BY e.at, e.revision, e.action <> 'submitted'`,
      [reportId],
    )) as { action: string; display_name: string; at: Date; comment: string | null; revision: number | null }[];
    return {
      ...view,
      revisions: revisions.map((r) => ({ number: r.number, submittedAt: toZonedIso(r.submitted_at), submittedBy: r.display_name })),
      history: history.map((h) => ({
        action: h.action,
        by: h.display_name,
        at: toZonedIso(h.at),
        comment: h.comment,
        revision: h.revision,
      })),
    };
  }

  /** A revision exactly as it was sent. */
  async revision(reportId: string, number: number, user: CurrentUser): Promise<Record<string, unknown>> {
    this.requireUuid(reportId);
    const [row] = (await this.dataSource.query(
      `SELECT r.agency_id, v.snapshot FROM agency_reports r JOIN report_revisions v ON v.report_id = r.id WHERE r.id = $1 AND v.number = $2`,
      [reportId, number],
    )) as { agency_id: string; snapshot: Record<string, unknown> }[];
    if (!row) throw AppError.notFound('Không tìm thấy lần gửi này của báo cáo.', 'REVISION_NOT_FOUND');
    ReportPolicy.requireRead(user, { agencyId: row.agency_id });
    return row.snapshot;
  }

  /** Attaches a file to the agency's report: type judged by content (415), size capped by multer (413). */
  async addAttachment(
    periodId: string,
    user: CurrentUser,
    file: { originalname: string; buffer: Buffer } | undefined,
  ): Promise<{ id: string; name: string; size: number; sha256: string }> {
    ReportPolicy.requireAgencyUser(user);
    if (!file) throw AppError.field('file', 'Chưa chọn tệp đính kèm (trường "file").');
    const type = detectFileType(file.buffer);
    if (!type) {
      throw new AppError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'UNSUPPORTED_MEDIA_TYPE',
        'Chỉ nhận tệp PDF, ảnh PNG/JPEG, Word (.docx) hoặc Excel (.xlsx); nội dung tệp này không thuộc các loại đó.',
      );
    }
    const name =
      basename(file.originalname.replace(/\\/g, '/'))
        .normalize('NFC')
        .replace(/[\u0000-\u001f]/g, '')
        .slice(0, 255) || 'tep-dinh-kem';
    return this.dataSource.transaction(async (em) => {
      const period = await this.owedPeriod(em, periodId, user.agencyId);
      await em.query(`INSERT INTO agency_reports (period_id, agency_id) VALUES ($1, $2) ON CONFLICT (period_id, agency_id) DO NOTHING`, [
        period.id,
        user.agencyId,
      ]);
      const report = await this.lockReport(em, period.id, user.agencyId);
      this.requireEditable(report, period);
      const stored = await this.store.put(file.buffer);
      const [row] = (await em.query(
        `INSERT INTO attachments (report_id, name, size, sha256, media_type, storage_key, uploaded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [report.id, name, stored.size, stored.sha256, type.mediaType, stored.key, user.id, this.clock.now()],
      )) as { id: string }[];
      await this.audit.record(em, {
        actor: user,
        action: 'report.attachment_added',
        entity: 'report',
        entityId: report.id,
        detail: { name, sha256: stored.sha256, size: stored.size },
      });
      return { id: row.id, name, size: stored.size, sha256: stored.sha256 };
    });
  }

  /** An attachment's bytes, for whoever may read the report. */
  async attachment(reportId: string, attachmentId: string, user: CurrentUser): Promise<{ name: string; mediaType: string; bytes: Buffer }> {
    this.requireUuid(reportId);
    this.requireUuid(attachmentId);
    const [row] = (await this.dataSource.query(
      `SELECT r.agency_id, a.name, a.media_type, a.storage_key FROM attachments a JOIN agency_reports r ON r.id = a.report_id WHERE a.id = $1 AND r.id = $2`,
      [attachmentId, reportId],
    )) as { agency_id: string; name: string; media_type: string; storage_key: string }[];
    if (!row) throw AppError.notFound('Không tìm thấy tệp đính kèm.', 'ATTACHMENT_NOT_FOUND');
    ReportPolicy.requireRead(user, { agencyId: row.agency_id });
    return { name: row.name, mediaType: row.media_type, bytes: await this.store.get(row.storage_key) };
  }

  /** What changed in submission `number` against the one before it. */
  async revisionChanges(reportId: string, number: number, user: CurrentUser): Promise<FieldChange[]> {
    const current = await this.revision(reportId, number, user);
    if (number <= 1) return [];
    const previous = await this.revision(reportId, number - 1, user);
    return diffRevisions(previous as unknown as ReportView, current as unknown as ReportView);
  }

  private requireUuid(id: string): void {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
      throw AppError.notFound('Không tìm thấy báo cáo.', 'REPORT_NOT_FOUND');
  }

  /** The period, if it exists and this agency owes its report (listed, or has a task in the plan). */
  private async owedPeriod(em: EntityManager, periodId: string, agencyId: string): Promise<PeriodRow> {
    if (!/^[0-9a-f-]{36}$/i.test(periodId)) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    const [row] = (await em.query(
      `SELECT p.id, p.plan_id, p.opens_at, p.due_at, p.label, p.locked_at,
              CASE WHEN k.owed_by = 'listed'
                   THEN EXISTS (SELECT 1 FROM report_kind_agencies ka WHERE ka.report_kind_id = k.id AND ka.agency_id = $2)
                   ELSE EXISTS (SELECT 1 FROM task_assignments ta JOIN tasks t ON t.id = ta.task_id WHERE t.plan_id = p.plan_id AND ta.agency_id = $2)
              END AS owes
       FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE p.id = $1`,
      [periodId, agencyId],
    )) as (PeriodRow & { owes: boolean })[];
    if (!row) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    if (!row.owes) throw AppError.forbidden(`Cơ quan, đơn vị của bạn không thuộc đối tượng gửi "${row.label}".`);
    return row;
  }

  private async lockReport(em: EntityManager, periodId: string, agencyId: string): Promise<ReportRow> {
    const [report] = (await em.query(
      'SELECT id, agency_id, state, version, first_submitted_at, reopened_at FROM agency_reports WHERE period_id = $1 AND agency_id = $2 FOR UPDATE',
      [periodId, agencyId],
    )) as ReportRow[];
    return report;
  }

  private requireEditable(report: ReportRow, period: PeriodRow): void {
    if (period.locked_at && !(report.reopened_at && report.reopened_at >= period.locked_at)) throw this.locked(period.label);
    if (report.state === 'submitted' || report.state === 'accepted') throw this.notEditable(report.state);
  }

  private locked(label: string): AppError {
    return AppError.conflict(
      `"${label}" đã khóa: báo cáo tổng hợp đã gửi UBND tỉnh. Đề nghị Sở Xây dựng mở lại nếu cần sửa.`,
      'PERIOD_LOCKED',
    );
  }

  private notEditable(state: string): AppError {
    return state === 'accepted'
      ? AppError.conflict('Báo cáo đã được tiếp nhận, không sửa được nữa.', 'ALREADY_ACCEPTED')
      : AppError.conflict('Báo cáo đã được gửi, đang chờ Sở Xây dựng xem xét.', 'ALREADY_SUBMITTED');
  }

  private stale(current: number): AppError {
    return AppError.conflict(
      `Báo cáo vừa được người khác cập nhật (phiên bản ${current}). Nội dung bạn nhập vẫn còn trên màn hình: hãy tải lại bản mới rồi nhập lại phần thay đổi.`,
      'STALE_VERSION',
    );
  }

  /** An entry per task the agency leads or cooperates on, and a value per indicator it owns. */
  private async addMissingEntries(em: EntityManager, reportId: string, planId: string, agencyId: string): Promise<void> {
    await em.query(
      `INSERT INTO report_task_entries (report_id, task_id, role)
       SELECT $1, ta.task_id, ta.role FROM task_assignments ta JOIN tasks t ON t.id = ta.task_id
       WHERE t.plan_id = $2 AND ta.agency_id = $3 AND t.kind <> 'group'
       ON CONFLICT (report_id, task_id) DO NOTHING`,
      [reportId, planId, agencyId],
    );
    await em.query(
      `INSERT INTO report_indicator_values (report_id, indicator_id)
       SELECT $1, o.indicator_id FROM indicator_owners o JOIN indicators i ON i.id = o.indicator_id
       WHERE i.plan_id = $2 AND o.agency_id = $3
       ON CONFLICT (report_id, indicator_id) DO NOTHING`,
      [reportId, planId, agencyId],
    );
  }
}

interface SaveResult {
  id?: string;
  view?: StoredReportView;
  error?: 'PERIOD_NOT_FOUND' | 'NOT_OWED' | 'NO_REPORT' | 'PERIOD_LOCKED' | 'NOT_EDITABLE' | 'STALE_VERSION' | 'UNKNOWN_CODES';
  label?: string;
  state?: string;
  version?: number;
  tasks?: { index: number; code: string }[];
  indicators?: { index: number; code: string }[];
}

/** One task entry as `save_agency_report` takes it: the columns the client sent, and their values. */
function entryChanges(t: TaskEntryDto): { taskCode: string; fields: string[]; data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  for (const [field, column] of ENTRY_COLUMNS) {
    const value = t[field];
    if (value !== undefined) data[column] = typeof value === 'string' ? orNull(value) : value;
  }
  return { taskCode: t.taskCode, fields: Object.keys(data), data };
}
