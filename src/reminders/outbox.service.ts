import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { CurrentUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { formatIsoDate, toZonedIso, zonedDate, zonedInstant, zoneOffsetMinutes } from '../common/time-zone';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PeriodLockRow, PeriodStateRepository } from '../reporting/period-state.repository';
import { EmailQueue } from './email-queue';
import { AccountLinkToQueue, ChainInputNoticeToQueue, OutboxCounts, OutboxRepository, ReviewNoticeToQueue } from './outbox.repository';
import {
  agencyReminderRecipients,
  ALREADY_REMINDED_NOTE,
  NO_ADDRESS_NOTE,
  REPORT_SENT_NOTE,
  REPORTED_STATES,
  reminderKindTable,
} from './reminder-policy';
import { AgencyRemindersToRecord, CoordinatorReminderToRecord, RemindersRepository } from './reminders.repository';

/** The coordinator's digest goes out daily from this many days before the deadline. */
const DIGEST_FROM_DAYS_BEFORE_DUE = 7;
const DIGEST_HOUR = 8;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OutboxRow {
  id: string;
  kind: string;
  state: string;
  agencyCode: string | null;
  agencyName: string | null;
  periodLabel: string | null;
  recipients: string[];
  cc: string[];
  subject: string | null;
  attempts: number;
  possiblyDuplicate: boolean;
  smtpResponse: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  failedAt: string | null;
}

export interface ManualReminderResult {
  rule: string;
  reminded: string[];
  /** Agencies already reminded today, automatically or by hand: not reminded again. */
  alreadyToday: string[];
  noAddress: string[];
}

/** Who was reminded today, by which rule and when it went (null: on its way now). */
export interface RemindedToday {
  agencyCode: string;
  rule: string;
  sentAt: string | null;
  automatic: boolean;
}

export type AgencyRemindersArgs = Omit<AgencyRemindersToRecord, 'recipients' | 'skipReportStates'>;

