import { CalendarQueue } from '../../src/scheduling/calendar-queue';
import { jobIdFor } from '../../src/scheduling/event-plan';
import { ReconcilerService } from '../../src/scheduling/reconciler.service';
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
    await t
      .http()
      .put('/api/holidays/2026-05-19')
      .set('Authorization', admin)
      .send({ name: 'Nghỉ bù (giả định)', dayOff: true })
      .expect(200);
    expect(await h1Due()).toBe('2026-05-20T00:00:00+07:00');

    await t.http().patch('/api/plans/CB-2026-2030/regime').set('Authorization', admin).send({ rollForward: true }).expect(200);
    expect(await h1Due()).toBe('2026-05-21T00:00:00+07:00'); // last day on time: Wednesday 20/5

    // Timers still waiting move with their deadline (those of 2026 already fired and stay as recorded).
    await t
      .http()
      .put('/api/holidays/2027-05-19')
      .set('Authorization', admin)
      .send({ name: 'Nghỉ bù (giả định)', dayOff: true })
      .expect(200);
    await t.app.get(ReconcilerService).reconcile();
    const timers = await t.db.query<{ event: string; rule_code: string; due_at: Date; state: string }[]>(
      `SELECT c.event, c.rule_code, c.due_at, c.state FROM calendar_events c JOIN reporting_periods p ON p.id = c.period_id
       JOIN report_kinds k ON k.id = p.report_kind_id WHERE k.code = 'semiannual' AND p.year = 2027 AND c.rule_code IN ('', 'D-1') AND c.event <> 'open'`,
    );
    expect(timers.map((x) => [x.event, x.rule_code, x.due_at.toISOString(), x.state]).sort()).toEqual([
      ['consolidation_deadline', '', '2027-05-31T17:00:00.000Z', 'pending'], // 29/5/2027 is a Saturday
      ['deadline', '', '2027-05-20T17:00:00.000Z', 'pending'],
      ['reminder', 'D-1', '2027-05-20T01:00:00.000Z', 'pending'],
    ]);
    const job = await t.app
      .get(CalendarQueue)
      .queue.getJob(
        jobIdFor(
          (await t.db.query(`SELECT period_id FROM calendar_events WHERE due_at = '2027-05-20T17:00:00Z'`))[0].period_id,
          'deadline',
          '',
        ),
      );
    expect(job?.delay).toBe(new Date('2027-05-21T00:00:00+07:00').getTime() - t.clock.now().getTime());
    await t.http().delete('/api/holidays/2027-05-19').set('Authorization', admin).expect(204);

    await t.http().delete('/api/holidays/2026-05-19').set('Authorization', admin).expect(204);
    expect(await h1Due()).toBe('2026-05-20T00:00:00+07:00');
  });

  it('refuses to drop a period that has already opened, and keeps every period as it was', async () => {
    const before = (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', admin)).body;
    const res = await t
      .http()
      .patch('/api/plans/CB-2026-2030/report-kinds/semiannual')
      .set('Authorization', admin)
      .send({ slots: [2] })
      .expect(409);
    expect(res.body.code).toBe('PERIOD_IN_USE');
    expect(res.body.message).toContain('"Báo cáo 6 tháng đầu năm 2026"');
    expect((await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', admin)).body).toEqual(before);
  });

  it('refuses a day that does not exist and a reporter', async () => {
    const bad = await t.http().put('/api/holidays/2026-02-31').set('Authorization', admin).send({ name: 'x', dayOff: true }).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ path: 'date' });
    await t
      .http()
      .put('/api/holidays/2026-06-01')
      .set('Authorization', await t.bearer('stc'))
      .send({ name: 'x', dayOff: true })
      .expect(403);
    await t.http().delete('/api/holidays/2027-01-05').set('Authorization', admin).expect(404);
  });
});
