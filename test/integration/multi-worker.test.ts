import { ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { cloneTemplateDatabase, databaseUrl, dropDatabase } from '../helpers/db';
import { AppProcess, startAppProcess, startPrivateRedis } from '../helpers/processes';
import { SmtpSink, startSmtpSink } from '../helpers/smtp';
import { waitFor } from '../helpers/wait';
import { takeTurn, TURN_TIMEOUT_MS } from '../helpers/exclusive';

const H1_2026 = `SELECT p.id FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE k.code = 'semiannual' AND p.year = 2026`;

describe('three worker processes, and Redis flushed in the middle of a cycle', () => {
  // One process-starting suite at a time (test/helpers/exclusive.ts).
  let release: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    release = await takeTurn();
  }, TURN_TIMEOUT_MS);
  afterAll(async () => {
    await release?.();
  });

  const port = 6400 + Math.floor(Math.random() * 500);
  let redisServer: ChildProcess;
  let workers: AppProcess[] = [];
  let name: string;
  let db: DataSource;
  let smtp: SmtpSink;
  let workerEnv: Record<string, string> = {};

  beforeAll(async () => {
    redisServer = await startPrivateRedis(port);
    smtp = await startSmtpSink();
    name = await cloneTemplateDatabase();
    db = await new DataSource(dataSourceOptions(databaseUrl(name))).initialize();
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await db?.destroy();
    if (name) await dropDatabase(name);
    await smtp?.close();
    redisServer?.kill('SIGKILL');
  });

  it('records the D-7 reminders at 08:00 on 13/5 exactly once per agency, and every due event once', async () => {
    // As in the issue: APP_CLOCK_START=2026-05-13T07:59:30+07:00, the same value for every process.
    const env = {
      DATABASE_URL: databaseUrl(name),
      REDIS_URL: `redis://127.0.0.1:${port}`,
      APP_ROLE: 'worker',
      APP_CLOCK_START: '2026-05-13T07:59:30+07:00',
      CALENDAR_RECONCILE_SECONDS: '2',
      SMTP_URL: smtp.url,
    };
    workerEnv = env;
    workers = [startAppProcess(env), startAppProcess(env), startAppProcess(env)];
    await Promise.all(workers.map((w) => w.waitForOutput('Worker started')));

    // Past events fire at boot; then Redis loses everything before 08:00.
    await waitFor(async () => {
      const [{ n }] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM calendar_events WHERE state <> 'pending'`);
      return n > 0;
    }, 120000).catch(async (error: Error) => {
      const events = await db.query(`SELECT count(*)::int AS n, state FROM calendar_events GROUP BY state`);
      throw new Error(
        `${error.message}\n${JSON.stringify(events)}\n${workers.map((w, i) => `--- worker ${i}:\n${w.output().slice(-2000)}`).join('\n')}`,
      );
    });
    const redis = new Redis(`redis://127.0.0.1:${port}`);
    await redis.flushall();
    await redis.quit();

    const d7 = await waitFor(
      async () => {
        const [row] = await db.query<
          {
            state: string;
            deliveries: number;
          }[]
        >(`SELECT state, deliveries FROM calendar_events WHERE period_id = (${H1_2026}) AND rule_code = 'D-7'`);
        return row.state === 'fired' ? row : null;
      },
      180000,
      250,
    );
    expect(d7!.deliveries).toBeGreaterThanOrEqual(1);

    const [reminders] = await db.query<{ total: number; agencies: number }[]>(
      `SELECT count(*)::int AS total, count(DISTINCT agency_id)::int AS agencies FROM reminders WHERE period_id = (${H1_2026}) AND rule = 'D-7'`,
    );
    expect(reminders).toEqual({ total: 64, agencies: 64 });

    // Every event due by 08:00 on 13/5 has its effect recorded once (fired or skipped), none left pending.
    const [due] = await db.query<{ pending: number; total: number }[]>(
      `SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending, count(*)::int AS total
       FROM calendar_events WHERE due_at <= '2026-05-13T08:00:00+07:00'`,
    );
    expect(due.pending).toBe(0);
    expect(due.total).toBeGreaterThan(10);
    const [dupes] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (SELECT period_id, agency_id, rule FROM reminders GROUP BY 1, 2, 3 HAVING count(*) > 1) d`,
    );
    expect(dupes.n).toBe(0);
    // Later events are still waiting, and were put back in Redis after the flush.
    const [{ pending }] = await db.query<
      {
        pending: number;
      }[]
    >(`SELECT count(*)::int AS pending FROM calendar_events WHERE state = 'pending'`);
    expect(pending).toBeGreaterThan(0);
    const check = new Redis(`redis://127.0.0.1:${port}`);
    const delayed = await check.zcard('{cbr}:calendar:delayed');
    await check.quit();
    expect(delayed).toBe(pending);

    // Every agency without a submitted report got one D-7 email, none two.
    const d7Mail = () => smtp.received.filter((m) => m.subject.startsWith('[Nhắc hạn]'));
    await waitFor(async () => d7Mail().length >= 64, 120000, 250);
    const byAgency = new Map<string, number>();
    for (const m of d7Mail()) byAgency.set(m.to.join(','), (byAgency.get(m.to.join(',')) ?? 0) + 1);
    expect(byAgency.size).toBe(64);
    expect([...byAgency.values()].every((n) => n === 1)).toBe(true);
    workerEnv = env;
  }, 420000);

  it('sends them again to nobody when every process restarts', async () => {
    const before = smtp.received.length;
    await Promise.all(workers.map((w) => w.stop()));
    workers = [startAppProcess(workerEnv), startAppProcess(workerEnv)];
    await Promise.all(workers.map((w) => w.waitForOutput('Worker started')));
    // Two reconcile passes of each process (every 2 s), and the mail workers idle.
    await new Promise((r) => setTimeout(r, 6000));
    expect(smtp.received.slice(before).filter((m) => m.subject.startsWith('[Nhắc hạn]'))).toEqual([]);
    const [{ n }] = await db.query<
      {
        n: number;
      }[]
    >(`SELECT count(*)::int AS n FROM emails WHERE kind = 'before_deadline' AND state <> 'sent'`);
    expect(n).toBe(0);
  }, 300_000);
});
