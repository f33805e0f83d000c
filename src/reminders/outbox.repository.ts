import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';
import type { EmailKind } from './email-templates';
import type { ReminderKindTable } from './reminder-policy';

/** An instant as ISO 8601 in Asia/Ho_Chi_Minh (UTC+7 all year since 1975). */
const iso = (col: string) => `(to_char(${col} AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD"T"HH24:MI:SS') || '+07:00')`;

/** The lead tasks an agency has not yet given a status for in its report of the period. */
const TASKS_TO_REPORT = `(
  SELECT coalesce(json_agg(json_build_object('code', t.code, 'title', t.title) ORDER BY t.code), '[]')
  FROM task_assignments ta JOIN tasks t ON t.id = ta.task_id
  WHERE ta.agency_id = a.id AND ta.role = 'lead' AND t.plan_id = p.plan_id AND t.kind <> 'group'
    AND NOT EXISTS (SELECT 1 FROM agency_reports ar JOIN report_task_entries e ON e.report_id = ar.id
                    WHERE ar.period_id = p.id AND ar.agency_id = a.id AND e.task_id = t.id AND e.status IS NOT NULL))`;

/** Who owes the report of the period bound to `$1`, and where each report stands. */
const OWING = `owing AS (SELECT agency_id FROM owing_agencies($1)),
  sent AS (SELECT agency_id, state, first_submitted_at IS NOT NULL AS received FROM agency_reports WHERE period_id = $1)`;

/**
 * The counts every message shares with the period's status page (PeriodStatusService): a report
 * is received ("đã gửi") once it was first submitted, a returned one included; it is missing
 * ("chưa gửi") until then.
 */
const RECEIVED_COUNT = `(SELECT count(*) FROM owing JOIN sent USING (agency_id) WHERE sent.received)`;
const MISSING_COUNT = `(SELECT count(*) FROM owing LEFT JOIN sent USING (agency_id) WHERE sent.received IS NOT TRUE)`;

export interface ReviewNoticeToQueue {
  reportId: string;
  action: 'returned' | 'accepted';
  /** The n-th return (or acceptance) of this report: one notice each. */
  sequence: number;
  reviewer: string;
  comment: string | null;
  publicUrl: string;
  now: Date;
}

/** A report chain's notice: which report received which lower level's consolidated report. */
export interface ChainInputNoticeToQueue {
  reportId: string;
  consolidationId: string;
  /** Who sent the consolidated report ("Sở Xây dựng tỉnh Cao Bằng"). */
  fromName: string;
  fromPeriodLabel: string;
  /** The "Căn cứ" line the report now starts with. */
  basis: string;
  fileName: string;
  publicUrl: string;
  now: Date;
}

/** A one-time sign-in link to mail (welcome or reset); `data` is what the template reads. */
export interface AccountLinkToQueue {
  linkId: string;
  agencyId: string | null;
  recipient: string;
  data: Record<string, unknown>;
  now: Date;
}

export interface OutboxListFilter {
  state: string | null;
  periodId: string | null;
  id: string | null;
  limit: number;
  /** Only emails about these plans' periods; null or absent: every email. */
  planIds?: string[] | null;
}

/** One outbox row as the outbox page lists it. */
export interface OutboxListRow {
  id: string;
  kind: string;
  state: string;
  code: string | null;
  name: string | null;
  label: string | null;
  recipients: string[];
  cc: string[];
  subject: string | null;
  attempts: number;
  possibly_duplicate: boolean;
  smtp_response: string | null;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  failed_at: Date | null;
}

export type OutboxCounts = Record<'pending' | 'sending' | 'sent' | 'failed' | 'possiblyDuplicate', number>;

/** What a sender needs of a claimed row. */
export interface ClaimedEmail {
  id: string;
  kind: EmailKind;
  recipients: string[];
  cc: string[];
  data: Record<string, unknown>;
  reminder_id: string | null;
  /** The plan of the email's period (whose identity signs it); null for an email of no plan. */
  plan_id: string | null;
}

