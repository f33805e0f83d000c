import { CalendarEventHandler } from '../../src/scheduling/calendar-event.handler';
import { CalendarEventsService } from '../../src/scheduling/calendar-events.service';
import { startTestApp, TestApp } from '../helpers/app';
import { waitFor } from '../helpers/wait';

const H1_2026 = `SELECT p.id FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE k.code = 'semiannual' AND p.year = 2026`;

/**
 * Lock order between a calendar event firing and the reconciler writing timers of the same period,
 * in two transactions of their own as two processes would run them.
 */
describe('calendar locks', () => {
  let t: TestApp;

  beforeAll(async () => {
    // API role: no worker fires the overdue events behind the test's back.
    t = await startTestApp({ now: '2026-05-19T09:00:00+07:00', env: { APP_ROLE: 'api', CALENDAR_RECONCILE_SECONDS: '3600' } });
  });
  afterAll(() => t?.close());

  it('fires an event while the reconciler adds a timer to the same period, without a deadlock', async () => {
    const [period] = await t.db.query<{ id: string }[]>(H1_2026);
    const [d1] = await t.db.query<
      {
        id: string;
        state: string;
      }[]
    >(`SELECT id, state FROM calendar_events WHERE period_id = $1 AND event = 'reminder' AND rule_code = 'D-1'`, [period.id]);
    expect(d1.state).toBe('pending');

    // The reconciler's transaction: a timer for a rule just added to the kind is inserted first
    // (its foreign key takes KEY SHARE on the period row) ...
    const reconciler = t.db.createQueryRunner();
    await reconciler.connect();
    await reconciler.startTransaction();
    try {
      await reconciler.query(
        `INSERT INTO calendar_events (period_id, event, rule_code, due_at) VALUES ($1, 'reminder', 'D-5', '2026-05-15T08:00:00+07:00')`,
        [period.id],
      );
      // ... meanwhile a worker fires D-1 (event row locked, then the period row) ...
      const firing = t.app.get(CalendarEventHandler).fire(d1.id);
      let settled = false;
      void firing.finally(() => (settled = true)).catch(() => undefined);
      await waitFor(async () => {
        if (settled) return true;
        const [w] = await t.db.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return w.n > 0;
      });
      // ... and the reconciler goes on to the period's existing timers, D-1 among them.
      await t.app.get(CalendarEventsService).sync(reconciler.manager);
      await reconciler.commitTransaction();
      await expect(firing).resolves.toMatchObject({ kind: 'fired' });
    } finally {
      if (reconciler.isTransactionActive) await reconciler.rollbackTransaction();
      await reconciler.release();
    }
    const [{ n }] = await t.db.query<
      {
        n: number;
      }[]
    >(`SELECT count(*)::int AS n FROM reminders WHERE period_id = $1 AND rule = 'D-1' AND state IN ('pending', 'sent')`, [period.id]);
    expect(n).toBe(64);
  });
});
