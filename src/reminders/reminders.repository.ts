import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';
import type { ReminderRecipients } from './reminder-policy';

export interface AgencyRemindersToRecord {
  periodId: string;
  rule: string;
  /** agency, or agency_and_head (escalation). */
  audience: string;
  /** Beyond the agency's contact addresses and its reporters. */
  recipients: ReminderRecipients;
  /** Agencies whose report stands in one of these states are not reminded. */
  skipReportStates: readonly string[];
  dueAt: Date;
  state: 'pending' | 'skipped';
  note: string | null;
  /** Only these agencies (the coordinator's manual reminder); all owing agencies when absent. */
  agencyIds?: string[];
  /** Never these (agencies already reminded today). */
  exceptAgencyIds?: string[];
}

/** An agency reminded in a span of time, by which rule and when (the latest). */
export interface RemindedAgencyRow {
  agency_id: string;
  code: string;
  rule: string;
  due_at: Date;
  /** Null while on its way. */
  sent_at: Date | null;
}

export interface CoordinatorReminderToRecord {
  periodId: string;
  rule: string;
  dueAt: Date;
  state: 'pending' | 'skipped';
  note: string | null;
}

/** A line of a period's reminder log. */
export interface ReminderLogRow {
  code: string;
  name: string;
  rule: string;
  audience: string;
  due_at: Date;
  state: string;
  sent_at: Date | null;
  recipients: string[];
  cc: string[];
  note: string | null;
}

/**
 * Reminders (table `reminders`): one row per (period, agency, rule), recorded when a rule falls
 * due, with its recipients resolved then so the log shows who it is for.
 */
