import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { CurrentUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { formatIsoDate, toZonedIso, zonedDate, zoneOffsetMinutes } from '../common/time-zone';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EmailQueue } from './email-queue';
import { queueDigest, queueReminderEmails } from './outbox-writer';
import { recordAgencyReminders } from './reminder-recorder';

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
  alreadyToday: string[];
  noAddress: string[];
}

/**
 * The outbox seen from the rest of the app: enqueue rows after their transaction commits, make
 * sure every unsent row has a job (the reconciler's pass), the coordinator's manual reminders,
 * the outbox list and its retry button.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger('Outbox');

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: EmailQueue,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get publicUrl(): string {
    return this.config.publicUrl;
  }

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

  /** Reminder emails for what a calendar event recorded, in the event's transaction. */
  reminderEmails(em: EntityManager, periodId: string, rule: string): Promise<string[]> {
    return queueReminderEmails(em, { periodId, rule, publicUrl: this.config.publicUrl, now: this.clock.now() });
  }

  /**
   * One pass of the reconciler: today's digests where due, then a job for every row not yet sent
   * or failed that has none (Redis lost it, or the process died between commit and enqueue).
   */
  async reconcile(): Promise<{ digests: number; jobsAdded: number; requeued: number }> {
    const digests = await this.queueDigests();
    const rows = (await this.dataSource.query(`SELECT id FROM emails WHERE state IN ('pending', 'sending') ORDER BY created_at`)) as {
      id: string;
    }[];
    const ids = rows.map((r) => r.id);
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
    const periods = (await this.dataSource.query(
      `SELECT id FROM reporting_periods
       WHERE $1 >= opens_at AND $1 >= due_at - make_interval(days => $2) AND $1 < coalesce(consolidation_due_at, due_at + interval '30 days') AND locked_at IS NULL`,
      [now, DIGEST_FROM_DAYS_BEFORE_DUE],
    )) as { id: string }[];
    const ids: string[] = [];
    for (const p of periods) {
      ids.push(
        ...(await this.dataSource.transaction((em) => queueDigest(em, { periodId: p.id, day, publicUrl: this.config.publicUrl, now }))),
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
      const [period] = (await em.query(
        'SELECT id, label, opens_at, consolidation_due_at, locked_at FROM reporting_periods WHERE id = $1 FOR NO KEY UPDATE',
        [periodId],
      )) as {
        id: string;
        label: string;
        opens_at: Date;
        consolidation_due_at: Date | null;
        locked_at: Date | null;
      }[];
      if (!period) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
      if (period.locked_at) throw AppError.conflict(`"${period.label}" đã khóa: báo cáo tổng hợp đã gửi UBND tỉnh.`, 'PERIOD_LOCKED');
      if (now < period.opens_at)
        throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'PERIOD_NOT_OPEN', `Kỳ báo cáo "${period.label}" chưa mở nhận báo cáo.`);
      if (period.consolidation_due_at && now >= period.consolidation_due_at) {
        throw new AppError(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'PERIOD_CLOSED',
          `Đã qua hạn báo cáo UBND tỉnh của "${period.label}"; không gửi nhắc nhở nữa.`,
        );
      }
      let agencyIds: string[] | undefined;
      if (agencyCodes?.length) {
        const found = (await em.query('SELECT id, code FROM agencies WHERE code = ANY($1)', [agencyCodes])) as {
          id: string;
          code: string;
        }[];
        const unknown = agencyCodes.filter((c) => !found.some((f) => f.code === c));
        if (unknown.length) throw AppError.field('agencyCodes', `Không có đơn vị mã ${unknown.join(', ')}.`);
        agencyIds = found.map((f) => f.id);
      }
      const before = (await em.query(
        'SELECT a.code FROM reminders r JOIN agencies a ON a.id = r.agency_id WHERE r.period_id = $1 AND r.rule = $2',
        [periodId, rule],
      )) as { code: string }[];
      await recordAgencyReminders(em, {
        periodId,
        rule,
        audience: 'agency',
        dueAt: now,
        state: 'pending',
        note: `Nhắc nhở do ${user.displayName ?? user.username} gửi.`,
        agencyIds,
      });
      const ids = await queueReminderEmails(em, { periodId, rule, publicUrl: this.config.publicUrl, now });
      const after = (await em.query(
        `SELECT a.code, r.state, r.created_at FROM reminders r JOIN agencies a ON a.id = r.agency_id WHERE r.period_id = $1 AND r.rule = $2 ORDER BY a.code`,
        [periodId, rule],
      )) as { code: string; state: string }[];
      const earlier = new Set(before.map((b) => b.code));
      const wanted = (code: string) => !agencyCodes?.length || agencyCodes.includes(code);
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
          alreadyToday: after.filter((a) => earlier.has(a.code) && wanted(a.code)).map((a) => a.code),
        },
      };
    });
    await this.enqueue(emailIds);
    return result;
  }

  /** The outbox, newest first; `state` filters (failed ones are what the coordinator acts on). */
  async list(filter: { state?: string; periodId?: string; id?: string; limit?: number }): Promise<OutboxRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT e.id, e.kind, e.state, a.code, a.name, p.label, e.recipients, e.cc, e.subject, e.attempts, e.possibly_duplicate,
              e.smtp_response, e.last_error, e.created_at, e.sent_at, e.failed_at
       FROM emails e LEFT JOIN agencies a ON a.id = e.agency_id LEFT JOIN reporting_periods p ON p.id = e.period_id
       WHERE ($1::text IS NULL OR e.state = $1) AND ($2::uuid IS NULL OR e.period_id = $2) AND ($4::uuid IS NULL OR e.id = $4)
       ORDER BY e.created_at DESC, a.code LIMIT $3`,
      [filter.state ?? null, filter.periodId ?? null, Math.min(Math.max(filter.limit ?? 500, 1), 5000), filter.id ?? null],
    )) as Record<string, any>[];
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

  async counts(): Promise<Record<'pending' | 'sending' | 'sent' | 'failed' | 'possiblyDuplicate', number>> {
    const [c] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending, count(*) FILTER (WHERE state = 'sending')::int AS sending,
              count(*) FILTER (WHERE state = 'sent')::int AS sent, count(*) FILTER (WHERE state = 'failed')::int AS failed,
              count(*) FILTER (WHERE possibly_duplicate)::int AS "possiblyDuplicate" FROM emails`,
    )) as Record<'pending' | 'sending' | 'sent' | 'failed' | 'possiblyDuplicate', number>[];
    return c;
  }

  /** The retry button: a failed email goes back to pending with a fresh job. */
  async retry(emailId: string, user: CurrentUser): Promise<OutboxRow> {
    if (!UUID.test(emailId)) throw AppError.notFound('Không tìm thấy thư.', 'EMAIL_NOT_FOUND');
    await this.dataSource.transaction(async (em) => {
      const [row] = (await em.query(
        `SELECT e.state, e.reminder_id, EXISTS (SELECT 1 FROM reminders r JOIN agency_reports ar ON ar.period_id = r.period_id AND ar.agency_id = r.agency_id
                                               WHERE r.id = e.reminder_id AND ar.state IN ('submitted', 'accepted')) AS reported
         FROM emails e WHERE e.id = $1 FOR UPDATE OF e`,
        [emailId],
      )) as { state: string; reminder_id: string | null; reported: boolean }[];
      if (!row) throw AppError.notFound('Không tìm thấy thư.', 'EMAIL_NOT_FOUND');
      if (row.state !== 'failed') throw AppError.conflict('Chỉ gửi lại được thư gửi không thành công.', 'EMAIL_NOT_FAILED');
      if (row.reported) throw AppError.conflict('Đơn vị đã gửi báo cáo; không cần nhắc nữa.', 'ALREADY_REPORTED');
      await em.query(`UPDATE emails SET state = 'pending', failed_at = NULL WHERE id = $1`, [emailId]);
      if (row.reminder_id)
        await em.query(`UPDATE reminders SET state = 'pending', note = NULL, updated_at = now() WHERE id = $1 AND state = 'failed'`, [
          row.reminder_id,
        ]);
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
