import { EntityManager } from 'typeorm';
import { OWING_CTE } from '../reporting/owing-sql';

/**
 * Records the reminders a rule makes due: one row per agency that owes the period's report and
 * has not sent it, unique per (period, agency, rule), so recording twice adds nothing.
 * Recipients are resolved now so the reminder log shows who it is for.
 */
export async function recordAgencyReminders(
  em: EntityManager,
  args: {
    periodId: string;
    rule: string;
    audience: string;
    dueAt: Date;
    state: 'pending' | 'skipped';
    note: string | null;
    agencyIds?: string[];
  },
): Promise<number> {
  const rows = (await em.query(
    `WITH period AS (SELECT p.id, p.plan_id FROM reporting_periods p WHERE p.id = $1),
     ${OWING_CTE},
     coordinator AS (
       SELECT coalesce(array_agg(DISTINCT u.email) FILTER (WHERE u.email IS NOT NULL), '{}') AS emails
       FROM period JOIN plans pl ON pl.id = period.plan_id JOIN users u ON u.agency_id = pl.coordinating_agency_id
       WHERE u.role = 'coordinator' AND NOT u.disabled
     )
     INSERT INTO reminders (period_id, agency_id, rule, audience, due_at, state, recipients, cc, note)
     SELECT $1::uuid, a.id, $2::text, $3::text, $4::timestamptz, $5::text,
            -- The agency's contact addresses, then its reporters' own (and for escalation its heads').
            a.emails || ARRAY(SELECT u.email FROM users u WHERE u.agency_id = a.id AND u.role = 'reporter' AND NOT u.disabled
                              AND u.email IS NOT NULL AND u.email <> ALL (a.emails) ORDER BY u.username)
                     || CASE WHEN $3::text = 'agency_and_head' THEN coalesce((
              SELECT array_agg(u.email ORDER BY u.username) FROM users u
              WHERE u.agency_id = a.id AND u.role = 'head' AND NOT u.disabled AND u.email IS NOT NULL), '{}') ELSE '{}' END,
            CASE WHEN $3::text = 'agency_and_head' THEN (SELECT emails FROM coordinator) ELSE '{}' END,
            $6::text
     FROM owing JOIN agencies a ON a.id = owing.agency_id
     -- An agency whose report is sent (waiting for review, or accepted) is not reminded; a returned one is.
     WHERE NOT EXISTS (SELECT 1 FROM agency_reports r WHERE r.period_id = $1 AND r.agency_id = a.id AND r.state IN ('submitted', 'accepted'))
       AND ($7::uuid[] IS NULL OR a.id = ANY ($7::uuid[]))
     ON CONFLICT (period_id, agency_id, rule) DO NOTHING
     RETURNING id`,
    [args.periodId, args.rule, args.audience, args.dueAt, args.state, args.note, args.agencyIds ?? null],
  )) as unknown[];
  return rows.length;
}

/** A consolidation reminder (C-3, C-1) to the coordinating agency and its coordinators. */
export async function recordCoordinatorReminder(
  em: EntityManager,
  args: { periodId: string; rule: string; dueAt: Date; state: 'pending' | 'skipped'; note: string | null },
): Promise<number> {
  const rows = (await em.query(
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
  )) as unknown[];
  return rows.length;
}
