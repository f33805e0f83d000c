import { startTestApp, TestApp } from '../helpers/app';

describe('the Cao Bằng plan through the API', () => {
  let t: TestApp;
  let auth: string;

  beforeAll(async () => {
    t = await startTestApp();
    auth = await t.bearer('coordinator');
  });
  afterAll(() => t.close());

  it('reports health of the database and Redis', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up', redis: 'up' });
  });

  it('gives the capital table of section III.2 to the last decimal, as decimal strings', async () => {
    const res = await t.http().get('/api/plans/CB-2026-2030').set('Authorization', auth).expect(200);
    expect(res.body.capital).toEqual({ total: '93243.1', stateBudget: '75162.4', nonStateBudget: '18080.7' });
    expect(res.body.sections.map((s: { code: string; capital: unknown }) => [s.code, s.capital])).toEqual([
      ['PL01', { total: '78162.8', stateBudget: '64571.2', nonStateBudget: '13591.6' }],
      ['PL02', { total: '14765.1', stateBudget: '10276', nonStateBudget: '4489.1' }],
      ['PL03', { total: '315.2', stateBudget: '315.2', nonStateBudget: '0' }],
      // Section IV's duties of each body: the text's capital table has no row for them.
      ['IV', { total: '0', stateBudget: '0', nonStateBudget: '0' }],
    ]);
    expect(res.body.coordinatingAgency.code).toBe('SXD');
    expect(res.body.taskCount).toBeGreaterThanOrEqual(40);
    expect(res.body.indicatorCount).toBe(9);
  });

  it('lists the 10 periodic reports and the one-off exactly as the contract calendar', async () => {
    const res = await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', auth).expect(200);
    const periods = res.body as { kind: string; year: number; opensAt: string; dueAt: string; consolidationDueAt: string | null }[];
    expect(periods).toHaveLength(11);
    const expected: [string, number, string, string, string | null][] = [
      ['one-off', 2026, '2026-01-01T00:00:00+07:00', '2026-04-10T00:00:00+07:00', null],
    ];
    for (let y = 2026; y <= 2030; y += 1) {
      expected.push(['semiannual', y, `${y - 1}-12-15T00:00:00+07:00`, `${y}-05-20T00:00:00+07:00`, `${y}-05-30T00:00:00+07:00`]);
      expected.push(['annual', y, `${y - 1}-12-15T00:00:00+07:00`, `${y}-12-20T00:00:00+07:00`, `${y}-12-25T00:00:00+07:00`]);
    }
    expect(periods.map((p) => [p.kind, p.year, p.opensAt, p.dueAt, p.consolidationDueAt])).toEqual(expected);
  });

  it('derives period states from the clock at the deadline instant', async () => {
    t.clock.set(new Date('2026-05-19T23:59:59+07:00'));
    const before = (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', auth)).body as {
      kind: string;
      year: number;
      state: string;
    }[];
    expect(before.find((p) => p.kind === 'semiannual' && p.year === 2026)?.state).toBe('open');
    t.clock.set(new Date('2026-05-20T00:00:00+07:00'));
    const after = (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', auth)).body as {
      kind: string;
      year: number;
      state: string;
    }[];
    expect(after.find((p) => p.kind === 'semiannual' && p.year === 2026)?.state).toBe('due');
    expect(after.find((p) => p.kind === 'semiannual' && p.year === 2027)?.state).toBe('upcoming');
  });

  it('gives tasks with the numbering path of the text, their agencies and milestones', async () => {
    const res = await t.http().get('/api/plans/CB-2026-2030/tasks').set('Authorization', auth).expect(200);
    const byCode = new Map((res.body as { code: string }[]).map((x) => [x.code, x as Record<string, any>]));
    for (const code of ['II.1.(2)', 'II.2.(1).a', 'II.2.(2).b.(iii)', 'II.2.(4).(i)', 'II.2.(4).a', 'II.3.(3)'])
      expect(byCode.has(code)).toBe(true);
    const expressway = byCode.get('II.2.(1).a')!;
    expect(expressway.parentCode).toBe('II.2.(1)');
    expect(expressway.sectionCode).toBe('PL01');
    expect(expressway.milestones[0]).toMatchObject({
      title: 'Hoàn thành dự án giai đoạn 1',
      timeline: { kind: 'date', date: '2026-05-19' },
    });
    expect(expressway.milestones.map((m: { timeline: { year: number | null } }) => m.timeline.year)).toEqual([null, 2026, 2027, 2028]);
    const communePlans = byCode.get('II.1.(2)')!;
    expect(communePlans.sectionCode).toBe('PL03');
    expect(communePlans.lead).toHaveLength(53);
    expect(communePlans.cooperating.map((a: { code: string }) => a.code)).toEqual(['SXD']);
    expect(byCode.get('II.1.(5)')!.lead).toHaveLength(56);
    expect(byCode.get('II.1.(1)')!.note).toContain('Sở Xây dựng chủ trì');
  });

  it('finds one task by its encoded code and answers 404 in Vietnamese for an unknown one', async () => {
    const ok = await t
      .http()
      .get(`/api/plans/CB-2026-2030/tasks/${encodeURIComponent('II.2.(2).c.(iv)')}`)
      .set('Authorization', auth)
      .expect(200);
    expect(ok.body.title).toContain('Đường Hồ Chí Minh');
    const missing = await t.http().get('/api/plans/CB-2026-2030/tasks/IX.9').set('Authorization', auth).expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'TASK_NOT_FOUND' });
    expect(missing.body.message).toContain('Không tìm thấy nhiệm vụ');
  });

  it('gives the indicators and targets the text states', async () => {
    const res = await t.http().get('/api/plans/CB-2026-2030/indicators').set('Authorization', auth).expect(200);
    const byCode = new Map((res.body as { code: string }[]).map((x) => [x.code, x as Record<string, any>]));
    expect(byCode.get('NOXH')).toMatchObject({ unit: 'căn', targets: [{ year: 2030, comparator: 'at_least', value: '1500' }] });
    expect(byCode.get('NOXH-KC')!.targets).toEqual([expect.objectContaining({ year: 2026, value: '1' })]);
    expect(byCode.get('NHUA-DT')!.targets[0]).toMatchObject({ year: 2030, value: '100' });
    expect(byCode.get('NHUA-DX')!.targets[0]).toMatchObject({ year: 2030, comparator: 'at_least', value: '85' });
    expect(byCode.get('QHC-XA')).toMatchObject({
      aggregation: 'count_yes',
      question: 'Xã đã hoàn thành quy hoạch chung?',
      targets: [expect.objectContaining({ year: 2026, value: '53' })],
    });
    expect(byCode.get('QHC-XA')!.owners).toHaveLength(53);
    expect(byCode.get('QHPK-PHUONG')!.targets[0]).toMatchObject({ year: 2027, value: '3' });
    expect(byCode.get('QCKT')!.targets[0]).toMatchObject({ year: 2028, value: '56' });
  });

  it('says every one of the 64 reporting agencies owes each periodic report, and UBNDT none', async () => {
    const res = await t.http().get('/api/plans/CB-2026-2030/regime').set('Authorization', auth).expect(200);
    const [regime] = res.body;
    expect(regime.rollForward).toBe(false);
    for (const kind of regime.kinds) {
      expect(kind.agencyCodes).toHaveLength(64);
      expect(kind.agencyCodes).toContain('SXD');
      expect(kind.agencyCodes).not.toContain('UBNDT');
    }
  });

  it('lists agencies with the demo contact addresses', async () => {
    const res = await t.http().get('/api/agencies').set('Authorization', auth).expect(200);
    expect(res.body).toHaveLength(65);
    const stc = (res.body as { code: string; emails: string[] }[]).find((a) => a.code === 'STC');
    expect(stc?.emails).toEqual(['stc@caobang.example']);
    expect((await t.http().get('/api/agencies?kind=ward').set('Authorization', auth)).body).toHaveLength(3);
    expect((await t.http().get('/api/agencies?kind=nonsense').set('Authorization', auth)).status).toBe(400);
  });

  it('refuses the API without a token and with a wrong password, in Vietnamese', async () => {
    const anonymous = await t.http().get('/api/plans').expect(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
    const wrong = await t.http().post('/api/auth/login').send({ username: 'stc', password: 'sai' }).expect(401);
    expect(wrong.body.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    const malformed = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":').expect(400);
    expect(malformed.body.code).toBe('MALFORMED_BODY');
  });

  it('throttles a username after repeated failures with Retry-After', async () => {
    for (let i = 0; i < 5; i += 1) await t.http().post('/api/auth/login').send({ username: 'stc-ld', password: 'wrong' }).expect(401);
    const res = await t.http().post('/api/auth/login').send({ username: 'stc-ld', password: 'Demo@2026' }).expect(429);
    expect(res.body.code).toBe('LOGIN_THROTTLED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
