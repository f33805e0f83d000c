import { ReconcilerService } from '../../src/scheduling/reconciler.service';
import { CalendarEventHandler } from '../../src/scheduling/calendar-event.handler';
import { dropDatabase } from '../helpers/db';
import { startTestApp, TestApp } from '../helpers/app';
import { waitFor } from '../helpers/wait';

const H1_2026 = `SELECT p.id FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE k.code = 'semiannual' AND p.year = 2026`;

async function eventRow(t: TestApp, rule: string, event = 'reminder') {
  const [row] = await t.db.query<{ id: string; state: string; deliveries: number; lateness_ms: string | null; note: string | null }[]>(
    `SELECT id, state, deliveries, lateness_ms, note FROM calendar_events WHERE period_id = (${H1_2026}) AND event = $1 AND rule_code = $2`,
    [event, rule],
  );
  return row;
}

async function reminderCount(t: TestApp, rule: string, state?: string): Promise<number> {
  const [{ n }] = await t.db.query<{ n: number }[]>(
    // 'due': recorded to go out (pending), or gone already (sent): the mail worker runs alongside.
    `SELECT count(*)::int AS n FROM reminders WHERE period_id = (${H1_2026}) AND rule = $1
       AND ($2::text IS NULL OR state = $2 OR ($2 = 'due' AND state IN ('pending', 'sent')))`,
    [rule, state ?? null],
  );
  return n;
}

describe('calendar timers through BullMQ', () => {
  let t: TestApp;
  let databaseName: string;

  afterAll(async () => {
    await t?.close(true);
    if (databaseName) await dropDatabase(databaseName);
  });

  it('records the D-7 reminders for every agency that owes the report, once, at 08:00 on 13/5', async () => {
    t = await startTestApp({ now: '2026-05-13T07:59:30+07:00', env: { CALENDAR_RECONCILE_SECONDS: '3600' } });
    databaseName = t.databaseName;
    const reconciler = t.app.get(ReconcilerService);
    await reconciler.reconcile();
    expect((await eventRow(t, 'D-7')).state).toBe('pending');
    expect(await reminderCount(t, 'D-7')).toBe(0);

    t.clock.set(new Date('2026-05-13T08:00:00+07:00'));
    await reconciler.reconcile(); // the job was delayed in real time; the clock moved: it is promoted
    await waitFor(async () => (await eventRow(t, 'D-7')).state === 'fired');
    expect(await reminderCount(t, 'D-7', 'due')).toBe(64);
    const [stc] = await t.db.query<{ recipients: string[]; cc: string[]; audience: string }[]>(
      `SELECT r.recipients, r.cc, r.audience FROM reminders r JOIN agencies a ON a.id = r.agency_id WHERE r.rule = 'D-7' AND a.code = 'STC'`,
    );
    expect(stc).toEqual({ recipients: ['stc@caobang.example'], cc: [], audience: 'agency' });
  });

  it('shows the coordinator the reminder log of the period, and nobody else', async () => {
    const [{ id }] = await t.db.query<{ id: string }[]>(H1_2026);
    const res = await t
      .http()
      .get(`/api/periods/${id}/reminders`)
      .set('Authorization', await t.bearer('coordinator'))
      .expect(200);
    const log = res.body as {
      agencyCode: string;
      rule: string;
      dueAt: string;
      state: string;
      sentAt: string | null;
      recipients: string[];
    }[];
    expect(log).toHaveLength(64);
    expect(log.find((r) => r.agencyCode === '01290')).toMatchObject({
      rule: 'D-7',
      dueAt: '2026-05-13T08:00:00+07:00',
      state: expect.stringMatching(/^(pending|sent)$/),
      recipients: ['01290@caobang.example'],
    });
    await t
      .http()
      .get(`/api/periods/${id}/reminders`)
      .set('Authorization', await t.bearer('stc'))
      .expect(403);
    await t
      .http()
      .get('/api/periods/00000000-0000-0000-0000-000000000000/reminders')
      .set('Authorization', await t.bearer('coordinator'))
      .expect(404);
  });

  it('changes nothing when the same event is delivered again', async () => {
    const handler = t.app.get(CalendarEventHandler);
    const before = await eventRow(t, 'D-7');
    await expect(handler.fire(before.id)).resolves.toEqual({ kind: 'duplicate' });
    expect(await reminderCount(t, 'D-7')).toBe(64);
    expect((await eventRow(t, 'D-7')).deliveries).toBe(before.deliveries + 1);
  });

  it('adds nothing when the reconciler runs again, in this or another process', async () => {
    const again = await t.app.get(ReconcilerService).reconcile();
    expect(again.jobsAdded).toBe(0);
    expect(again.eventsChanged).toBe(0);
  });

  it('fires the deadline once after the server was down across it, and skips reminders it slept through', async () => {
    await t.close(true);
    t = await startTestApp({ now: '2026-05-21T09:00:00+07:00', databaseName, env: { CALENDAR_RECONCILE_SECONDS: '3600' } });
    await t.app.get(ReconcilerService).reconcile();
    await waitFor(async () => (await eventRow(t, 'D+1')).state !== 'pending');

    const deadline = await eventRow(t, '', 'deadline');
    expect(deadline.state).toBe('fired');
    expect(Number(deadline.lateness_ms)).toBe((24 + 9) * 3600 * 1000);
    const [period] = await t.db.query<{ state: string }[]>(`SELECT state FROM reporting_periods WHERE id = (${H1_2026})`);
    expect(period.state).toBe('due');

    for (const rule of ['D-3', 'D-1']) {
      const skipped = await eventRow(t, rule);
      expect(skipped.state).toBe('skipped');
      expect(skipped.note).toContain('Không gửi');
      expect(await reminderCount(t, rule, 'skipped')).toBe(64);
      expect(await reminderCount(t, rule, 'due')).toBe(0);
    }
    expect((await eventRow(t, 'D+1')).state).toBe('fired'); // one hour late, still before D+3
    expect(await reminderCount(t, 'D+1', 'due')).toBe(64);
    expect(await reminderCount(t, 'D-7')).toBe(64);
  });

  it('never sends a reminder for a period whose consolidation deadline had passed when it started', async () => {
    const [row] = await t.db.query<{ pending: number; total: number }[]>(
      `SELECT count(*) FILTER (WHERE r.state IN ('pending', 'sent'))::int AS pending, count(*)::int AS total
       FROM reminders r JOIN reporting_periods p ON p.id = r.period_id JOIN report_kinds k ON k.id = p.report_kind_id WHERE k.code = 'one-off'`,
    );
    expect(row.pending).toBe(0);
    expect(row.total).toBeGreaterThan(0);
  });
});
