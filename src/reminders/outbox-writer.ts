import { EntityManager } from 'typeorm';
import { OWING_CTE } from '../reporting/owing-sql';

/**
 * Writes outbox rows (table `emails`) inside the caller's transaction, set-based: one statement
 * per batch, never a query per agency. Each row's idempotency key is derived from its cause, so
 * writing it twice adds nothing; the caller enqueues the returned ids after commit (and the
 * reconciler enqueues any it missed).
 */

/** An instant as ISO 8601 in Asia/Ho_Chi_Minh (UTC+7 all year since 1975). */
const iso = (col: string) => `(to_char(${col} AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD"T"HH24:MI:SS') || '+07:00')`;

/** The lead tasks an agency has not yet given a status for in its report of the period. */
const TASKS_TO_REPORT = `(
  SELECT coalesce(json_agg(json_build_object('code', t.code, 'title', t.title) ORDER BY t.code), '[]')
  FROM task_assignments ta JOIN tasks t ON t.id = ta.task_id
  WHERE ta.agency_id = a.id AND ta.role = 'lead' AND t.plan_id = p.plan_id AND t.kind <> 'group'
    AND NOT EXISTS (SELECT 1 FROM agency_reports ar JOIN report_task_entries e ON e.report_id = ar.id
                    WHERE ar.period_id = p.id AND ar.agency_id = a.id AND e.task_id = t.id AND e.status IS NOT NULL))`;

/** Who owes the period's report, and where each report stands. */
const OWING = `
  ${OWING_CTE},
  sent AS (SELECT agency_id, state FROM agency_reports WHERE period_id = $1)`;

/**
 * An email for each reminder of (period, rule) still pending; reminders with nobody to send to
 * are marked failed with a note the coordinator sees in the reminder log.
 */
export async function queueReminderEmails(
  em: EntityManager,
  args: { periodId: string; rule: string; publicUrl: string; now: Date },
): Promise<string[]> {
  await em.query(
    `UPDATE reminders SET state = 'failed', note = 'Không có địa chỉ email nhận nhắc nhở: đề nghị cập nhật email của đơn vị.', updated_at = now()
     WHERE period_id = $1 AND rule = $2 AND state = 'pending' AND cardinality(recipients) = 0`,
    [args.periodId, args.rule],
  );
  const rows = (await em.query(
    `WITH ${OWING.trim()}
     INSERT INTO emails (idempotency_key, kind, reminder_id, period_id, agency_id, recipients, cc, data, created_at)
     SELECT 'reminder:' || r.id, k.kind, r.id, p.id, a.id, r.recipients, r.cc,
            CASE WHEN k.kind = 'consolidation' THEN jsonb_build_object(
                   'periodLabel', p.label, 'dueAt', ${iso('p.due_at')}, 'consolidationDueAt', ${iso('p.consolidation_due_at')},
                   'remindedAt', ${iso('r.due_at')}, 'rule', r.rule,
                   'expected', (SELECT count(*) FROM owing),
                   'submitted', (SELECT count(*) FROM owing JOIN sent USING (agency_id) WHERE sent.state IN ('submitted', 'accepted')),
                   'missing', (SELECT count(*) FROM owing LEFT JOIN sent USING (agency_id) WHERE sent.state IS NULL OR sent.state NOT IN ('submitted', 'accepted')),
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
     CROSS JOIN LATERAL (SELECT CASE WHEN r.audience = 'coordinator' THEN 'consolidation'
                                     WHEN r.audience = 'agency_and_head' THEN 'escalation'
                                     WHEN r.due_at < p.due_at THEN 'before_deadline'
                                     ELSE 'overdue' END AS kind) k
     WHERE r.period_id = $1 AND r.rule = $2 AND r.state = 'pending' AND cardinality(r.recipients) > 0
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING id`,
    [args.periodId, args.rule, args.publicUrl, args.now],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * The coordinator's digest of one day (Asia/Ho_Chi_Minh) for a period: the agencies that have not
 * sent their report. Nothing when every agency has; at most one per period and day.
 */
export async function queueDigest(
  em: EntityManager,
  args: { periodId: string; day: string; publicUrl: string; now: Date },
): Promise<string[]> {
  const rows = (await em.query(
    `WITH ${OWING.trim()},
     missing AS (
       SELECT a.code, a.name, a.kind, coalesce(sent.state, 'none') AS state
       FROM owing JOIN agencies a ON a.id = owing.agency_id LEFT JOIN sent ON sent.agency_id = a.id
       WHERE sent.state IS NULL OR sent.state NOT IN ('submitted', 'accepted')
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
                               'submitted', (SELECT count(*) FROM owing) - (SELECT count(*) FROM missing),
                               'missing', (SELECT jsonb_agg(jsonb_build_object('code', m.code, 'name', m.name, 'state', CASE m.state WHEN 'none' THEN 'none' WHEN 'returned' THEN 'returned' ELSE 'draft' END)
                                                             ORDER BY m.kind <> 'department', m.code) FROM missing m),
                               'consolidationVersion', (SELECT max(c.version) FROM consolidations c WHERE c.period_id = p.id),
                   'link', $3 || '/periods/' || p.id || '/consolidation'),
            $4
     FROM reporting_periods p CROSS JOIN coordinator c
     WHERE p.id = $1 AND EXISTS (SELECT 1 FROM missing) AND cardinality(c.emails) > 0
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING id`,
    [args.periodId, args.day, args.publicUrl, args.now],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/** "Your report was returned / accepted", to the agency's addresses and its reporters and heads. */
export async function queueReviewNotice(
  em: EntityManager,
  args: {
    reportId: string;
    action: 'returned' | 'accepted';
    sequence: number;
    reviewer: string;
    comment: string | null;
    publicUrl: string;
    now: Date;
  },
): Promise<string[]> {
  const rows = (await em.query(
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
  )) as { id: string }[];
  return rows.map((r) => r.id);
}
