import { startTestApp, TestApp } from '../helpers/app';
import { sendLeadReport } from '../helpers/reports';

/**
 * The roll-up's per-task sums are kept with the reports (migration PeriodTaskTotals), whatever
 * writes them: a report sent, returned, sent again and accepted through the API; entries of a sent
 * report changed, added and removed by plain SQL; a sent report deleted; a TRUNCATE. After each,
 * the kept sums equal a fresh sum over the lead entries of the sent reports, and the consolidated
 * report built from them says what the reports say.
 */
describe('per-task totals kept with the reports', () => {
  let t: TestApp;
  let periodId: string;
  const auth: Record<string, string> = {};

  /** Rows where the kept totals and a fresh sum over the entries differ (either side missing included). */
  const drift = () =>
    t.db.query<Record<string, unknown>[]>(
      `WITH fresh AS (
         SELECT r.period_id, e.task_id, coalesce(e.status, '') AS status_key, count(*)::int AS n,
                coalesce(sum(e.percent_complete), 0)::bigint AS pct_sum, count(e.percent_complete)::int AS pct_n,
                sum(e.capital_allocated) AS alloc, sum(e.capital_allocated_state_budget) AS alloc_state,
                sum(e.capital_disbursed) AS disb, sum(e.capital_disbursed_state_budget) AS disb_state
         FROM report_task_entries e JOIN agency_reports r ON r.id = e.report_id
         WHERE e.role = 'lead' AND r.state IN ('submitted', 'accepted') GROUP BY 1, 2, 3),
       kept AS (
         SELECT period_id, task_id, status_key, sum(n)::int AS n, sum(pct_sum)::bigint AS pct_sum, sum(pct_n)::int AS pct_n,
                sum(CASE WHEN alloc_n > 0 THEN alloc END) AS alloc, sum(CASE WHEN alloc_state_n > 0 THEN alloc_state END) AS alloc_state,
                sum(CASE WHEN disb_n > 0 THEN disb END) AS disb, sum(CASE WHEN disb_state_n > 0 THEN disb_state END) AS disb_state
         FROM period_task_totals GROUP BY 1, 2, 3 HAVING sum(n) <> 0)
       SELECT to_jsonb(f) AS fresh, to_jsonb(k) AS kept FROM fresh f FULL JOIN kept k
         ON k.period_id = f.period_id AND k.task_id = f.task_id AND k.status_key = f.status_key
       WHERE (f.n, f.pct_sum, f.pct_n, f.alloc, f.alloc_state, f.disb, f.disb_state)
             IS DISTINCT FROM (k.n, k.pct_sum, k.pct_n, k.alloc, k.alloc_state, k.disb, k.disb_state)`,
    );
  const keptRows = async () => (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM period_task_totals WHERE n <> 0`))[0].n;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-10T09:00:00+07:00', env: { CALENDAR_RECONCILE_SECONDS: '3600' } });
    for (const u of ['stc', '01290', '01273', 'coordinator']) auth[u] = await t.bearer(u);
    const periods = (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', auth.coordinator).expect(200)).body as {
      id: string;
      kind: string;
      year: number;
    }[];
    periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
  }, 120000);
  afterAll(() => t?.close());

  it('follow reports sent, returned, sent again and accepted', async () => {
    const stc = await sendLeadReport(t, auth.stc, periodId, 40);
    await sendLeadReport(t, auth['01290'], periodId, 70);
    const commune = await sendLeadReport(t, auth['01273'], periodId, 10);
    expect(await keptRows()).toBeGreaterThan(0);
    expect(await drift()).toEqual([]);

    await t
      .http()
      .post(`/api/reports/${commune}/return`)
      .set('Authorization', auth.coordinator)
      .send({ comment: 'Đề nghị bổ sung số liệu.' })
      .expect(200);
    expect(await drift()).toEqual([]);
    await t.http().post(`/api/periods/${periodId}/my-report/submit`).set('Authorization', auth['01273']).expect(200);
    await t.http().post(`/api/reports/${stc}/accept`).set('Authorization', auth.coordinator).expect(200);
    expect(await drift()).toEqual([]);

    // The consolidated report reads the kept sums: STC's tasks say what STC sent.
    const built = (await t.http().post(`/api/periods/${periodId}/consolidations`).set('Authorization', auth.coordinator).expect(201))
      .body as { figures: { sections: { tasks: { code: string; reported: number; averagePercent: string | null }[] }[] } };
    const [stcTask] = await t.db.query<{ code: string; leads: number }[]>(
      `SELECT t.code, t.lead_agencies AS leads FROM report_task_entries e JOIN tasks t ON t.id = e.task_id
       WHERE e.report_id = $1 AND e.role = 'lead' AND t.lead_agencies = 1 ORDER BY t.code LIMIT 1`,
      [stc],
    );
    const line = built.figures.sections.flatMap((s) => s.tasks).find((x) => x.code === stcTask.code)!;
    expect(line.reported).toBe(1);
    expect(Number(line.averagePercent)).toBe(40);
  });

  it('follow entries of a sent report changed, added and removed, a deleted report and a TRUNCATE', async () => {
    // One statement over every lead entry of the sent reports: status, percent and money.
    await t.db.query(
      `UPDATE report_task_entries e SET status = CASE WHEN e.percent_complete > 50 THEN 'completed' ELSE NULL END,
              percent_complete = CASE WHEN e.percent_complete = 10 THEN NULL ELSE e.percent_complete + 5 END,
              capital_allocated = 12.345, capital_disbursed_state_budget = CASE WHEN e.percent_complete > 50 THEN 1.5 END
       FROM agency_reports r WHERE r.id = e.report_id AND r.period_id = $1 AND e.role = 'lead'`,
      [periodId],
    );
    expect(await drift()).toEqual([]);
    // A cooperating entry turned lead, and one lead entry removed.
    await t.db.query(
      `UPDATE report_task_entries SET role = 'lead', capital_allocated = 2 WHERE id = (
         SELECT e.id FROM report_task_entries e JOIN agency_reports r ON r.id = e.report_id
         WHERE r.period_id = $1 AND r.state IN ('submitted', 'accepted') AND e.role = 'cooperating' ORDER BY e.id LIMIT 1)`,
      [periodId],
    );
    await t.db.query(
      `DELETE FROM report_task_entries WHERE id = (
         SELECT e.id FROM report_task_entries e JOIN agency_reports r ON r.id = e.report_id
         WHERE r.period_id = $1 AND e.role = 'lead' ORDER BY e.id LIMIT 1)`,
      [periodId],
    );
    expect(await drift()).toEqual([]);

    // A sent report deleted: its entries leave with it.
    const before = await keptRows();
    await t.db.query(`DELETE FROM agency_reports WHERE period_id = $1 AND agency_id = (SELECT id FROM agencies WHERE code = '01290')`, [
      periodId,
    ]);
    expect(await drift()).toEqual([]);
    expect(await keptRows()).toBeLessThanOrEqual(before);

    await t.db.query('TRUNCATE report_task_entries');
    expect(await keptRows()).toBe(0);
    expect(await drift()).toEqual([]);
  });
});
