import { CalendarQueue } from '../../src/scheduling/calendar-queue';
import { jobIdFor } from '../../src/scheduling/event-plan';
import { ReconcilerService } from '../../src/scheduling/reconciler.service';
import { startTestApp, TestApp } from '../helpers/app';
import { waitFor } from '../helpers/wait';

const H1_2026 = `SELECT p.id FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE k.code = 'semiannual' AND p.year = 2026`;
const KIND = '/api/plans/CB-2026-2030/report-kinds/semiannual';

/** Timers follow an administrator's changes to the reminder rules, back and forth. */
describe('calendar timers when reminder rules change', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-18T09:00:00+07:00', env: { CALENDAR_RECONCILE_SECONDS: '3600' } });
  });
  afterAll(() => t?.close());

  async function d1(periodId: string) {
    const [row] = await t.db.query<{ id: string; state: string; fired_at: Date | null }[]>(
      `SELECT id, state, fired_at FROM calendar_events WHERE period_id = $1 AND event = 'reminder' AND rule_code = 'D-1'`,
      [periodId],
    );
    return row;
  }

  it('fires a reminder whose rule was removed by mistake and put back, even after its job ran meanwhile', async () => {
    const admin = await t.bearer('admin');
    const reconciler = t.app.get(ReconcilerService);
    const queue = t.app.get(CalendarQueue);
    const [{ id: periodId }] = await t.db.query<{ id: string }[]>(H1_2026);
    const jobId = jobIdFor(periodId, 'reminder', 'D-1');

    // 18/5: the administrator drops D-1 by mistake; the timer is skipped.
    const { body: regime } = await t.http().get('/api/plans/CB-2026-2030/regime').set('Authorization', admin).expect(200);
    const rules = (regime[0].kinds as { code: string; reminderRules: { code: string }[] }[]).find(
      (k) => k.code === 'semiannual',
    )!.reminderRules;
    await t
      .http()
      .patch(KIND)
      .set('Authorization', admin)
      .send({ reminderRules: rules.filter((r) => r.code !== 'D-1') })
      .expect(200);
    await reconciler.reconcile();
    expect((await d1(periodId)).state).toBe('skipped');

    // 19/5 08:00 passes: its delayed job runs, finds the timer skipped, and completes.
    t.clock.set(new Date('2026-05-19T09:00:00+07:00'));
    await queue.nudge(jobId);
    await waitFor(async () => (await (await queue.queue.getJob(jobId))?.getState()) === 'completed');

    // 19/5 09:00: the rule is put back. The reminder is an hour late but still relevant (D+1 is on 21/5).
    await t
      .http()
      .patch(KIND)
      .set('Authorization', await t.bearer('admin'))
      .send({ reminderRules: null })
      .expect(200);
    await reconciler.reconcile();
    await waitFor(async () => (await d1(periodId)).state === 'fired', 10000);
    const [{ n }] = await t.db.query<
      {
        n: number;
      }[]
    >(`SELECT count(*)::int AS n FROM reminders WHERE period_id = $1 AND rule = 'D-1' AND state IN ('pending', 'sent')`, [periodId]);
    expect(n).toBe(64);
  });

  it('sends a reminder to the audience its rule names, whichever deadline it counts from', async () => {
    const admin = await t.bearer('admin');
    const reconciler = t.app.get(ReconcilerService);
    const [{ id: periodId }] = await t.db.query<{ id: string }[]>(H1_2026);
    const { body: regime } = await t.http().get('/api/plans/CB-2026-2030/regime').set('Authorization', admin).expect(200);
    const rules = (regime[0].kinds as { code: string; reminderRules: object[] }[]).find((k) => k.code === 'semiannual')!.reminderRules;
    // The coordinator hears on D+2 who is still late; agencies get a last call five days before consolidation.
    const extra = [
      { code: 'D+2', anchor: 'due', offsetDays: 2, time: '08:00', audience: 'coordinator' },
      { code: 'C-5', anchor: 'consolidation', offsetDays: -5, time: '08:00', audience: 'agency' },
    ];
    await t
      .http()
      .patch(KIND)
      .set('Authorization', admin)
      .send({ reminderRules: [...rules, ...extra] })
      .expect(200);
    const logOf = async (rule: string) =>
      await t.db.query<{ code: string; audience: string; recipients: string[] }[]>(
        `SELECT a.code, r.audience, r.recipients FROM reminders r JOIN agencies a ON a.id = r.agency_id WHERE r.period_id = $1 AND r.rule = $2 ORDER BY a.code`,
        [periodId, rule],
      );
    const fired = async (rule: string) =>
      (
        await t.db.query<
          {
            state: string;
          }[]
        >(`SELECT state FROM calendar_events WHERE period_id = $1 AND rule_code = $2`, [periodId, rule])
      )[0].state === 'fired';

    t.clock.set(new Date('2026-05-22T08:30:00+07:00'));
    await reconciler.reconcile();
    await waitFor(() => fired('D+2'), 10000);
    const d2 = await logOf('D+2');
    expect(d2.map((r) => [r.code, r.audience])).toEqual([['SXD', 'coordinator']]);
    expect(d2[0].recipients).toContain('coordinator@caobang.example');

    t.clock.set(new Date('2026-05-25T08:30:00+07:00'));
    await reconciler.reconcile();
    await waitFor(() => fired('C-5'), 10000);
    const c5 = await logOf('C-5');
    expect(c5).toHaveLength(64);
    expect(c5.find((r) => r.code === 'STC')).toEqual({ code: 'STC', audience: 'agency', recipients: ['stc@caobang.example'] });
  });
});

describe('a late reminder when a later rule was removed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-18T09:00:00+07:00', env: { CALENDAR_RECONCILE_SECONDS: '3600' } });
  });
  afterAll(() => t?.close());

  it('is still sent when only the removed rule would have superseded it', async () => {
    const admin = await t.bearer('admin');
    const reconciler = t.app.get(ReconcilerService);
    const [{ id: periodId }] = await t.db.query<{ id: string }[]>(H1_2026);
    const { body: regime } = await t.http().get('/api/plans/CB-2026-2030/regime').set('Authorization', admin).expect(200);
    const rules = (regime[0].kinds as { code: string; reminderRules: { code: string }[] }[]).find(
      (k) => k.code === 'semiannual',
    )!.reminderRules;
    // D+1 is dropped: after D-1 (19/5) the next reminder is D+3 (23/5).
    await t
      .http()
      .patch(KIND)
      .set('Authorization', admin)
      .send({ reminderRules: rules.filter((r) => r.code !== 'D+1') })
      .expect(200);
    await reconciler.reconcile();

    // The server was down from before 19/5 08:00 until 21/5 09:00, past where D+1 would have been.
    t.clock.set(new Date('2026-05-21T09:00:00+07:00'));
    await reconciler.reconcile();
    const state = async () =>
      (
        await t.db.query<
          {
            state: string;
          }[]
        >(`SELECT state FROM calendar_events WHERE period_id = $1 AND rule_code = 'D-1'`, [periodId])
      )[0].state;
    await waitFor(async () => (await state()) !== 'pending', 10000);
    expect(await state()).toBe('fired');
    const [{ n }] = await t.db.query<
      {
        n: number;
      }[]
    >(`SELECT count(*)::int AS n FROM reminders WHERE period_id = $1 AND rule = 'D-1' AND state IN ('pending', 'sent')`, [periodId]);
    expect(n).toBe(64);
  });
});