/**
 * The outbox seen from the rest of the app: what reminders and notices are written and to whom
 * (`reminder-policy.ts`), enqueue rows after their transaction commits, make sure every unsent row
 * has a job (the reconciler's pass), the coordinator's manual reminders, the outbox list and its
 * retry button.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger('Outbox');

  constructor(
    /** Only to group repository calls in one transaction. */
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly reminders: RemindersRepository,
    private readonly periods: PeriodStateRepository,
    private readonly queue: EmailQueue,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** After commit. Redis being down loses nothing: the rows are there and the reconciler adds their jobs. */
  async enqueue(emailIds: string[]): Promise<void> {
    if (emailIds.length === 0) return;
    try {
      await this.queue.add(emailIds);
    } catch (error) {
      this.logger.warn(
        { err: error instanceof Error ? error.message : String(error), emails: emailIds.length },
        'Emails not queued yet; the reconciler will queue them',
      );
    }
  }

  /**
   * Records the reminders a rule makes due for the agencies that owe the period's report and have
   * not sent it, addressed as the audience says; answers how many it added.
   */
  async recordAgencyReminders(args: AgencyRemindersArgs, em?: EntityManager): Promise<number> {
    const record = { ...args, recipients: agencyReminderRecipients(args.audience), skipReportStates: REPORTED_STATES };
    // A manual reminder applies the day's cap itself (remindNow: exceptAgencyIds, and says whom it left out).
    if (args.state !== 'pending' || args.rule.startsWith('manual-')) return this.reminders.recordAgencyReminders(record, em);
    // At most one reminder per agency per day, whatever sent it: an agency reminded by hand today gets
    // this automatic one recorded as skipped, with the reason, not a second email. (Between automatic
    // rules the calendar already keeps only the latest due: a late one is superseded, not doubled.)
    const today = (await this.remindedTodayRows(args.periodId, this.clock.now(), em)).filter((r) => r.rule.startsWith('manual-'));
    if (!today.length) return this.reminders.recordAgencyReminders(record, em);
    const ids = today.map((r) => r.agency_id);
    const added = await this.reminders.recordAgencyReminders({ ...record, exceptAgencyIds: ids }, em);
    await this.reminders.recordAgencyReminders({ ...record, agencyIds: ids, state: 'skipped', note: ALREADY_REMINDED_NOTE }, em);
    return added;
  }

  /** Records a consolidation reminder (C-3, C-1) to the coordinating agency and its coordinators. */
  recordCoordinatorReminder(args: CoordinatorReminderToRecord, em?: EntityManager): Promise<number> {
    return this.reminders.recordCoordinatorReminder(args, em);
  }

  /**
   * Reminder emails for what a calendar event (or a manual reminder) recorded, in its transaction:
   * reminders with nobody to send to are marked failed with a note; the others get an email.
   */
  async reminderEmails(em: EntityManager, periodId: string, rule: string): Promise<string[]> {
    await this.reminders.failWithoutRecipients(periodId, rule, NO_ADDRESS_NOTE, em);
    return this.outbox.queueReminderEmails(
      { periodId, rule, kinds: reminderKindTable(), publicUrl: this.config.publicUrl, now: this.clock.now() },
      em,
    );
  }

  /** "Your report was returned / accepted", in the review's transaction; answers the ids to enqueue after commit. */
  queueReviewNotice(notice: Omit<ReviewNoticeToQueue, 'publicUrl'>, em?: EntityManager): Promise<string[]> {
    return this.outbox.queueReviewNotice({ ...notice, publicUrl: this.config.publicUrl }, em);
  }

  /** A report chain's notice to the receiving agency's reporters, in the finalize's transaction; answers the ids to enqueue after commit. */
  queueChainInput(notice: Omit<ChainInputNoticeToQueue, 'publicUrl'>, em?: EntityManager): Promise<string[]> {
    return this.outbox.queueChainInput({ ...notice, publicUrl: this.config.publicUrl }, em);
  }

  /** A sign-in link's email, in the transaction that made the link; answers the ids to enqueue after commit. */
  queueAccountLink(link: AccountLinkToQueue, em?: EntityManager): Promise<string[]> {
    return this.outbox.queueAccountLink(link, em);
  }

  /**
   * The agency has sent its report: its reminders of the period not yet sent are no longer due.
   * Their emails go first: deleting them locks the rows, so a worker claiming one at this moment
   * waits, then finds nothing.
   */
  async cancelPendingReminders(periodId: string, agencyId: string, em: EntityManager): Promise<void> {
    await this.outbox.deletePendingReminderEmails(periodId, agencyId, em);
    await this.reminders.cancelPendingForAgency(periodId, agencyId, REPORT_SENT_NOTE, em);
  }

  /**
   * One pass of the reconciler: today's digests where due, then a job for every row not yet sent
   * or failed that has none (Redis lost it, or the process died between commit and enqueue).
   */
  async reconcile(): Promise<{ digests: number; jobsAdded: number; requeued: number }> {
    const digests = await this.queueDigests();
    const ids = await this.outbox.unsentIds();
    const jobsAdded = await this.queue.add(ids);
    const finished = await this.queue.finished(ids);
    for (const id of finished) await this.queue.requeue(id);
    if (digests.length) await this.queue.add(digests);
    if (jobsAdded || finished.length) this.logger.log({ jobsAdded, requeued: finished.length }, 'Outbox reconciled');
    return { digests: digests.length, jobsAdded, requeued: finished.length };
  }

  private async queueDigests(): Promise<string[]> {
    const now = this.clock.now();
    const localHour = new Date(now.getTime() + zoneOffsetMinutes(now) * 60_000).getUTCHours();
    if (localHour < DIGEST_HOUR) return [];
    const day = formatIsoDate(zonedDate(now));
    const periodIds = await this.outbox.digestPeriodIds(now, DIGEST_FROM_DAYS_BEFORE_DUE);
    const ids: string[] = [];
    for (const periodId of periodIds) {
      ids.push(
        ...(await this.dataSource.transaction((em) =>
          this.outbox.queueDigest({ periodId, day, publicUrl: this.config.publicUrl, now }, em),
        )),
      );
    }
    return ids;
  }

  /**
   * "Nhắc nhở": remind now the agencies (all, or those named) whose report is not sent; at most
   * once per agency per day (rule manual-YYYY-MM-DD).
   */
  async remindNow(periodId: string, user: CurrentUser, agencyCodes?: string[]): Promise<ManualReminderResult> {
    const now = this.clock.now();
    const rule = `manual-${formatIsoDate(zonedDate(now))}`;
    const { result, emailIds } = await this.dataSource.transaction(async (em) => {
      if (!UUID.test(periodId)) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
      // The period row locked (by its owner, the reporting module) so a manual reminder, the
      // period's calendar events and its final consolidation run one after another.
      const period = await this.periods.lockForConsolidation(periodId, em);
      const opensAt = period && (await this.reminders.periodOpensAt(periodId, em));
      this.requireRemindable(period, opensAt, now);
      const agencyIds = agencyCodes?.length ? await this.agencyIds(agencyCodes, em) : undefined;
      // At most one reminder per agency per day, whatever sent it: today's automatic ones count.
      const today = await this.remindedTodayRows(periodId, now, em);
      await this.recordAgencyReminders(
        {
          periodId,
          rule,
          audience: 'agency',
          dueAt: now,
          state: 'pending',
          note: `Nhắc nhở do ${user.displayName ?? user.username} gửi.`,
          agencyIds,
          exceptAgencyIds: today.map((r) => r.agency_id),
        },
        em,
      );
      const ids = await this.reminderEmails(em, periodId, rule);
      const after = await this.reminders.statesForRule(periodId, rule, em);
      const wanted = (code: string) => !agencyCodes?.length || agencyCodes.includes(code);
      const earlier = new Set(today.map((r) => r.code));
      const fresh = after.filter((a) => !earlier.has(a.code) && wanted(a.code));
      await this.audit.record(em, {
        actor: user,
        action: 'reminders.manual',
        entity: 'period',
        entityId: periodId,
        detail: { rule, agencies: fresh.map((f) => f.code) },
      });
      return {
        emailIds: ids,
        result: {
          rule,
          reminded: fresh.filter((f) => f.state === 'pending').map((f) => f.code),
          noAddress: fresh.filter((f) => f.state === 'failed').map((f) => f.code),
          alreadyToday: today
            .map((r) => r.code)
            .filter(wanted)
            .sort(),
        },
      };
    });
    await this.enqueue(emailIds);
    return result;
  }

  /** The agencies of the period reminded since the start of today (local time), automatic or manual. */
  async remindedToday(periodId: string): Promise<RemindedToday[]> {
    const rows = await this.remindedTodayRows(periodId, this.clock.now());
    return rows.map((r) => ({
      agencyCode: r.code,
      rule: r.rule,
      sentAt: r.sent_at ? toZonedIso(r.sent_at) : null,
      automatic: !r.rule.startsWith('manual-'),
    }));
  }

  private remindedTodayRows(periodId: string, now: Date, em?: EntityManager) {
    return this.reminders.remindedBetween(periodId, zonedInstant(zonedDate(now)), new Date(now.getTime() + 1), em);
  }

  /** A manual reminder only while the period is open, not locked, and its consolidated report not yet due. */
  private requireRemindable(period: PeriodLockRow | undefined, opensAt: Date | undefined, now: Date): void {
    if (!period || !opensAt) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    if (period.locked_at) throw AppError.conflict(`"${period.label}" đã khóa: báo cáo tổng hợp đã gửi UBND tỉnh.`, 'PERIOD_LOCKED');
    if (now < opensAt)
      throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'PERIOD_NOT_OPEN', `Kỳ báo cáo "${period.label}" chưa mở nhận báo cáo.`);
    if (period.consolidation_due_at && now >= period.consolidation_due_at) {
      throw new AppError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'PERIOD_CLOSED',
        `Đã qua hạn báo cáo UBND tỉnh của "${period.label}"; không gửi nhắc nhở nữa.`,
      );
    }
  }

  /** The ids of the agencies named; a field error naming the codes that match none. */
  private async agencyIds(codes: string[], em: EntityManager): Promise<string[]> {
    const found = await this.reminders.agenciesByCode(codes, em);
    const unknown = codes.filter((c) => !found.some((f) => f.code === c));
    if (unknown.length) throw AppError.field('agencyCodes', `Không có đơn vị mã ${unknown.join(', ')}.`);
    return found.map((f) => f.id);
  }

  /**
   * The outbox, newest first; `state` filters (failed ones are what the coordinator acts on);
   * `planIds` keeps the emails about those plans' periods (a coordinator's plans; absent: all).
   */
  async list(filter: { state?: string; periodId?: string; id?: string; limit?: number; planIds?: string[] | null }): Promise<OutboxRow[]> {
    const rows = await this.outbox.list({
      state: filter.state ?? null,
      periodId: filter.periodId ?? null,
      id: filter.id ?? null,
      limit: Math.min(Math.max(filter.limit ?? 500, 1), 5000),
      planIds: filter.planIds ?? null,
    });
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      state: r.state,
      agencyCode: r.code,
      agencyName: r.name,
      periodLabel: r.label,
      recipients: r.recipients,
      cc: r.cc,
      subject: r.subject,
      attempts: r.attempts,
      possiblyDuplicate: r.possibly_duplicate,
      smtpResponse: r.smtp_response,
      lastError: r.last_error,
      createdAt: toZonedIso(r.created_at),
      sentAt: r.sent_at ? toZonedIso(r.sent_at) : null,
      failedAt: r.failed_at ? toZonedIso(r.failed_at) : null,
    }));
  }

  counts(planIds: string[] | null = null): Promise<OutboxCounts> {
    return this.outbox.counts(planIds);
  }

  /** The retry button: a failed email goes back to pending with a fresh job. */
  async retry(emailId: string, user: CurrentUser): Promise<OutboxRow> {
    if (!UUID.test(emailId)) throw AppError.notFound('Không tìm thấy thư.', 'EMAIL_NOT_FOUND');
    await this.dataSource.transaction(async (em) => {
      const row = await this.outbox.lockForRetry(emailId, em);
      if (!row) throw AppError.notFound('Không tìm thấy thư.', 'EMAIL_NOT_FOUND');
      if (row.state !== 'failed') throw AppError.conflict('Chỉ gửi lại được thư gửi không thành công.', 'EMAIL_NOT_FAILED');
      if (row.reported) throw AppError.conflict('Đơn vị đã gửi báo cáo; không cần nhắc nữa.', 'ALREADY_REPORTED');
      await this.outbox.markPendingAgain(emailId, em);
      if (row.reminder_id) await this.reminders.reopenFailed(row.reminder_id, em);
      await this.audit.record(em, { actor: user, action: 'email.retried', entity: 'email', entityId: emailId, detail: {} });
    });
    try {
      await this.queue.requeue(emailId);
    } catch (error) {
      this.logger.warn(
        { emailId, err: error instanceof Error ? error.message : String(error) },
        'Retry not queued yet; the reconciler will queue it',
      );
    }
    return (await this.list({ id: emailId }))[0];
  }
}
