import { ChildProcess } from 'node:child_process';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { cloneTemplateDatabase, databaseUrl, dropDatabase } from '../helpers/db';
import { AppProcess, startAppProcess, startPrivateRedis } from '../helpers/processes';
import { SmtpSink, startSmtpSink } from '../helpers/smtp';
import { waitFor } from '../helpers/wait';
import { takeTurn, TURN_TIMEOUT_MS } from '../helpers/exclusive';

const BATCH = 500;
const RATE = 50;

/**
 * A batch of 500 emails; the worker process sending them is killed with SIGKILL part-way and
 * started again. Afterwards every message has arrived, and the only ones that arrived twice are
 * those the outbox marks as possibly sent twice (in flight at the crash). The batch also shows the
 * queue-wide rate limit: at 50 messages a second it cannot take less than 10 s.
 */
describe('a mail worker killed in the middle of a batch of 500', () => {
  // One process-starting suite at a time (test/helpers/exclusive.ts).
  let release: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    release = await takeTurn();
  }, TURN_TIMEOUT_MS);
  afterAll(async () => {
    await release?.();
  });

  const port = 6900 + Math.floor(Math.random() * 500);
  let redisServer: ChildProcess;
  let smtp: SmtpSink;
  let name: string;
  let db: DataSource;
  let worker: AppProcess | null = null;

  beforeAll(async () => {
    redisServer = await startPrivateRedis(port);
    smtp = await startSmtpSink();
    smtp.delayMs = 20;
    name = await cloneTemplateDatabase();
    db = await new DataSource(dataSourceOptions(databaseUrl(name))).initialize();
  });

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await db?.destroy();
    if (name) await dropDatabase(name);
    await smtp?.close();
    redisServer?.kill('SIGKILL');
  });

  const env = () => ({
    DATABASE_URL: databaseUrl(name),
    REDIS_URL: `redis://127.0.0.1:${port}`,
    APP_ROLE: 'worker',
    APP_CLOCK_START: '2026-11-22T09:00:00+07:00',
    SMTP_URL: smtp.url,
    MAIL_RATE_PER_SECOND: String(RATE),
    MAIL_RETRY_BASE_MS: '200',
    CALENDAR_RECONCILE_SECONDS: '2',
  });

  it('delivers every message, and twice only those marked as possibly sent twice; never faster than the rate limit', async () => {
    await db.query(
      `INSERT INTO emails (idempotency_key, kind, agency_id, recipients, data, created_at)
       SELECT 'crash-test:' || i, 'accepted', a.id, ARRAY['n' || i || '@batch.example'],
              jsonb_build_object('agencyName', a.name, 'periodLabel', 'Báo cáo 6 tháng đầu năm 2026', 'dueAt', '2026-05-20T00:00:00+07:00',
                                 'at', '2026-05-25T10:00:00+07:00', 'reviewer', 'Sở Xây dựng', 'comment', NULL, 'link', 'http://localhost:3000/my'),
              now()
       FROM generate_series(1, $1) i CROSS JOIN (SELECT id, name FROM agencies WHERE code = 'STC') a`,
      [BATCH],
    );
    const started = Date.now();
    worker = startAppProcess(env());
    await waitFor(async () => smtp.received.length >= 150, 60000, 20);
    await worker.stop('SIGKILL');
    const [{ n: sentBeforeCrash }] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM emails WHERE state = 'sent'`);
    expect(sentBeforeCrash).toBeLessThan(BATCH);

    worker = startAppProcess(env());
    await waitFor(
      async () => {
        const [{ n }] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM emails WHERE state = 'sent'`);
        return n === BATCH;
      },
      150000,
      250,
    );
    const elapsed = Date.now() - started;

    const rows = await db.query<{ id: string; possibly_duplicate: boolean }[]>(`SELECT id, possibly_duplicate FROM emails`);
    const times = new Map<string, number>();
    for (const m of smtp.received) times.set(m.outboxId, (times.get(m.outboxId) ?? 0) + 1);
    expect(rows.every((r) => (times.get(r.id) ?? 0) >= 1)).toBe(true);
    const twice = rows.filter((r) => (times.get(r.id) ?? 0) > 1);
    const marked = new Set(rows.filter((r) => r.possibly_duplicate).map((r) => r.id));
    expect(twice.every((r) => marked.has(r.id))).toBe(true);
    expect([...times.values()].every((n) => n <= 2)).toBe(true);
    // At most the ones in flight at the crash (the worker has up to 20 at a time).
    expect(marked.size).toBeLessThanOrEqual(20);
    expect(elapsed).toBeGreaterThanOrEqual(((BATCH - 1) / RATE) * 1000);
  }, 240000);
});
