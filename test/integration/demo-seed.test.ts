import { loadConfig } from '../../src/config/app-config';
import { seedDemoReports } from '../../src/demo/demo-reports';
import { cloneTemplateDatabase, databaseUrl, REDIS_TEST_URL } from '../helpers/db';
import { binaryParser, startTestApp, TestApp } from '../helpers/app';
import { convertWithLibreOffice } from '../helpers/office';

/**
 * The living demo: on a fresh database, reports relative to the application clock (2/12/2026):
 * the one-off plan and the first half of 2026 complete with final consolidated reports, the
 * 2026 annual report in progress.
 */
describe('demo reports (SEED_DEMO_REPORTS)', () => {
  let t: TestApp;
  let coordinator: string;
  const NOW = '2026-12-02T09:00:00+07:00';

  beforeAll(async () => {
    const name = await cloneTemplateDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl(name),
      REDIS_URL: REDIS_TEST_URL,
      LOG_LEVEL: 'silent',
      REDIS_PREFIX: name,
    });
    const first = await seedDemoReports(config, new Date(NOW));
    expect(first).toMatchObject({ periods: 3, consolidations: 2 });
    expect(await seedDemoReports(config, new Date(NOW))).toBeNull(); // only on an empty database
    t = await startTestApp({ now: NOW, databaseName: name });
    coordinator = await t.bearer('coordinator');
  }, 120_000);
  afterAll(() => t.close(false));

  const periods = async () =>
    (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', coordinator).expect(200)).body as {
      id: string;
      kind: string;
      year: number;
    }[];
  const status = async (id: string) => (await t.http().get(`/api/periods/${id}/status`).set('Authorization', coordinator).expect(200)).body;

  it('past periods are complete: some late, one agency never reported, a final consolidated report', async () => {
    const all = await periods();
    for (const kind of ['one-off', 'semiannual']) {
      const p = all.find((x) => x.kind === kind && (kind === 'one-off' || x.year === 2026))!;
      const s = await status(p.id);
      expect(s.summary.expected).toBe(64);
      expect(s.summary.submitted).toBe(63);
      expect(s.summary.missing).toBe(1);
      expect(s.summary.late).toBeGreaterThan(0);
      expect(s.summary.onTime).toBeGreaterThan(s.summary.late);
      expect(s.summary.accepted).toBe(63);
      const list = (await t.http().get(`/api/periods/${p.id}/consolidations`).set('Authorization', coordinator).expect(200)).body;
      expect(list).toEqual([expect.objectContaining({ version: 1, final: true })]);
      const c = (await t.http().get(`/api/consolidations/${list[0].id}`).set('Authorization', coordinator).expect(200)).body;
      expect(c.documentNumber).toMatch(/\/BC-SXD$/);
      // Figures a department could send: no section given more in one period than the plan needs
      // in five years, no count of communes above the communes asked, nothing for the coordinator to re-check.
      for (const sec of c.figures.capital.sections as { title: string; need: { total: string }; allocated: { total: string } }[])
        expect([sec.title, Number(sec.allocated.total) <= Number(sec.need.total)]).toEqual([sec.title, true]);
      const yesCounts = (c.figures.indicators as { aggregation: string; value: string | null; asked: number }[]).filter(
        (i) => i.aggregation === 'count_yes',
      );
      expect(yesCounts.length).toBeGreaterThan(0);
      for (const i of yesCounts) expect(Number(i.value ?? 0)).toBeLessThanOrEqual(i.asked);
      expect(c.plausibility).toEqual([]);
    }
  });

  it('the annual 2026 period is in progress: submitted, one returned, drafts and not started', async () => {
    const annual = (await periods()).find((x) => x.kind === 'annual' && x.year === 2026)!;
    const s = await status(annual.id);
    expect(s.summary.returned).toBe(1);
    expect(s.summary.submitted).toBeGreaterThan(10);
    expect(s.summary.accepted).toBeGreaterThan(0);
    const drafts = s.agencies.filter((a: { state: string; hasDraft: boolean }) => a.state === 'missing' && a.hasDraft);
    const notStarted = s.agencies.filter((a: { state: string; hasDraft: boolean }) => a.state === 'missing' && !a.hasDraft);
    expect(drafts.length).toBeGreaterThan(5);
    expect(notStarted.length).toBeGreaterThan(5);
  });

  it('figures add up: disbursed never above allocated, state budget never above the total', async () => {
    const [bad] = await t.db.query(
      `SELECT count(*)::int AS n FROM report_task_entries WHERE capital_disbursed > capital_allocated OR capital_allocated_state_budget > capital_allocated
         OR capital_disbursed_state_budget > capital_disbursed`,
    );
    expect(bad.n).toBe(0);
    const [pending] = await t.db.query(`SELECT count(*)::int AS n FROM emails WHERE state = 'pending' AND created_at < $1`, [
      new Date(NOW),
    ]);
    expect(pending.n).toBe(0);
  });

  it('gives the December consolidation a Decree 30 DOCX: the date line, the numbered appendices, the signer', async () => {
    const annual = (await periods()).find((x) => x.kind === 'annual' && x.year === 2026)!;
    // The signer's name is the plan's setting (the text names none; the administrator states it).
    await t
      .http()
      .patch('/api/plans/CB-2026-2030')
      .set('Authorization', await t.bearer('admin'))
      .send({ signerName: 'Nguyễn Văn An' })
      .expect(200);
    const built = (await t.http().post(`/api/periods/${annual.id}/consolidations`).set('Authorization', coordinator).expect(201)).body;
    await t
      .http()
      .patch(`/api/consolidations/${built.id}`)
      .set('Authorization', coordinator)
      .send({ editVersion: built.editVersion, documentNumber: '250/BC-SXD' })
      .expect(200);
    const docx = await t
      .http()
      .get(`/api/consolidations/${built.id}/report.docx`)
      .set('Authorization', coordinator)
      .buffer(true)
      .parse(binaryParser)
      .expect(200);
    const text = (await convertWithLibreOffice(docx.body as Buffer, 'docx', 'txt:Text')).toString('utf8').normalize('NFC');
    // 2/12/2026: the day padded, the month 12 as it is (Decree 30 pads only months 1 and 2).
    expect(text).toContain('Cao Bằng, ngày 02 tháng 12 năm 2026');
    expect(text).toContain('Số: 250/BC-SXD');
    expect(text).toContain('(Kèm theo Báo cáo số 250/BC-SXD ngày 2/12/2026 của Sở Xây dựng)');
    for (const n of ['I', 'II', 'III', 'IV']) expect(text).toMatch(new RegExp(`^Phụ lục ${n}$`, 'm'));
    expect(text).not.toContain('báo cáo báo cáo');
    expect(text).not.toContain('.;');
    for (const s of ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', 'Nơi nhận:', 'Nguyễn Văn An']) expect(text).toContain(s);
  }, 180_000);
});