@Injectable()
export class RemindersRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /**
   * The reminders a rule makes due: one per agency that owes the period's report, unless its report
   * stands in `skipReportStates`; unique per (period, agency, rule) so recording twice adds nothing.
   * Recipients: the agency's contact addresses, then its reporters' own, then (when asked) its
   * heads'; CC (when asked) the plan's coordinators. Answers how many it added.
   */
  async recordAgencyReminders(args: AgencyRemindersToRecord, em?: EntityManager): Promise<number> {
    const rows = await this.rows(
      `WITH period AS (SELECT p.id, p.plan_id FROM reporting_periods p WHERE p.id = $1),
       owing AS (SELECT agency_id FROM owing_agencies($1)),
       coordinator AS (
         SELECT coalesce(array_agg(DISTINCT u.email) FILTER (WHERE u.email IS NOT NULL), '{}') AS emails
         FROM period JOIN plans pl ON pl.id = period.plan_id JOIN users u ON u.agency_id = pl.coordinating_agency_id
         WHERE u.role = 'coordinator' AND NOT u.disabled
       )
       INSERT INTO reminders (period_id, agency_id, rule, audience, due_at, state, recipients, cc, note)
       SELECT $1::uuid, a.id, $2::text, $3::text, $4::timestamptz, $5::text,
              a.emails || ARRAY(SELECT u.email FROM users u WHERE u.agency_id = a.id AND u.role = 'reporter' AND NOT u.disabled
                                AND u.email IS NOT NULL AND u.email <> ALL (a.emails) ORDER BY u.username)
                       || CASE WHEN $8::boolean THEN coalesce((
                SELECT array_agg(u.email ORDER BY u.username) FROM users u
                WHERE u.agency_id = a.id AND u.role = 'head' AND NOT u.disabled AND u.email IS NOT NULL), '{}') ELSE '{}' END,
              CASE WHEN $9::boolean THEN (SELECT emails FROM coordinator) ELSE '{}' END,
              $6::text
       FROM owing JOIN agencies a ON a.id = owing.agency_id
       WHERE NOT EXISTS (SELECT 1 FROM agency_reports r WHERE r.period_id = $1 AND r.agency_id = a.id AND r.state = ANY ($10::text[]))
         AND ($7::uuid[] IS NULL OR a.id = ANY ($7::uuid[]))
         AND ($11::uuid[] IS NULL OR a.id <> ALL ($11::uuid[]))
       ON CONFLICT (period_id, agency_id, rule) DO NOTHING
       RETURNING id`,
      [
        args.periodId,
        args.rule,
        args.audience,
        args.dueAt,
        args.state,
        args.note,
        args.agencyIds ?? null,
        args.recipients.heads,
        args.recipients.ccCoordinators,
        args.skipReportStates,
        args.exceptAgencyIds?.length ? args.exceptAgencyIds : null,
      ],
      em,
    );
    return rows.length;
  }

  /**
   * The agencies a reminder of the period went to in [from, to), or is going to now (pending:
   * recorded when due, so on its way, even one due yesterday that a stopped worker sends today),
   * automatic or manual, with the latest such reminder: the cap of one a day counts every source.
   * A reminder that could not be sent (failed, no address) or was cancelled does not count.
   */
  remindedBetween(periodId: string, from: Date, to: Date, em?: EntityManager): Promise<RemindedAgencyRow[]> {
    return this.rows<RemindedAgencyRow>(
      `SELECT DISTINCT ON (r.agency_id) r.agency_id, a.code, r.rule, r.due_at, r.sent_at
       FROM reminders r JOIN agencies a ON a.id = r.agency_id
       WHERE r.period_id = $1 AND r.audience IN ('agency', 'agency_and_head')
         AND (r.state = 'pending' OR (r.state = 'sent' AND coalesce(r.sent_at, r.due_at) >= $2 AND coalesce(r.sent_at, r.due_at) < $3))
       ORDER BY r.agency_id, r.state = 'pending' DESC, coalesce(r.sent_at, r.due_at) DESC`,
      [periodId, from, to],
      em,
    );
  }

  /** A consolidation reminder (C-3, C-1) to the coordinating agency and its coordinators; answers how many it added (0 or 1). */
  async recordCoordinatorReminder(args: CoordinatorReminderToRecord, em?: EntityManager): Promise<number> {
    const rows = await this.rows(
      `INSERT INTO reminders (period_id, agency_id, rule, audience, due_at, state, recipients, note)
       SELECT p.id, a.id, $2::text, 'coordinator', $3::timestamptz, $4::text,
              coalesce((SELECT array_agg(u.email ORDER BY u.username) FROM users u
                        WHERE u.agency_id = a.id AND u.role = 'coordinator' AND NOT u.disabled AND u.email IS NOT NULL), '{}') || a.emails,
              $5::text
       FROM reporting_periods p JOIN plans pl ON pl.id = p.plan_id JOIN agencies a ON a.id = pl.coordinating_agency_id
       WHERE p.id = $1
       ON CONFLICT (period_id, agency_id, rule) DO NOTHING
       RETURNING id`,
      [args.periodId, args.rule, args.dueAt, args.state, args.note],
      em,
    );
    return rows.length;
  }

  /** The pending reminders of (period, rule) that have nobody to send to: failed, with the note the log shows. */
  async failWithoutRecipients(periodId: string, rule: string, note: string, em?: EntityManager): Promise<number> {
    const { affected } = await this.change(
      `UPDATE reminders SET state = 'failed', note = $3, updated_at = now()
       WHERE period_id = $1 AND rule = $2 AND state = 'pending' AND cardinality(recipients) = 0`,
      [periodId, rule, note],
      em,
    );
    return affected;
  }

  /** The agency's reminders of the period not yet sent are no longer due: cancelled with a note. */
  async cancelPendingForAgency(periodId: string, agencyId: string, note: string, em?: EntityManager): Promise<number> {
    const { affected } = await this.change(
      `UPDATE reminders SET state = 'cancelled', note = $3, updated_at = now()
       WHERE period_id = $1 AND agency_id = $2 AND state = 'pending'`,
      [periodId, agencyId, note],
      em,
    );
    return affected;
  }

  /** A failed reminder back to pending (its email is being retried). */
  async reopenFailed(reminderId: string, em?: EntityManager): Promise<void> {
    await this.change(
      `UPDATE reminders SET state = 'pending', note = NULL, updated_at = now() WHERE id = $1 AND state = 'failed'`,
      [reminderId],
      em,
    );
  }

  /** A pending reminder whose email could not be sent: failed, with why. */
  async markFailed(reminderId: string, note: string, em?: EntityManager): Promise<void> {
    await this.change(
      `UPDATE reminders SET state = 'failed', note = $2, updated_at = now() WHERE id = $1 AND state = 'pending'`,
      [reminderId, note],
      em,
    );
  }

  /** The ids of the agencies with these codes (codes not found are absent). */
  agenciesByCode(codes: string[], em?: EntityManager): Promise<{ id: string; code: string }[]> {
    return this.rows<{ id: string; code: string }>('SELECT id, code FROM agencies WHERE code = ANY($1)', [codes], em);
  }

  /** When the period opens for reports; undefined for no such period. */
  async periodOpensAt(periodId: string, em?: EntityManager): Promise<Date | undefined> {
    return (await this.first<{ opens_at: Date }>('SELECT opens_at FROM reporting_periods WHERE id = $1', [periodId], em))?.opens_at;
  }

  /** The state of each agency's reminder under (period, rule), by agency code. */
  statesForRule(periodId: string, rule: string, em?: EntityManager): Promise<{ code: string; state: string }[]> {
    return this.rows<{ code: string; state: string }>(
      `SELECT a.code, r.state FROM reminders r JOIN agencies a ON a.id = r.agency_id WHERE r.period_id = $1 AND r.rule = $2 ORDER BY a.code`,
      [periodId, rule],
      em,
    );
  }

  /** The reminder log of a period, in the order reminders fell due (departments first). */
  forPeriod(periodId: string, em?: EntityManager): Promise<ReminderLogRow[]> {
    return this.rows<ReminderLogRow>(
      `SELECT a.code, a.name, r.rule, r.audience, r.due_at, r.state, r.sent_at, r.recipients, r.cc, r.note
       FROM reminders r JOIN agencies a ON a.id = r.agency_id
       WHERE r.period_id = $1 ORDER BY r.due_at, a.kind <> 'department', a.code`,
      [periodId],
      em,
    );
  }
}
