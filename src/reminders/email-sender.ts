import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { renderEmail } from './email-templates';
import { isPermanentMailError, Mailer, mailErrorText, mayHaveBeenDelivered } from './mailer';
import { ClaimedEmail, OutboxRepository } from './outbox.repository';
import { RemindersRepository } from './reminders.repository';
import { PlanIdentityService } from '../plans/plan-identity.service';

export type DeliveryOutcome =
  | 'sent'
  /** The row is gone (its reminder was cancelled) or already sent or failed: nothing to do. */
  | 'nothing'
  /** Refused for good, or out of attempts: marked failed. */
  | 'failed'
  /** Refused for now: back to pending; the queue retries with backoff. */
  | 'retry';

export class RetryLater extends Error {}

/**
 * How long a "sending" mark may be another attempt still running. A job reaches us again only once
 * BullMQ found its worker gone (its 15 s lock expired, EmailProcessor), so an older mark was cut off.
 */
const SENDING_LEASE_MS = 15_000;

/**
 * Delivers one outbox row: claim it (pending → sending) in one transaction, send, then record
 * the SMTP answer and the new state in another. A row found "sending" was cut off mid-way (the
 * worker died): it is re-checked (still wanted? not sent meanwhile? the mark old enough that no
 * other attempt can still be running?) and sent again, flagged as possibly received twice.
 */
@Injectable()
export class EmailSender {
  private readonly logger = new Logger('Mail');

  constructor(
    /** Only to group repository calls in one transaction. */
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly reminders: RemindersRepository,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly identities: PlanIdentityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async deliver(emailId: string, finalAttempt: boolean): Promise<DeliveryOutcome> {
    const row = await this.claim(emailId);
    if (!row) return 'nothing';
    let rendered: { subject: string; html: string; text: string };
    // Signed by the plan's coordinating agency, from its address; an email of no plan by the deployment.
    const identity = row.plan_id ? await this.identities.forPlan(row.plan_id) : null;
    const from = identity ? { name: identity.senderName, address: identity.senderEmail } : null;
    try {
      rendered = renderEmail(
        row.kind,
        row.data as never,
        identity
          ? { name: identity.senderName, shortName: identity.senderShortName, recipient: identity.recipientShortName }
          : { name: this.config.organizationName },
      );
    } catch (error) {
      await this.fail(row, null, `Không dựng được nội dung thư: ${mailErrorText(error)}`);
      return 'failed';
    }
    if (row.recipients.length === 0) {
      await this.fail(row, rendered.subject, 'Không có địa chỉ người nhận.');
      return 'failed';
    }
    let answer: Awaited<ReturnType<Mailer['send']>>;
    try {
      answer = await this.mailer.send({ emailId: row.id, to: row.recipients, cc: row.cc, from, ...rendered });
    } catch (error) {
      const text = mailErrorText(error);
      if (isPermanentMailError(error) || finalAttempt) {
        await this.fail(row, rendered.subject, text);
        this.logger.warn({ emailId: row.id, kind: row.kind, err: text, permanent: isPermanentMailError(error) }, 'Email failed');
        return 'failed';
      }
      // Cut off after the message was handed over: it may have arrived; the next attempt says so.
      const maybeDelivered = mayHaveBeenDelivered(error);
      await this.outbox.releaseForRetry(row.id, { error: text, subject: rendered.subject, maybeDelivered });
      return 'retry';
    }
    // Outside the try: if recording fails (Postgres away), the row stays "sending" and the crash
    // re-check sends it again flagged as possibly received twice; never silently unflagged.
    await this.outbox.markSent(row.id, {
      at: this.clock.now(),
      response: answer.response,
      messageId: answer.messageId,
      subject: rendered.subject,
      rejected: answer.rejected,
    });
    return 'sent';
  }

  /**
   * pending → sending in one statement (the common case), or, when that finds nothing to claim,
   * a look at why: already sent or failed, withdrawn, or a "sending" mark left by a crash, which is
   * re-checked and claimed again as possibly received twice. Null when there is nothing to send.
   */
  private async claim(emailId: string): Promise<ClaimedEmail | null> {
    const now = this.clock.now();
    const claimed = await this.outbox.claimPending(emailId, now);
    if (claimed) return claimed;
    return this.dataSource.transaction(async (em) => {
      const row = await this.outbox.lockWithReminder(emailId, em);
      if (!row || row.state === 'sent' || row.state === 'failed') return null;
      // The agency sent its report after the reminder was written: the reminder is no longer due.
      if (row.reminder_state === 'cancelled' || row.reminder_state === 'skipped') {
        await this.outbox.delete(emailId, em);
        return null;
      }
      const interrupted = row.state === 'sending';
      // A mark from the future was left by a process whose clock ran ahead (APP_CLOCK_START restarts): cut off too.
      const age = row.sending_at ? now.getTime() - row.sending_at.getTime() : Infinity;
      if (interrupted && age >= 0 && age < SENDING_LEASE_MS) {
        // Possibly another attempt still talking to the SMTP server: look again later.
        throw new RetryLater(`email ${emailId} is being sent since ${row.sending_at?.toISOString()}`);
      }
      await this.outbox.reclaim(emailId, now, interrupted, em);
      if (interrupted)
        this.logger.warn({ emailId }, 'Email found "sending" after a crash: sending it again, marked as possibly received twice');
      return row;
    });
  }

  private async fail(row: ClaimedEmail, subject: string | null, error: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.outbox.markFailed(row.id, { at: this.clock.now(), error, subject }, em);
      if (row.reminder_id) await this.reminders.markFailed(row.reminder_id, `Gửi thư không thành công: ${error}`.slice(0, 1000), em);
    });
  }
}
