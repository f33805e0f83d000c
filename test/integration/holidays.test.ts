import { startTestApp, TestApp } from '../helpers/app';

describe('holidays and roll-forward', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.bearer('admin');
  });
  afterAll(() => t.close());

  async function h1Due(): Promise<string> {
    const res = await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', admin).expect(200);
    return (res.body as { kind: string; year: number; dueAt: string }[]).find((p) => p.kind === 'semiannual' && p.year === 2026)!.dueAt;
  }

  it('seeds Vietnam’s public holidays, Tết and Giỗ Tổ Hùng Vương included', async () => {
    const res = await t.http().get('/api/holidays?year=2026').set('Authorization', admin).expect(200);
    const names = new Map((res.body as { date: string; name: string }[]).map((h) => [h.date, h.name]));
    expect(names.get('2026-02-17')).toBe('Tết Nguyên Đán');
    expect(names.get('2026-04-26')).toBe('Giỗ tổ Hùng Vương');
    expect(names.get('2026-09-02')).toBe('Quốc khánh');
  });

  it('keeps deadlines where they are while roll-forward is off, and moves them when it is on', async () => {
    await t.http().put('/api/holidays/2026-05-19').set('Authorization', admin).send({ name: 'Nghỉ bù (giả định)', dayOff: true }).expect(200);
    expect(await h1Due()).toBe('2026-05-20T00:00:00+07:00');

    await t.http().patch('/api/plans/CB-2026-2030/regime').set('Authorization', admin).send({ rollForward: true }).expect(200);
    expect(await h1Due()).toBe('2026-05-21T00:00:00+07:00'); // last day on time: Wednesday 20/5

    await t.http().delete('/api/holidays/2026-05-19').set('Authorization', admin).expect(204);
    expect(await h1Due()).toBe('2026-05-20T00:00:00+07:00');
  });

  it('refuses a day that does not exist and a reporter', async () => {
    const bad = await t.http().put('/api/holidays/2026-02-31').set('Authorization', admin).send({ name: 'x', dayOff: true }).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ path: 'date' });
    await t.http().put('/api/holidays/2026-06-01').set('Authorization', await t.bearer('stc')).send({ name: 'x', dayOff: true }).expect(403);
    await t.http().delete('/api/holidays/2027-01-05').set('Authorization', admin).expect(404);
  });
});
