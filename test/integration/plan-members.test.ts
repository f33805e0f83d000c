import { startTestApp, TestApp } from '../helpers/app';
import { DB_PLAN, dienBienWorkbook } from '../fixtures/dien-bien-workbook';

/**
 * Access scoped to plans (issue 15), rule by rule, with two plans side by side: Cao Bằng's (seeded)
 * and Điện Biên's (imported). A coordinator works on the plans its agency coordinates and those the
 * administrator names it a member of; a leader reads those whose coordinating or recipient agency
 * is its own, and those it is a member of; an agency sees the plans that owe it a report or assign
 * it a task. Naming and removing members is the administrator's, audited.
 */
describe('plan members and the rules of access scoped to plans', () => {
  let t: TestApp;
  let admin: string;
  const auth: Record<string, string> = {};
  let cbPeriod: string;
  let dbPeriod: string;
  const CB = 'CB-2026-2030';
  // New accounts follow the password policy (at least 12 characters); the seeded demo ones keep Demo@2026.
  const PASSWORD = 'Mat-khau-Ke-hoach-2026';
  const USERS = [
    { username: 'db-coordinator', displayName: 'Cán bộ tổng hợp Sở Xây dựng Điện Biên', role: 'coordinator', agencyCode: 'DB-SXD' },
    {
      username: 'db-ubnd-coordinator',
      displayName: 'Chuyên viên Văn phòng UBND tỉnh Điện Biên',
      role: 'coordinator',
      agencyCode: 'DB-UBND',
    },
    { username: 'db-leader', displayName: 'Lãnh đạo UBND tỉnh Điện Biên', role: 'leader', agencyCode: 'DB-UBND' },
    { username: 'db-sxd-leader', displayName: 'Giám đốc Sở Xây dựng Điện Biên', role: 'leader', agencyCode: 'DB-SXD' },
    { username: 'db-x01', displayName: 'Cán bộ xã Mường Phăng', role: 'reporter', agencyCode: 'DB-X01' },
    { username: 'db-ubnd', displayName: 'Văn thư UBND tỉnh Điện Biên', role: 'reporter', agencyCode: 'DB-UBND' },
  ];

  const get = (url: string, who: string) => t.http().get(url).set('Authorization', auth[who]);
  const status = async (url: string, who: string) => (await get(url, who)).status;
  const planCodes = async (who: string) => ((await get('/api/plans', who).expect(200)).body as { code: string }[]).map((p) => p.code);
  const memberAudit = async () =>
    t.db.query<{ action: string; actor_username: string; entity: string; detail: { plan: string; username: string } }[]>(
      `SELECT action, actor_username, entity, detail FROM audit_log WHERE action LIKE 'plan.member%' ORDER BY id`,
    );

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-10T09:00:00+07:00' });
    admin = await t.bearer('admin');
    await t
      .http()
      .post('/api/plans/import?dryRun=false')
      .set('Authorization', admin)
      .attach('file', await dienBienWorkbook(), { filename: 'dien-bien.xlsx', contentType: 'application/octet-stream' })
      .expect(200);
    for (const u of USERS)
      await t
        .http()
        .post('/api/users')
        .set('Authorization', admin)
        .send({ ...u, password: PASSWORD })
        .expect(201);
    for (const u of ['coordinator', 'leader', 'stc']) auth[u] = await t.bearer(u);
    for (const u of USERS) auth[u.username] = await t.bearer(u.username, PASSWORD);
    const cb = (await get(`/api/plans/${CB}/periods`, 'coordinator').expect(200)).body as { id: string; kind: string; year: number }[];
    cbPeriod = cb.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
    const db = (await get(`/api/plans/${DB_PLAN}/periods`, 'db-coordinator').expect(200)).body as { id: string; state: string }[];
    dbPeriod = db.find((p) => p.state === 'open')!.id;
  });
  afterAll(() => t?.close());

  it("lets a coordinator work on its own agency's plan only, refusing another plan's with PLAN_FORBIDDEN", async () => {
    expect(await planCodes('coordinator')).toEqual([CB]);
    expect(await planCodes('db-coordinator')).toEqual([DB_PLAN]);
    expect(await status(`/api/periods/${dbPeriod}/status`, 'db-coordinator')).toBe(200);
    const refused = await get(`/api/periods/${cbPeriod}/status`, 'db-coordinator').expect(403);
    expect(refused.body).toEqual({ statusCode: 403, code: 'PLAN_FORBIDDEN', message: 'Bạn không có quyền với kế hoạch này.', errors: [] });
    // The recipient agency's coordinator does not coordinate the plan.
    expect(await planCodes('db-ubnd-coordinator')).toEqual([]);
    expect(await status(`/api/periods/${dbPeriod}/status`, 'db-ubnd-coordinator')).toBe(403);
  });

  it('lets a leader read the plans whose coordinating or recipient agency is its own', async () => {
    expect(await planCodes('leader')).toEqual([CB]); // UBND tỉnh Cao Bằng receives Cao Bằng's report
    expect(await planCodes('db-leader')).toEqual([DB_PLAN]); // UBND tỉnh Điện Biên receives Điện Biên's
    expect(await planCodes('db-sxd-leader')).toEqual([DB_PLAN]); // Sở Xây dựng Điện Biên coordinates it
    expect(await status(`/api/periods/${dbPeriod}/consolidations`, 'db-sxd-leader')).toBe(200);
    expect(await status(`/api/periods/${cbPeriod}/consolidations`, 'db-leader')).toBe(403);
  });

  it('shows an agency the plans that owe it a report or assign it a task, and only the periods it owes', async () => {
    expect(await planCodes('stc')).toEqual([CB]);
    expect(await planCodes('db-x01')).toEqual([DB_PLAN]);
    const periods = (await get(`/api/plans/${DB_PLAN}/periods`, 'db-x01').expect(200)).body as { id: string }[];
    expect(periods.map((p) => p.id)).toContain(dbPeriod);
    expect(await status(`/api/periods/${dbPeriod}/my-report`, 'db-x01')).toBe(200);
    expect(await status(`/api/periods/${cbPeriod}/my-report`, 'db-x01')).toBe(403);
    // UBND tỉnh Điện Biên has no task and owes no report: no plan, and each plan's resources are refused.
    expect(await planCodes('db-ubnd')).toEqual([]);
    expect(await status(`/api/plans/${DB_PLAN}`, 'db-ubnd')).toBe(403);
    expect(await status(`/api/periods/${dbPeriod}`, 'db-ubnd')).toBe(403);
    expect((await get(`/api/plans/${DB_PLAN}/periods`, 'db-ubnd').expect(403)).body.code).toBe('PLAN_FORBIDDEN');
  });

  it('names a member (idempotent, audited once), who then works on the plan until removed', async () => {
    const url = `/api/plans/${CB}/members/db-coordinator`;
    await t.http().put(url).set('Authorization', admin).expect(204);
    await t.http().put(url).set('Authorization', admin).expect(204);
    const members = await t.http().get(`/api/plans/${CB}/members`).set('Authorization', admin).expect(200);
    expect(members.body).toEqual([
      {
        username: 'db-coordinator',
        displayName: 'Cán bộ tổng hợp Sở Xây dựng Điện Biên',
        role: 'coordinator',
        agencyCode: 'DB-SXD',
        addedAt: '2026-05-10T09:00:00+07:00',
      },
    ]);
    expect(await planCodes('db-coordinator')).toEqual([CB, DB_PLAN]);
    expect(await status(`/api/periods/${cbPeriod}/status`, 'db-coordinator')).toBe(200);
    const page = await t
      .http()
      .get(`/periods/${cbPeriod}/consolidation`)
      .set('Cookie', `cbr_sid=${auth['db-coordinator'].slice('Bearer '.length)}`);
    expect(page.status).toBe(200);

    await t.http().delete(url).set('Authorization', admin).expect(204);
    await t.http().delete(url).set('Authorization', admin).expect(204);
    expect((await t.http().get(`/api/plans/${CB}/members`).set('Authorization', admin).expect(200)).body).toEqual([]);
    expect(await status(`/api/periods/${cbPeriod}/status`, 'db-coordinator')).toBe(403);
    expect(await memberAudit()).toEqual([
      { action: 'plan.member_added', actor_username: 'admin', entity: 'plan', detail: { plan: CB, username: 'db-coordinator' } },
      { action: 'plan.member_removed', actor_username: 'admin', entity: 'plan', detail: { plan: CB, username: 'db-coordinator' } },
    ]);
  });

  it('makes a named leader a reader of the plan', async () => {
    expect(await status(`/api/periods/${cbPeriod}/status`, 'db-leader')).toBe(403);
    await t.http().put(`/api/plans/${CB}/members/db-leader`).set('Authorization', admin).expect(204);
    expect(await status(`/api/periods/${cbPeriod}/status`, 'db-leader')).toBe(200);
    expect(await planCodes('db-leader')).toEqual([CB, DB_PLAN]);
  });

  it('answers 404 for an unknown plan or account, and 403 to anyone but the administrator', async () => {
    const plan = await t.http().put('/api/plans/KHONG-CO/members/db-leader').set('Authorization', admin).expect(404);
    expect(plan.body).toMatchObject({ code: 'PLAN_NOT_FOUND', message: 'Không tìm thấy kế hoạch có mã "KHONG-CO".' });
    const user = await t.http().delete(`/api/plans/${CB}/members/khong-co`).set('Authorization', admin).expect(404);
    expect(user.body).toMatchObject({ code: 'USER_NOT_FOUND', message: 'Không có tài khoản "khong-co".' });
    for (const who of ['coordinator', 'leader', 'stc']) {
      const res = await t.http().put(`/api/plans/${CB}/members/${who}`).set('Authorization', auth[who]).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    await t.http().get(`/api/plans/${CB}/members`).expect(401);
  });
});
