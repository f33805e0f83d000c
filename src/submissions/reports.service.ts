import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CurrentUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { toZonedIso } from '../common/time-zone';
import { isOnTime } from '../reporting/calendar';
import { AuditService } from '../audit/audit.service';
import { OutboxService } from '../reminders/outbox.service';
import { PeriodStateRepository } from '../reporting/period-state.repository';
import { AttachmentStore } from './attachment-store';
import type { SaveReportDto, TaskEntryDto } from './dto/report.dto';
import { detectFileType } from './file-type';
import { storedFileName } from './file-name';
import { diffRevisions, FieldChange } from './revision-diff';
import { missingForDocument, missingForSubmission } from './report-completeness';
import type { PathFinding } from './plausibility';
import { PlausibilityService, plausibilityRefusal } from './plausibility.service';
import { ReportPolicy } from './report-policy';
import { ReportView, toReportView } from './report-view';
import { EntryChange, LockedReportRow, OwedPeriodRow, ReportsRepository, SaveReportCall, SaveResult } from './reports.repository';

/** Thrown to roll back the transaction that built an unsaved draft for a refusal's page. */
class NothingWritten extends Error {}

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
    /** Only to group repository calls in one transaction. */
    private readonly dataSource: DataSource,
    private readonly reports: ReportsRepository,
    private readonly clock: Clock,
    private readonly store: AttachmentStore,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly periodStates: PeriodStateRepository,
    private readonly plausibility: PlausibilityService,
  ) {}

  /** The agency's report for a period, created as a draft on first read (with an entry per task it answers for). */
  async myReport(periodId: string, user: CurrentUser): Promise<ReportView> {
    ReportPolicy.requireAgencyUser(user);
    const reportId = await this.dataSource.transaction(async (em) => {
      const period = await this.owedPeriod(periodId, user.agencyId, em);
      const created = await this.reports.createDraft(period.id, user.agencyId, em);
      const report = (await this.reports.lockReport(period.id, user.agencyId, em))!;
      if (period.form === 'tasks' && (created || report.state === 'draft' || report.state === 'returned'))
        await this.addMissingEntries(report.id, period.plan_id, user.agencyId, em);
      return report.id;
    });
    return this.view(reportId);
  }

  /**
   * The agency's report as a refused request shows it, writing nothing: the stored one as it is,
   * or, when there is none yet, the empty draft a first read would create, built in a transaction
   * that is rolled back. A refusal (a forged form, a bad value) never creates the draft.
   */
  async peekReport(periodId: string, user: CurrentUser): Promise<ReportView> {
    ReportPolicy.requireAgencyUser(user);
    let view: ReportView | undefined;
    try {
      await this.dataSource.transaction(async (em) => {
        const period = await this.owedPeriod(periodId, user.agencyId, em);
        const stored = await this.reports.lockReport(period.id, user.agencyId, em);
        if (stored) return void (view = await this.view(stored.id, em));
        await this.reports.createDraft(period.id, user.agencyId, em);
        const draft = (await this.reports.lockReport(period.id, user.agencyId, em))!;
        if (period.form === 'tasks') await this.addMissingEntries(draft.id, period.plan_id, user.agencyId, em);
        view = await this.view(draft.id, em);
        throw new NothingWritten();
      });
    } catch (error) {
      if (!(error instanceof NothingWritten)) throw error;
    }
    return view!;
  }

  /**
   * Saves the draft; refuses a stale version (409) and a report already sent (409). The checks and
   * writes are one call of `save_agency_report` (src/submissions/report-functions.sql.ts): one round
   * trip, one implicit transaction, nothing written when it refuses.
   */
  async save(periodId: string, user: CurrentUser, body: SaveReportDto): Promise<ReportView & { warnings: PathFinding[] }> {
    ReportPolicy.requireAgencyUser(user);
    if (!/^[0-9a-f-]{36}$/i.test(periodId)) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    const call = saveCall(periodId, user.agencyId, body);
    let refused: SaveResult | undefined;
    try {
      // One transaction: the save (creating the draft when the report was never read) and the
      // plausibility of the figures as saved, so a refusal of either leaves nothing behind and no
      // concurrent save can slip between the check and the write.
      return await this.dataSource.transaction(async (em) => {
        let result = await this.reports.saveReport(call, em);
        if (result.error === 'NO_REPORT') result = await this.createAndSave(periodId, user, call, em);
        if (result.error) throw new NothingWritten((refused = result).error);
        const view = toReportView(result.view!);
        // Figures that cannot be right refuse the save (400 at each field); warnings go back with the answer.
        const plausible = await this.plausibility.checkSaved(body, view, em, result.needs);
        if (plausible.errors.length) throw plausibilityRefusal(plausible.errors);
        return { ...view, warnings: plausible.warnings };
      });
    } catch (error) {
      if (error instanceof NothingWritten && refused) throw this.saveRefusal(refused);
      throw error;
    }
  }

  /** Saved before it was ever read: the draft is created as the read would, then saved, in the save's transaction. */
  private async createAndSave(periodId: string, user: CurrentUser, call: SaveReportCall, em: EntityManager): Promise<SaveResult> {
    const period = await this.owedPeriod(periodId, user.agencyId, em);
    await this.reports.createDraft(period.id, user.agencyId, em);
    const report = (await this.reports.lockReport(period.id, user.agencyId, em))!;
    if (period.form === 'tasks') await this.addMissingEntries(report.id, period.plan_id, user.agencyId, em);
    return this.reports.saveReport(call, em);
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
      case 'DOCUMENT_FORM':
        return new AppError(
          HttpStatus.BAD_REQUEST,
          'DOCUMENT_REPORT_NO_TASKS',
          `"${result.label}" là báo cáo bằng văn bản: chỉ ghi số, ký hiệu, trích yếu và đính kèm văn bản đã ký.`,
          [
            ...(result.withTasks ? [{ path: 'tasks', message: 'Báo cáo bằng văn bản không có phần tiến độ từng nhiệm vụ.' }] : []),
            ...(result.withIndicators ? [{ path: 'indicators', message: 'Báo cáo bằng văn bản không có phần số liệu chỉ tiêu.' }] : []),
          ],
        );
      default:
        throw new Error(`save_agency_report: unexpected answer ${JSON.stringify(result)}`);
    }
  }

  /** Sends the report: 422 naming what is missing; the first submission decides on time or late. */
  async submit(periodId: string, user: CurrentUser): Promise<ReportView> {
    const reportId = await this.dataSource.transaction(async (em) => {
      const period = await this.owedPeriod(periodId, user.agencyId, em);
      ReportPolicy.requireSubmit(user, { requiresHeadSignOff: await this.reports.requiresHeadSignOff(user.agencyId, em) });
      const now = this.clock.now();
      if (now < period.opens_at) {
        throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'PERIOD_NOT_OPEN', `Kỳ báo cáo "${period.label}" chưa mở nhận báo cáo.`);
      }
      await this.reports.createDraft(period.id, user.agencyId, em);
      const report = (await this.reports.lockReport(period.id, user.agencyId, em))!;
      this.requireEditable(report, period);
      if (period.form === 'tasks') await this.addMissingEntries(report.id, period.plan_id, user.agencyId, em);
      const view = await this.view(report.id, em);
      const missing = period.form === 'document' ? missingForDocument(view) : missingForSubmission(view);
      if (missing.length) {
        throw new AppError(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'REPORT_INCOMPLETE',
          `Báo cáo còn thiếu ${missing.length} nội dung bắt buộc.`,
          missing,
        );
      }
      const plausible = await this.plausibility.checkView(view, em);
      if (plausible.errors.length) throw plausibilityRefusal(plausible.errors);
      await this.recordSubmission(em, { period, report, view, user, now });
      // Reminders not yet sent to this agency for this period are no longer due.
      await this.outbox.cancelPendingReminders(period.id, user.agencyId, em);
      // A document kind is closed when received: once every owing agency has sent its letter.
      if (period.form === 'document') await this.periodStates.closeWhenAllReceived(period.id, now, em);
      return report.id;
    });
    return this.view(reportId);
  }

  /** The report marked sent, its revision (the view as sent), the history line and the audit entry. */
  private async recordSubmission(
    em: EntityManager,
    s: { period: OwedPeriodRow; report: LockedReportRow; view: ReportView; user: CurrentUser; now: Date },
  ): Promise<void> {
    const { period, report, user, now } = s;
    const onTime = isOnTime(report.first_submitted_at ?? now, period.due_at);
    await this.reports.markSubmitted(report.id, now, user.id, onTime, em);
    const n = (await this.reports.revisionCount(report.id, em)) + 1;
    const snapshot = { ...s.view, state: 'submitted', submittedAt: toZonedIso(now), onTime, version: report.version + 1 };
    await this.reports.addRevision({ reportId: report.id, number: n, snapshot, at: now, by: user.id }, em);
    await this.reports.addEvent({ reportId: report.id, action: 'submitted', actorId: user.id, comment: null, revision: n, at: now }, em);
    await this.audit.record(em, {
      actor: user,
      action: 'report.submitted',
      entity: 'report',
      entityId: report.id,
      detail: { period: period.label, revision: n, onTime, from: report.state },
    });
  }

  /** The coordinator returns a submitted report with a comment, or accepts it. */
  async review(reportId: string, user: CurrentUser, action: 'returned' | 'accepted', comment: string | null): Promise<ReportView> {
    ReportPolicy.requireReview(user);
    this.requireUuid(reportId);
    const emails = await this.dataSource.transaction(async (em) => {
      const report = await this.reports.lockForReview(reportId, em);
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
      await this.reports.markReviewed(
        reportId,
        { state: action, comment: action === 'returned' ? comment : null, at: now, by: user.id },
        em,
      );
      // A letter returned is owed again: a document period closed as received opens again.
      if (action === 'returned') await this.periodStates.reopenReceived(report.period_id, now, em);
      const n = await this.reports.revisionCount(reportId, em);
      await this.audit.record(em, {
        actor: user,
        action: `report.${action}`,
        entity: 'report',
        entityId: reportId,
        detail: { revision: n, comment },
      });
      await this.reports.addEvent({ reportId, action, actorId: user.id, comment, revision: n, at: now }, em);
      const sequence = await this.reports.eventCount(reportId, action, em);
      return this.outbox.queueReviewNotice({ reportId, action, sequence, reviewer: user.displayName, comment, now }, em);
    });
    await this.outbox.enqueue(emails);
    return this.view(reportId);
  }

  /**
   * The coordinator lets one agency change its report again (after acceptance, or once the period
   * is locked), with a reason that is recorded; the report goes back to the agency as returned.
   */
  async reopen(reportId: string, user: CurrentUser, reason: string): Promise<ReportView> {
    ReportPolicy.requireReview(user);
    this.requireUuid(reportId);
    await this.dataSource.transaction(async (em) => {
      const report = await this.reports.lockById(reportId, em);
      if (!report) throw AppError.notFound('Không tìm thấy báo cáo.', 'REPORT_NOT_FOUND');
      if (report.state === 'draft' || report.state === 'returned') {
        throw AppError.conflict('Báo cáo đang ở phía đơn vị, không cần mở lại.', 'REPORT_NOT_SUBMITTED');
      }
      const now = this.clock.now();
      await this.reports.markReopened(reportId, reason, now, em);
      await this.periodStates.reopenReceived(report.period_id, now, em);
      const n = await this.reports.revisionCount(reportId, em);
      await this.reports.addEvent({ reportId, action: 'reopened', actorId: user.id, comment: reason, revision: n, at: now }, em);
      await this.audit.record(em, {
        actor: user,
        action: 'report.reopened',
        entity: 'report',
        entityId: reportId,
        detail: { reason, from: report.state },
      });
    });
    return this.view(reportId);
  }

  /** A report with its revisions and history, for the coordinator, the leader or its own agency. */
  /** For the coordinator after a decision: the period's next report waiting for review, and how many wait besides this one. */
  async nextToReview(reportId: string, user: CurrentUser): Promise<{ id: string | null; waiting: number }> {
    ReportPolicy.requireReview(user);
    this.requireUuid(reportId);
    return this.reports.nextAwaitingReview(reportId);
  }

  async get(reportId: string, user: CurrentUser): Promise<ReportView & { revisions: RevisionSummary[]; history: ReportHistoryItem[] }> {
    this.requireUuid(reportId);
    const agencyId = await this.reports.reportAgency(reportId);
    if (!agencyId) throw AppError.notFound('Không tìm thấy báo cáo.', 'REPORT_NOT_FOUND');
    ReportPolicy.requireRead(user, { agencyId });
    const view = await this.view(reportId);
    const revisions = await this.reports.revisions(reportId);
    const history = await this.reports.history(reportId);
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
    const row = await this.reports.revisionSnapshot(reportId, number);
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
    const name = storedFileName(file.originalname, 'tep-dinh-kem');
    return this.dataSource.transaction(async (em) => {
      const period = await this.owedPeriod(periodId, user.agencyId, em);
      await this.reports.createDraft(period.id, user.agencyId, em);
      const report = (await this.reports.lockReport(period.id, user.agencyId, em))!;
      this.requireEditable(report, period);
      const stored = await this.store.put(file.buffer);
      const id = await this.reports.addAttachment(
        {
          reportId: report.id,
          name,
          size: stored.size,
          sha256: stored.sha256,
          mediaType: type.mediaType,
          storageKey: stored.key,
          uploadedBy: user.id,
          at: this.clock.now(),
        },
        em,
      );
      await this.audit.record(em, {
        actor: user,
        action: 'report.attachment_added',
        entity: 'report',
        entityId: report.id,
        detail: { name, sha256: stored.sha256, size: stored.size },
      });
      return { id, name, size: stored.size, sha256: stored.sha256 };
    });
  }

  /** An attachment's bytes, for whoever may read the report. */
  async attachment(reportId: string, attachmentId: string, user: CurrentUser): Promise<{ name: string; mediaType: string; bytes: Buffer }> {
    this.requireUuid(reportId);
    this.requireUuid(attachmentId);
    const row = await this.reports.attachmentFile(reportId, attachmentId);
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

  /** The state of each of the agency's reports, by period id (the agency's start page). */
  async reportStatesByPeriod(agencyId: string): Promise<Map<string, string>> {
    return new Map((await this.reports.agencyReportStates(agencyId)).map((r) => [r.period_id, r.state]));
  }

  /** The report as the API speaks it, read in one round trip. */
  private async view(reportId: string, em?: EntityManager): Promise<ReportView> {
    const stored = await this.reports.reportView(reportId, em);
    if (!stored) throw AppError.notFound('Không tìm thấy báo cáo.', 'REPORT_NOT_FOUND');
    return toReportView(stored);
  }

  private requireUuid(id: string): void {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
      throw AppError.notFound('Không tìm thấy báo cáo.', 'REPORT_NOT_FOUND');
  }

  /** The period, if it exists and this agency owes its report (listed, or has a task in the plan). */
  private async owedPeriod(periodId: string, agencyId: string, em: EntityManager): Promise<OwedPeriodRow> {
    if (!/^[0-9a-f-]{36}$/i.test(periodId)) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    const row = await this.reports.owedPeriod(periodId, agencyId, em);
    if (!row) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    if (!row.owes) throw AppError.forbidden(`Cơ quan, đơn vị của bạn không thuộc đối tượng gửi "${row.label}".`);
    return row;
  }

  private requireEditable(report: LockedReportRow, period: OwedPeriodRow): void {
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
  private async addMissingEntries(reportId: string, planId: string, agencyId: string, em: EntityManager): Promise<void> {
    await this.reports.addMissingTaskEntries(reportId, planId, agencyId, em);
    await this.reports.addMissingIndicatorValues(reportId, planId, agencyId, em);
  }
}

/** The save as `save_agency_report` takes it: blank answers as null, only the parts the client sent. */
function saveCall(periodId: string, agencyId: string, body: SaveReportDto): SaveReportCall {
  const letter = body.officialLetter;
  const summary = body.summary;
  return {
    periodId,
    agencyId,
    version: body.version,
    officialLetter: letter === undefined ? null : { number: orNull(letter?.number) ?? null, date: orNull(letter?.date) ?? null },
    summary: summary
      ? { assessment: orNull(summary.assessment), difficulties: orNull(summary.difficulties), proposals: orNull(summary.proposals) }
      : null,
    tasks: body.tasks?.length ? body.tasks.map(entryChanges) : null,
    indicators: body.indicators?.length
      ? body.indicators.map((v) => ({ indicatorCode: v.indicatorCode, value: v.value ?? null, set: v.value !== undefined }))
      : null,
  };
}

/** One task entry as `save_agency_report` takes it: the columns the client sent, and their values. */
function entryChanges(t: TaskEntryDto): EntryChange {
  const data: Record<string, unknown> = {};
  for (const [field, column] of ENTRY_COLUMNS) {
    const value = t[field];
    if (value !== undefined) data[column] = typeof value === 'string' ? orNull(value) : value;
  }
  return { taskCode: t.taskCode, fields: Object.keys(data), data };
}
