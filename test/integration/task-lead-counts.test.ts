import { startTestApp, TestApp } from '../helpers/app';

/**
 * Each task's number of lead agencies ("N đơn vị chủ trì" in the consolidation) is kept with its
 * assignments by triggers (migration TaskLeadCounts), whatever writes them: the seed, the task
 * API, a plain UPDATE or DELETE, a TRUNCATE.
 */
describe('lead agencies counted with the assignments', () => {
  let t: TestApp;
  let admin: string;
  const PLAN = 'CB-2026-2030';

  /** Tasks whose kept count differs from a count of their lead assignments. */
  const drift = () =>
    t.db.query<{ code: string; kept: number; counted: number }[]>(
      `SELECT t.code, t.lead_agencies AS kept, count(ta.*) FILTER (WHERE ta.role = 'lead')::int AS counted
       FROM tasks t LEFT JOIN task_assignments ta ON ta.task_id = t.id GROUP BY t.id HAVING t.lead_agencies <> count(ta.*) FILTER (WHERE ta.role = 'lead')`,
    );
  const kept = async (code: string) =>
    (
      await t.db.query<{ n: number }[]>(
        `SELECT lead_agencies AS n FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE p.code = $1 AND t.code = $2`,
        [PLAN, code],
      )
    )[0].n;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-10T09:00:00+07:00', env: { CALENDAR_RECONCILE_SECONDS: '3600' } });
    admin = await t.bearer('admin');
  }, 120000);
  afterAll(() => t?.close());

  it('match the assignments the seed wrote', async () => {
    const [{ tasks, leads }] = await t.db.query<{ tasks: number; leads: number }[]>(
      `SELECT count(DISTINCT t.id)::int AS tasks, coalesce(sum(t.lead_agencies), 0)::int AS leads FROM tasks t`,
    );
    expect(tasks).toBeGreaterThan(60);
    expect(leads).toBeGreaterThan(60);
    expect(await drift()).toEqual([]);
  });

  it('follow the task API, an UPDATE of roles, a DELETE and a TRUNCATE', async () => {
    const [task] = await t.db.query<{ code: string }[]>(
      `SELECT t.code FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE p.code = $1 AND t.kind <> 'group' ORDER BY t.code LIMIT 1`,
      [PLAN],
    );
    const path = `/api/plans/${PLAN}/tasks/${encodeURIComponent(task.code)}/assignments`;
    await t
      .http()
      .put(path)
      .set('Authorization', admin)
      .send({ lead: ['01273', '01279', '01290'], cooperating: ['SXD'] })
      .expect(200);
    expect(await kept(task.code)).toBe(3);
    await t
      .http()
      .put(path)
      .set('Authorization', admin)
      .send({ lead: ['01290'], cooperating: ['SXD', '01273'] })
      .expect(200);
    expect(await kept(task.code)).toBe(1);

    // One statement turning every cooperating assignment of the plan into a lead one, then back.
    await t.db.query(
      `UPDATE task_assignments SET role = 'lead' WHERE role = 'cooperating' AND task_id IN (SELECT t.id FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE p.code = $1)`,
      [PLAN],
    );
    expect(await kept(task.code)).toBe(3);
    expect(await drift()).toEqual([]);
    await t.db.query(`DELETE FROM task_assignments WHERE agency_id = (SELECT id FROM agencies WHERE code = '01290')`);
    expect(await kept(task.code)).toBe(2);
    expect(await drift()).toEqual([]);

    await t.db.query('TRUNCATE task_assignments');
    expect(await drift()).toEqual([]);
    const [{ leads }] = await t.db.query<{ leads: number }[]>(`SELECT coalesce(sum(lead_agencies), 0)::int AS leads FROM tasks`);
    expect(leads).toBe(0);
  });
});