/** A row that could not be claimed directly, locked for a look at why. */
export interface LockedEmail extends ClaimedEmail {
  state: string;
  sending_at: Date | null;
  reminder_state: string | null;
}

export interface SentRecord {
  at: Date;
  response: string;
  messageId: string;
  subject: string;
  /** Addresses the server refused while accepting others. */
  rejected: string[];
}

/**
 * The outbox (table `emails`): rows written set-based inside the caller's transaction, one
 * statement per batch, each with an idempotency key derived from its cause so writing it twice
 * adds nothing; then claimed, sent and recorded one by one by the mail worker.
 */
@Injectable()
export class OutboxRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /**
   * An email for each reminder of (period, rule) still pending that has someone to send to, of the
   * kind `kinds` names for its audience before or after the deadline; answers their ids.
   */
  async queueReminderEmails(
    args: { periodId: string; rule: string; kinds: ReminderKindTable; publicUrl: string; now: Date },
    em?: EntityManager,
  ): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `WITH ${OWING}
       INSERT INTO emails (idempotency_key, kind, reminder_id, period_id, agency_id, recipients, cc, data, created_at)
       SELECT 'reminder:' || r.id, k.kind, r.id, p.id, a.id, r.recipients, r.cc,
              CASE WHEN k.kind = 'consolidation' THEN jsonb_build_object(
                     'periodLabel', p.label, 'dueAt', ${iso('p.due_at')}, 'consolidationDueAt', ${iso('p.consolidation_due_at')},
                     'remindedAt', ${iso('r.due_at')}, 'rule', r.rule,
                     'expected', (SELECT count(*) FROM owing),
                     'submitted', ${RECEIVED_COUNT},
                     'missing', ${MISSING_COUNT},
                     'consolidationVersion', (SELECT max(c.version) FROM consolidations c WHERE c.period_id = p.id),
                     'link', $3 || '/periods/' || p.id || '/consolidation')
                   ELSE jsonb_build_object(
                     'agencyCode', a.code, 'agencyName', a.name, 'periodLabel', p.label,
                     'dueAt', ${iso('p.due_at')}, 'consolidationDueAt', CASE WHEN p.consolidation_due_at IS NULL THEN NULL ELSE ${iso('p.consolidation_due_at')} END,
                     'remindedAt', ${iso('r.due_at')}, 'rule', r.rule, 'tasks', ${TASKS_TO_REPORT},
                     'link', $3 || '/periods/' || p.id || '/report',
                     'headNames', (SELECT coalesce(jsonb_agg(u.display_name ORDER BY u.username), '[]') FROM users u
                                   WHERE u.agency_id = a.id AND u.role = 'head' AND NOT u.disabled))
              END,
              $4
       FROM reminders r JOIN reporting_periods p ON p.id = r.period_id JOIN agencies a ON a.id = r.agency_id
       CROSS JOIN LATERAL (SELECT coalesce($5::jsonb -> r.audience, $5::jsonb -> 'agency')
                                    ->> CASE WHEN r.due_at < p.due_at THEN 'before' ELSE 'after' END AS kind) k
       WHERE r.period_id = $1 AND r.rule = $2 AND r.state = 'pending' AND cardinality(r.recipients) > 0
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id`,
      [args.periodId, args.rule, args.publicUrl, args.now, JSON.stringify(args.kinds)],
      em,
    );
    return rows.map((r) => r.id);
  }

  /**
   * The coordinator's digest of one day (Asia/Ho_Chi_Minh) for a period: the agencies that have not
   * sent their report. Nothing when every agency has; at most one per period and day.
   */
  async queueDigest(args: { periodId: string; day: string; publicUrl: string; now: Date }, em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `WITH ${OWING},
       missing AS (
         SELECT a.code, a.name, a.kind, CASE WHEN sent.state IS NULL THEN 'none' WHEN sent.state = 'returned' THEN 'returned' ELSE 'draft' END AS state
         FROM owing JOIN agencies a ON a.id = owing.agency_id LEFT JOIN sent ON sent.agency_id = a.id
         WHERE sent.received IS NOT TRUE OR sent.state = 'returned'
       ),
       coordinator AS (
         SELECT a.id, a.emails || coalesce((SELECT array_agg(u.email ORDER BY u.username) FROM users u
                                           WHERE u.agency_id = a.id AND u.role = 'coordinator' AND NOT u.disabled AND u.email IS NOT NULL), '{}') AS emails
         FROM reporting_periods p JOIN plans pl ON pl.id = p.plan_id JOIN agencies a ON a.id = pl.coordinating_agency_id WHERE p.id = $1
       )
       INSERT INTO emails (idempotency_key, kind, period_id, agency_id, recipients, data, created_at)
       SELECT 'digest:' || p.id || ':' || $2, 'digest', p.id, c.id, c.emails,
              jsonb_build_object('periodLabel', p.label, 'dueAt', ${iso('p.due_at')},
                                 'consolidationDueAt', CASE WHEN p.consolidation_due_at IS NULL THEN NULL ELSE ${iso('p.consolidation_due_at')} END,
                                 'date', $2 || 'T08:00:00+07:00', 'expected', (SELECT count(*) FROM owing),
                                 'submitted', ${RECEIVED_COUNT},
                                 'missing', (SELECT jsonb_agg(jsonb_build_object('code', m.code, 'name', m.name, 'state', m.state)
                                                               ORDER BY m.kind <> 'department', m.code) FROM missing m),
                                 'consolidationVersion', (SELECT max(c.version) FROM consolidations c WHERE c.period_id = p.id),
                     'link', $3 || '/periods/' || p.id || '/consolidation'),
              $4
       FROM reporting_periods p CROSS JOIN coordinator c
       WHERE p.id = $1 AND EXISTS (SELECT 1 FROM missing) AND cardinality(c.emails) > 0
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id`,
      [args.periodId, args.day, args.publicUrl, args.now],
      em,
    );
    return rows.map((r) => r.id);
  }

  /** "Your report was returned / accepted", to the agency's addresses and its reporters and heads. */
  async queueReviewNotice(args: ReviewNoticeToQueue, em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `INSERT INTO emails (idempotency_key, kind, period_id, agency_id, recipients, data, created_at)
       SELECT 'report-' || $2 || ':' || r.id || ':' || $3, $2, p.id, a.id,
              ARRAY(SELECT DISTINCT x FROM unnest(a.emails || coalesce((SELECT array_agg(u.email) FROM users u
                      WHERE u.agency_id = a.id AND u.role IN ('reporter', 'head') AND NOT u.disabled AND u.email IS NOT NULL), '{}')) x ORDER BY x),
              jsonb_build_object('agencyName', a.name, 'periodLabel', p.label, 'dueAt', ${iso('p.due_at')}, 'at', ${iso('$6::timestamptz')},
                                 'reviewer', $4::text, 'comment', $5::text, 'link', $7 || '/periods/' || p.id || '/report'),
              $6
       FROM agency_reports r JOIN reporting_periods p ON p.id = r.period_id JOIN agencies a ON a.id = r.agency_id
       WHERE r.id = $1
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id`,
      [args.reportId, args.action, args.sequence, args.reviewer, args.comment, args.now, args.publicUrl],
      em,
    );
    return rows.map((r) => r.id);
  }

  /**
   * "The lower level's consolidated report has arrived for your report": to the receiving agency's
   * reporters, once per consolidated report and report (`chain-input:<consolidation>:<report>`);
   * none when the agency has no reporter with an address.
   */
  async queueChainInput(args: ChainInputNoticeToQueue, em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `WITH target AS (
         SELECT r.id, p.id AS period_id, p.label, p.due_at, a.id AS agency_id, a.name,
                ARRAY(SELECT DISTINCT u.email FROM users u WHERE u.agency_id = a.id AND u.role = 'reporter' AND NOT u.disabled
                        AND u.email IS NOT NULL ORDER BY u.email) AS recipients
         FROM agency_reports r JOIN reporting_periods p ON p.id = r.period_id JOIN agencies a ON a.id = r.agency_id WHERE r.id = $1)
       INSERT INTO emails (idempotency_key, kind, period_id, agency_id, recipients, data, created_at)
       SELECT 'chain-input:' || $2 || ':' || t.id, 'chain_input', t.period_id, t.agency_id, t.recipients,
              jsonb_build_object('agencyName', t.name, 'periodLabel', t.label, 'dueAt', ${iso('t.due_at')}, 'fromName', $3::text,
                                 'fromPeriodLabel', $4::text, 'basis', $5::text, 'fileName', $6::text,
                                 'link', $7 || '/periods/' || t.period_id || '/report'),
              $8
       FROM target t WHERE cardinality(t.recipients) > 0
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id`,
      [args.reportId, args.consolidationId, args.fromName, args.fromPeriodLabel, args.basis, args.fileName, args.publicUrl, args.now],
      em,
    );
    return rows.map((r) => r.id);
  }

  /** The email carrying a sign-in link, one per link (`sign-in-link:<link id>`); answers its id to enqueue after commit. */
  async queueAccountLink(args: AccountLinkToQueue, em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `INSERT INTO emails (idempotency_key, kind, agency_id, recipients, data, created_at)
       VALUES ('sign-in-link:' || $1, 'account_link', $2, ARRAY[$3::text], $4::jsonb, $5)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id`,
      [args.linkId, args.agencyId, args.recipient, JSON.stringify(args.data), args.now],
      em,
    );
    return rows.map((r) => r.id);
  }

  /**
   * Deletes the unsent emails of the agency's pending reminders of the period. Deleting locks the
   * rows, so a worker claiming one at this moment waits, then finds nothing.
   */
  async deletePendingReminderEmails(periodId: string, agencyId: string, em?: EntityManager): Promise<number> {
    const { affected } = await this.change(
      `DELETE FROM emails e USING reminders r WHERE e.reminder_id = r.id AND r.period_id = $1 AND r.agency_id = $2 AND r.state = 'pending' AND e.state = 'pending'`,
      [periodId, agencyId],
      em,
    );
    return affected;
  }

  /** Every row not yet sent or failed, oldest first. */
  async unsentIds(em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(`SELECT id FROM emails WHERE state IN ('pending', 'sending') ORDER BY created_at`, [], em);
    return rows.map((r) => r.id);
  }

  /**
   * The periods whose coordinator gets a digest at `now`: open, from `fromDaysBeforeDue` days
   * before the deadline until the consolidated report is due (or 30 days after the deadline), not locked.
   */
  async digestPeriodIds(now: Date, fromDaysBeforeDue: number, em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `SELECT id FROM reporting_periods
       WHERE $1 >= opens_at AND $1 >= due_at - make_interval(days => $2) AND $1 < coalesce(consolidation_due_at, due_at + interval '30 days') AND locked_at IS NULL`,
      [now, fromDaysBeforeDue],
      em,
    );
    return rows.map((r) => r.id);
  }

  /** The outbox, newest first, filtered. */
  list(filter: OutboxListFilter, em?: EntityManager): Promise<OutboxListRow[]> {
    return this.rows<OutboxListRow>(
      `SELECT e.id, e.kind, e.state, a.code, a.name, p.label, e.recipients, e.cc, e.subject, e.attempts, e.possibly_duplicate,
              e.smtp_response, e.last_error, e.created_at, e.sent_at, e.failed_at
       FROM emails e LEFT JOIN agencies a ON a.id = e.agency_id LEFT JOIN reporting_periods p ON p.id = e.period_id
       WHERE ($1::text IS NULL OR e.state = $1) AND ($2::uuid IS NULL OR e.period_id = $2) AND ($4::uuid IS NULL OR e.id = $4)
         AND ($5::uuid[] IS NULL OR p.plan_id = ANY($5::uuid[]))
       ORDER BY e.created_at DESC, a.code LIMIT $3`,
      [filter.state, filter.periodId, filter.limit, filter.id, filter.planIds ?? null],
      em,
    );
  }

  /** How many rows in each state, and how many may have been received twice; `planIds`: only those plans' emails. */
  async counts(planIds: string[] | null = null, em?: EntityManager): Promise<OutboxCounts> {
    const row = await this.first<OutboxCounts>(
      `SELECT count(*) FILTER (WHERE e.state = 'pending')::int AS pending, count(*) FILTER (WHERE e.state = 'sending')::int AS sending,
              count(*) FILTER (WHERE e.state = 'sent')::int AS sent, count(*) FILTER (WHERE e.state = 'failed')::int AS failed,
              count(*) FILTER (WHERE e.possibly_duplicate)::int AS "possiblyDuplicate"
       FROM emails e WHERE $1::uuid[] IS NULL OR e.period_id IN (SELECT p.id FROM reporting_periods p WHERE p.plan_id = ANY($1::uuid[]))`,
      [planIds],
      em,
    );
    return row!;
  }

  /** The plan of the email's period: undefined for no such email, null for an email about no period (plan scoping). */
  async planIdOf(emailId: string, em?: EntityManager): Promise<string | null | undefined> {
    const row = await this.first<{ plan_id: string | null }>(
      'SELECT p.plan_id FROM emails e LEFT JOIN reporting_periods p ON p.id = e.period_id WHERE e.id = $1',
      [emailId],
      em,
    );
    return row && row.plan_id;
  }

  /** A row locked for the retry button, and whether its agency has sent the report meanwhile. */
  lockForRetry(emailId: string, em?: EntityManager): Promise<{ state: string; reminder_id: string | null; reported: boolean } | undefined> {
    return this.first<{ state: string; reminder_id: string | null; reported: boolean }>(
      `SELECT e.state, e.reminder_id, EXISTS (SELECT 1 FROM reminders r JOIN agency_reports ar ON ar.period_id = r.period_id AND ar.agency_id = r.agency_id
                                             WHERE r.id = e.reminder_id AND ar.state IN ('submitted', 'accepted')) AS reported
       FROM emails e WHERE e.id = $1 FOR UPDATE OF e`,
      [emailId],
      em,
    );
  }

  /** A failed row back to pending. */
  async markPendingAgain(emailId: string, em?: EntityManager): Promise<void> {
    await this.change(`UPDATE emails SET state = 'pending', failed_at = NULL WHERE id = $1`, [emailId], em);
  }

  /** pending → sending in one statement, unless its reminder was withdrawn; undefined when nothing was claimed. */
  async claimPending(emailId: string, now: Date, em?: EntityManager): Promise<ClaimedEmail | undefined> {
    const { rows } = await this.change<ClaimedEmail>(
      `UPDATE emails e SET state = 'sending', attempts = attempts + 1, sending_at = $2
       WHERE e.id = $1 AND e.state = 'pending'
         AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.id = e.reminder_id AND r.state IN ('cancelled', 'skipped'))
       RETURNING e.id, e.kind, e.recipients, e.cc, e.data, e.reminder_id,
                 (SELECT p.plan_id FROM reporting_periods p WHERE p.id = e.period_id) AS plan_id`,
      [emailId, now],
      em,
    );
    return rows[0];
  }

  /** The row with its reminder's state, locked, for a look at why it could not be claimed. */
  lockWithReminder(emailId: string, em?: EntityManager): Promise<LockedEmail | undefined> {
    return this.first<LockedEmail>(
      `SELECT e.id, e.kind, e.recipients, e.cc, e.data, e.reminder_id, e.state, e.sending_at, r.state AS reminder_state, p.plan_id
       FROM emails e LEFT JOIN reminders r ON r.id = e.reminder_id LEFT JOIN reporting_periods p ON p.id = e.period_id
       WHERE e.id = $1 FOR UPDATE OF e`,
      [emailId],
      em,
    );
  }

  /** Deletes a row (its reminder is no longer due). */
  async delete(emailId: string, em?: EntityManager): Promise<void> {
    await this.change('DELETE FROM emails WHERE id = $1', [emailId], em);
  }

  /** Claimed again after a look: sending, flagged as possibly received twice when it was cut off mid-way. */
  async reclaim(emailId: string, now: Date, interrupted: boolean, em?: EntityManager): Promise<void> {
    await this.change(
      `UPDATE emails SET state = 'sending', attempts = attempts + 1, sending_at = $2, possibly_duplicate = possibly_duplicate OR $3 WHERE id = $1`,
      [emailId, now, interrupted],
      em,
    );
  }

  /** Refused for now: back to pending with the error (and flagged when it may have arrived). */
  async releaseForRetry(
    emailId: string,
    attempt: { error: string; subject: string; maybeDelivered: boolean },
    em?: EntityManager,
  ): Promise<void> {
    await this.change(
      `UPDATE emails SET state = 'pending', last_error = $2, subject = $3, possibly_duplicate = possibly_duplicate OR $4 WHERE id = $1 AND state = 'sending'`,
      [emailId, attempt.error, attempt.subject, attempt.maybeDelivered],
      em,
    );
  }

  /**
   * Sent: the SMTP answer recorded, and the row's reminder marked sent, in one statement. A sign-in
   * link is not kept once delivered: the database holds only its hash.
   */
  async markSent(emailId: string, sent: SentRecord, em?: EntityManager): Promise<void> {
    await this.change(
      `WITH sent AS (
         UPDATE emails SET state = 'sent', sent_at = $2, smtp_response = $3, message_id = $4, subject = $5,
           data = CASE WHEN kind = 'account_link' THEN data - 'link' ELSE data END,
           last_error = CASE WHEN cardinality($6::text[]) > 0 THEN 'Máy chủ thư từ chối: ' || array_to_string($6::text[], ', ') ELSE NULL END
         WHERE id = $1 RETURNING reminder_id
       )
       UPDATE reminders r SET state = 'sent', sent_at = $2, updated_at = now() FROM sent
       WHERE r.id = sent.reminder_id AND r.state IN ('pending', 'failed', 'cancelled')`,
      [emailId, sent.at, sent.response, sent.messageId, sent.subject, sent.rejected],
      em,
    );
  }

  /** Failed for good, with the error (and the subject when it was rendered). */
  async markFailed(emailId: string, failure: { at: Date; error: string; subject: string | null }, em?: EntityManager): Promise<void> {
    await this.change(
      `UPDATE emails SET state = 'failed', failed_at = $2, last_error = $3, smtp_response = $3, subject = coalesce($4, subject) WHERE id = $1`,
      [emailId, failure.at, failure.error, failure.subject],
      em,
    );
  }

  /** Rows still pending that were written before `before`: marked sent then (the demo's past). */
  /**
   * The demo's digests not sent yet: written before the demo's reports existed, they would say
   * "0 received". Deleted, the reconciler writes today's anew from what the demo left.
   */
  async deletePendingDigests(em?: EntityManager): Promise<number> {
    const { affected } = await this.change(`DELETE FROM emails WHERE kind = 'digest' AND state = 'pending'`, [], em);
    return affected;
  }

  async markPendingSentAsWritten(before: Date, em?: EntityManager): Promise<number> {
    const { affected } = await this.change(
      `UPDATE emails SET state = 'sent', sent_at = created_at WHERE state = 'pending' AND created_at < $1`,
      [before],
      em,
    );
    return affected;
  }
}
