/**
 * The deadline hour (issue 19): 4,000 agencies each open their report, save it twice and send it,
 * as fast as the clients can, through the API. The plan is the bench's own (`BENCH-DEADLINE`):
 * 40 tasks in two sections, each agency leading 8 of them, as a commune leads a handful of a
 * province's tasks. Each agency has one reporter whose session the bench writes directly (a
 * token and its hash, as sign-in stores them): 4,000 Argon2 sign-ins would measure the password
 * hash, not the deadline.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addBenchPlan } from './bench-plans';

export const DEADLINE_PLAN = 'BENCH-DEADLINE';
const TASKS = 40;
const TASKS_PER_AGENCY = 8;

export interface DeadlineHour {
  periodId: string;
  /** One bearer token per agency reporter. */
  tokens: string[];
  entriesPerReport: number;
}

/** The plan, its 2026 first-half period, 4,000 reporters and their sessions (valid at `at`). */
export async function prepareDeadlineHour(ds: DataSource, at: Date): Promise<DeadlineHour> {
  const planId = await addBenchPlan(ds, DEADLINE_PLAN, 'Kế hoạch thử: giờ cuối hạn báo cáo', ['semiannual']);
  const tokens = await ds.transaction(async (em) => {
    await em.query(
      `INSERT INTO plan_sections (plan_id, code, title, position) SELECT $1, 'S' || i, 'Lĩnh vực ' || i, i FROM generate_series(1, 2) i`,
      [planId],
    );
    await em.query(
      `INSERT INTO tasks (plan_id, section_id, code, title, kind, position)
       SELECT $1, (SELECT id FROM plan_sections WHERE plan_id = $1 AND code = 'S' || (1 + (i - 1) % 2)), 'D.' || i, 'Nhiệm vụ thử ' || i, 'task', i
       FROM generate_series(1, $2) i`,
      [planId, TASKS],
    );
    // Agency n leads tasks ((n mod 5) × 8 + 1) … +8: every task has 800 lead agencies.
    await em.query(
      `INSERT INTO task_assignments (task_id, agency_id, role)
       SELECT t.id, a.id, 'lead' FROM agencies a JOIN tasks t ON t.plan_id = $1
        AND t.position BETWEEN (substr(a.code, 2)::int % $2) * $3 + 1 AND (substr(a.code, 2)::int % $2) * $3 + $3
       WHERE a.code LIKE 'N%'`,
      [planId, TASKS / TASKS_PER_AGENCY, TASKS_PER_AGENCY],
    );
    // Reporters with the demo password's hash (never used to sign in here).
    await em.query(
      `INSERT INTO users (username, password_hash, display_name, role, agency_id)
       SELECT 'dl-' || lower(a.code), (SELECT password_hash FROM users WHERE username = 'coordinator'), 'Cán bộ ' || a.short_name, 'reporter', a.id
       FROM agencies a WHERE a.code LIKE 'N%' ORDER BY a.code`,
    );
    const users = await em.query<{ id: string }[]>(`SELECT id FROM users WHERE username LIKE 'dl-n%' ORDER BY username`);
    const issued = users.map(() => randomBytes(32).toString('base64url'));
    await em.query(
      `INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
       SELECT h, u, $3, $3::timestamptz + interval '30 days' FROM unnest($1::text[], $2::uuid[]) AS x(h, u)`,
      [issued.map((t) => createHash('sha256').update(t).digest('hex')), users.map((u) => u.id), at],
    );
    return issued;
  });
  const [{ id: periodId }] = await ds.query<{ id: string }[]>(
    `SELECT p.id FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE p.plan_id = $1 AND p.year = 2026`,
    [planId],
  );
  return { periodId, tokens, entriesPerReport: TASKS_PER_AGENCY };
}
