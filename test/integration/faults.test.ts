import { ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { runSeed } from '../../seeds/run';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/migrate';
import { startTestApp } from '../helpers/app';
import { cloneTemplateDatabase, databaseUrl, dropDatabase } from '../helpers/db';
import { PrivatePostgres } from '../helpers/private-postgres';
import { AppProcess, startAppProcess, startPrivateRedis } from '../helpers/processes';
import { SmtpSink, startSmtpSink } from '../helpers/smtp';
import { waitFor } from '../helpers/wait';
import { takeTurn, TURN_TIMEOUT_MS } from '../helpers/exclusive';

/** How long each outage lasts; short in CI, longer by hand (FAULT_OUTAGE_MS=60000). */
const OUTAGE_MS = Number(process.env.FAULT_OUTAGE_MS ?? 4000);
const H1_2026 = `SELECT p.id FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE k.code = 'semiannual' AND p.year = 2026`;
const BASE = 8600 + Math.floor(Math.random() * 150) * 6;
const log: string[] = [];

/**
 * The fault suite: real processes and private Redis, PostgreSQL and disk, one fault at a time
 * (one file, so jest runs its parts in order). For each fault: what the user sees, and afterwards
 * no lost submission, no lost or doubled timer, no email sent twice beyond those the outbox marks.
 */
describe('faults', () => {
  // One process-starting suite at a time (test/helpers/exclusive.ts).
  let release: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    release = await takeTurn();
  }, TURN_TIMEOUT_MS);
  afterAll(async () => {
    await release?.();
  });

  let smtp: SmtpSink;
  let redis: ChildProcess | null = null;
  let procs: AppProcess[] = [];
  let name: string | null = null;
  let db: DataSource | null = null;

  beforeAll(async () => {
    smtp = await startSmtpSink();
  });
  afterEach(async () => {
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    procs = [];
    await db?.destroy();
    db = null;
    if (name) await dropDatabase(name);
    name = null;
    redis?.kill('SIGKILL');
    redis = null;
    smtp.received.length = 0;
    smtp.refuseWith = null;
  });
  afterAll(async () => {
    await smtp?.close();
    process.stdout.write(`faults tried:\n${log.map((l) => `  - ${l}`).join('\n')}\n`);
  });

  async function setUp(redisPort: number): Promise<{ url: string; redisUrl: string }> {
    redis = await startPrivateRedis(redisPort);
    name = await cloneTemplateDatabase();
    db = await new DataSource(dataSourceOptions(databaseUrl(name))).initialize();
    return { url: databaseUrl(name), redisUrl: `redis://127.0.0.1:${redisPort}` };
  }
  const q = async <T>(sql: string, params: unknown[] = []) => await db!.query<T[]>(sql, params);
  /** A failed wait says what the processes printed, so a CI failure can be read. */
  const explain = (error: Error): never => {
    throw new Error(
      `${error.message}\n${procs.map((p, i) => `--- process ${i} (exit ${p.child.exitCode ?? 'running'}):\n${p.output().slice(-2500)}`).join('\n')}`,
    );
  };

  /** Each agency got one D-7 reminder row; the emails that arrived twice are exactly those marked. */
  async function expectD7Once(): Promise<{ emails: number; duplicates: number }> {
    await waitFor(
      async () =>
        (await q<{ state: string }>(`SELECT state FROM calendar_events WHERE period_id = (${H1_2026}) AND rule_code = 'D-7'`))[0]?.state ===
        'fired',
      180_000,
      100,
    ).catch(explain);
    const [r] = await q<{ total: number; agencies: number }>(
      `SELECT count(*)::int AS total, count(DISTINCT agency_id)::int AS agencies FROM reminders WHERE period_id = (${H1_2026}) AND rule = 'D-7'`,
    );
    expect(r).toEqual({ total: 64, agencies: 64 });
    const [e] = await q<{ state: string; deliveries: number }>(
      `SELECT state, deliveries FROM calendar_events WHERE period_id = (${H1_2026}) AND rule_code = 'D-7'`,
    );
    expect(e.state).toBe('fired');
    await waitFor(
      async () =>
        (await q<{ n: number }>(`SELECT count(*)::int AS n FROM emails WHERE kind = 'before_deadline' AND state = 'sent'`))[0].n === 64,
      120_000,
      250,
    );
    const received = smtp.received.filter((m) => m.subject.startsWith('[Nhắc hạn]'));
    const byRecipient = new Map<string, number>();
    for (const m of received) byRecipient.set(m.to.join(','), (byRecipient.get(m.to.join(',')) ?? 0) + 1);
    expect(byRecipient.size).toBe(64);
    const twice = [...byRecipient.entries()]
      .filter(([, n]) => n > 1)
      .map(([to]) => to)
      .sort();
    const marked = (
      await q<{ to: string }>(
        `SELECT array_to_string(recipients, ',') AS to FROM emails WHERE kind = 'before_deadline' AND possibly_duplicate ORDER BY 1`,
      )
    ).map((x) => x.to);
    expect(twice.every((to) => marked.includes(to))).toBe(true);
    return { emails: received.length, duplicates: twice.length };
  }

  it('a worker killed with SIGKILL during the D-7 fan-out: the restarted one finishes it, nothing doubled', async () => {
    const { url, redisUrl } = await setUp(BASE);
    const env = {
      DATABASE_URL: url,
      REDIS_URL: redisUrl,
      APP_ROLE: 'worker',
      APP_CLOCK_START: '2026-05-13T07:59:55+07:00',
      SMTP_URL: smtp.url,
      MAIL_RATE_PER_SECOND: '15',
      MAIL_RETRY_BASE_MS: '200',
      CALENDAR_RECONCILE_SECONDS: '2',
    };
    procs = [startAppProcess(env)];
    await procs[0].waitForOutput('Worker started');
    await waitFor(async () => smtp.received.filter((m) => m.subject.startsWith('[Nhắc hạn]')).length >= 10, 180_000, 20).catch(explain);
    await procs[0].stop('SIGKILL');
    const before = smtp.received.length;
    procs = [startAppProcess(env)];
    const { emails, duplicates } = await expectD7Once();
    log.push(
      `worker SIGKILL during the D-7 fan-out (after ${before} of 64 emails): 64 reminders once, ${emails} emails received, ${duplicates} twice (all marked "possibly sent twice"), nothing lost`,
    );
  }, 420_000);

  it('a worker killed with SIGKILL at the C-3 automatic consolidation: one snapshot, one reminder, after restart', async () => {
    const { url, redisUrl } = await setUp(BASE + 1);
    const env = {
      DATABASE_URL: url,
      REDIS_URL: redisUrl,
      APP_ROLE: 'worker',
      APP_CLOCK_START: '2026-05-27T07:59:58+07:00',
      SMTP_URL: smtp.url,
      MAIL_RATE_PER_SECOND: '1000',
      CALENDAR_RECONCILE_SECONDS: '2',
    };
    procs = [startAppProcess(env)];
    await procs[0].waitForOutput('Worker started');
    // Killed as soon as the C-3 event is taken (or, at the latest, just after 08:00).
    await waitFor(
      async () =>
        ((await q<{ n: number }>(`SELECT deliveries AS n FROM calendar_events WHERE period_id = (${H1_2026}) AND rule_code = 'C-3'`))[0]
          ?.n ?? 0) > 0,
      30_000,
      5,
    ).catch(explain);
    await procs[0].stop('SIGKILL');
    const [mid] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM consolidations WHERE period_id = (${H1_2026})`);
    procs = [startAppProcess(env)];
    await waitFor(
      async () =>
        (await q<{ state: string }>(`SELECT state FROM calendar_events WHERE period_id = (${H1_2026}) AND rule_code = 'C-3'`))[0]?.state ===
        'fired',
      120_000,
      100,
    ).catch(explain);
    const snapshots = await q<{ version: number; trigger: string }>(
      `SELECT version, trigger FROM consolidations WHERE period_id = (${H1_2026}) ORDER BY version`,
    );
    expect(snapshots).toEqual([{ version: 1, trigger: 'auto' }]);
    const [c3] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM reminders WHERE period_id = (${H1_2026}) AND rule = 'C-3'`);
    expect(c3.n).toBe(1);
    // A job the killed worker held comes back when its lock expires (15 s) and the stall check runs.
    await waitFor(async () => smtp.received.some((m) => m.subject.startsWith('[Hạn tổng hợp]')), 90_000).catch(explain);
    log.push(
      `worker SIGKILL at the C-3 consolidation (${mid.n} snapshot when killed): after restart exactly 1 automatic snapshot and 1 C-3 reminder`,
    );
  }, 300_000);

  it('Redis stopped across the D-7 instant and restarted empty: /health says so, the timer fires once, late', async () => {
    const port = BASE + 2;
    const { url, redisUrl } = await setUp(port);
    const apiPort = BASE + 3;
    const env = {
      DATABASE_URL: url,
      REDIS_URL: redisUrl,
      APP_CLOCK_START: '2026-05-13T07:59:52+07:00',
      SMTP_URL: smtp.url,
      MAIL_RATE_PER_SECOND: '1000',
      CALENDAR_RECONCILE_SECONDS: '2',
    };
    procs = [startAppProcess({ ...env, APP_ROLE: 'worker' }), startAppProcess({ ...env, APP_ROLE: 'api', PORT: String(apiPort) })];
    await procs[0].waitForOutput('Worker started');
    await procs[1].waitForOutput('Listening on');
    const login = await fetch(`http://127.0.0.1:${apiPort}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'coordinator', password: 'Demo@2026' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    redis!.kill('SIGKILL');
    redis = null;
    const health = await waitFor(
      async () => {
        const res = await fetch(`http://127.0.0.1:${apiPort}/health`);
        return res.status === 503 ? ((await res.json()) as { redis: string; db: string }) : null;
      },
      15_000,
      200,
    );
    expect(health).toMatchObject({ db: 'up', redis: 'down' });
    // Reading and entering data does not need Redis; signing in (its throttle lives there) says so at once.
    const plans = await fetch(`http://127.0.0.1:${apiPort}/api/plans`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(plans.status).toBe(200);
    const asked = Date.now();
    const signIn = await fetch(`http://127.0.0.1:${apiPort}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'stc', password: 'Demo@2026' }),
    });
    expect(signIn.status).toBe(503);
    expect(signIn.headers.get('retry-after')).toBeTruthy();
    expect(Date.now() - asked).toBeLessThan(5000);
    await new Promise((r) => setTimeout(r, OUTAGE_MS + 8000)); // past 08:00 on the application clock
    redis = await startPrivateRedis(port);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${apiPort}/health`)).status === 200, 30_000, 200);
    await expectD7Once();
    const [e] = await q<{ lateness: string }>(
      `SELECT lateness_ms AS lateness FROM calendar_events WHERE period_id = (${H1_2026}) AND rule_code = 'D-7'`,
    );
    log.push(
      `Redis SIGKILLed before the D-7 instant, back empty ${((OUTAGE_MS + 8000) / 1000).toFixed(0)} s later: /health 503 {"redis":"down"} meanwhile, pages and API answered, a sign-in got 503 within 2 s; D-7 fired once, ${Number(e.lateness)} ms late; 64 emails once`,
    );
  }, 420_000);

  it('PostgreSQL restarted during submissions: clients get 503 with Retry-After, retry, and no report is half-written', async () => {
    const pg = new PrivatePostgres(BASE + 4);
    pg.init();
    const apiPort = BASE + 5;
    try {
      redis = await startPrivateRedis(BASE);
      await runMigrations(pg.url);
      await runSeed(pg.url, { demoUsers: true });
      const api = startAppProcess({
        DATABASE_URL: pg.url,
        REDIS_URL: `redis://127.0.0.1:${BASE}`,
        APP_ROLE: 'api',
        PORT: String(apiPort),
        APP_CLOCK_START: '2026-05-15T09:00:00+07:00',
      });
      procs = [api];
      await api.waitForOutput('Listening on');
      const base = `http://127.0.0.1:${apiPort}`;
      const reporters = ['stc', 'sxd', 'snnmt', 'sct', '01273', '01290', '01297', '01279'];
      const seen = { s503: 0, retryAfter: 0, s500: 0, network: 0 };
      const call = async (path: string, init: RequestInit & { token?: string } = {}): Promise<Response> => {
        for (;;) {
          try {
            const res = await fetch(`${base}${path}`, {
              ...init,
              headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
            });
            if (res.status === 503) {
              seen.s503 += 1;
              if (res.headers.get('retry-after')) seen.retryAfter += 1;
              await new Promise((r) => setTimeout(r, 300));
              continue;
            }
            if (res.status >= 500) seen.s500 += 1;
            return res;
          } catch {
            seen.network += 1;
            await new Promise((r) => setTimeout(r, 300));
          }
        }
      };
      const tokens = await Promise.all(
        reporters.map(
          async (u) =>
            (
              (await (
                await call('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: u, password: 'Demo@2026' }) })
              ).json()) as { accessToken: string }
            ).accessToken,
        ),
      );
      const periodId = (
        (await (await call('/api/plans/CB-2026-2030/periods', { token: tokens[0] })).json()) as { id: string; kind: string; year: number }[]
      ).find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
      const work = reporters.map(async (_u, i) => {
        for (let round = 0; round < 6; round += 1) {
          const read = await call(`/api/periods/${periodId}/my-report`, { token: tokens[i] });
          if (read.status !== 200) throw new Error(`my-report ${read.status}: ${await read.text()}\n${failuresOf(api)}`);
          const r = (await read.json()) as { version: number; tasks: { taskCode: string; role: string }[] };
          const save = await call(`/api/periods/${periodId}/my-report`, {
            method: 'PUT',
            token: tokens[i],
            body: JSON.stringify({
              version: r.version,
              tasks: r.tasks
                .filter((x) => x.role === 'lead')
                .map((x) => ({ taskCode: x.taskCode, status: 'on_track', percentComplete: 10 + round, workDone: `Lượt ${round}` })),
              summary: { assessment: `Đánh giá lượt ${round}` },
            }),
          });
          if (save.status !== 200 && save.status !== 409) throw new Error(`save ${save.status}: ${await save.text()}\n${failuresOf(api)}`);
          await new Promise((res) => setTimeout(res, 150));
        }
        const submitted = await call(`/api/periods/${periodId}/my-report/submit`, { method: 'POST', token: tokens[i] });
        if (submitted.status !== 200 && submitted.status !== 409)
          throw new Error(`submit ${submitted.status}: ${await submitted.text()}\n${failuresOf(api)}`);
      });
      await new Promise((r) => setTimeout(r, 400));
      pg.stop();
      const during = await fetch(`${base}/health`);
      expect(during.status).toBe(503);
      expect(await during.json()).toMatchObject({ db: 'down' });
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      pg.start();
      await Promise.all(work);
      expect(seen.s500).toBe(0);
      expect(seen.s503).toBeGreaterThan(0);
      expect(seen.retryAfter).toBe(seen.s503);
      const check = await new DataSource(dataSourceOptions(pg.url)).initialize();
      try {
        const rows = await check.query<
          { code: string; state: string; summary_assessment: string; incomplete: number; revisions: number }[]
        >(
          `SELECT a.code, r.state, r.summary_assessment,
                  (SELECT count(*) FROM report_task_entries e WHERE e.report_id = r.id AND e.role = 'lead' AND (e.status IS NULL OR e.work_done IS NULL))::int AS incomplete,
                  (SELECT count(*) FROM report_revisions v WHERE v.report_id = r.id)::int AS revisions
           FROM agency_reports r JOIN agencies a ON a.id = r.agency_id WHERE r.period_id = $1 ORDER BY a.code`,
          [periodId],
        );
        expect(rows).toHaveLength(reporters.length);
        for (const row of rows)
          expect(row).toMatchObject({ state: 'submitted', summary_assessment: 'Đánh giá lượt 5', incomplete: 0, revisions: 1 });
      } finally {
        await check.destroy();
      }
      log.push(
        `PostgreSQL stopped (fast) for ${OUTAGE_MS / 1000} s during 8 reporters' saves and submissions: ${seen.s503} answers 503 with Retry-After, ${seen.network} refused connections, 0 answers 500; all 8 reports submitted whole`,
      );
    } finally {
      await Promise.all(procs.map((p) => p.stop('SIGKILL')));
      procs = [];
      pg.destroy();
    }
  }, 420_000);

  it('the attachments disk full: the upload answers 503 STORAGE_FULL, the report still saves, and uploads work again once there is room', async () => {
    const dir = join(tmpdir(), `cbr-full-${BASE}`);
    mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96k', 'tmpfs', dir]);
    const t = await startTestApp({ now: '2026-05-15T09:00:00+07:00', env: { ATTACHMENTS_DIR: dir, CALENDAR_RECONCILE_SECONDS: '3600' } });
    try {
      const stc = await t.bearer('stc');
      const periods = (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', stc)).body as {
        id: string;
        kind: string;
        year: number;
      }[];
      const periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
      const pdf = (kb: number, tag: string) =>
        Buffer.concat([Buffer.from(`%PDF-1.4\n% ${tag}\n`), Buffer.alloc(kb * 1024, 32), Buffer.from('\n%%EOF\n')]);
      await t
        .http()
        .post(`/api/periods/${periodId}/my-report/attachments`)
        .set('Authorization', stc)
        .attach('file', pdf(60, 'a'), 'a.pdf')
        .expect(201);
      const full = await t
        .http()
        .post(`/api/periods/${periodId}/my-report/attachments`)
        .set('Authorization', stc)
        .attach('file', pdf(60, 'b'), 'b.pdf')
        .expect(503);
      expect(full.body.code).toBe('STORAGE_FULL');
      expect(full.body.message).toContain('hết dung lượng');
      expect(Number(full.headers['retry-after'])).toBeGreaterThan(0);
      const r = (await t.http().get(`/api/periods/${periodId}/my-report`).set('Authorization', stc).expect(200)).body as {
        version: number;
        attachments: unknown[];
      };
      expect(r.attachments).toHaveLength(1);
      await t
        .http()
        .put(`/api/periods/${periodId}/my-report`)
        .set('Authorization', stc)
        .send({ version: r.version, summary: { assessment: 'Vẫn lưu được khi đĩa đầy.' } })
        .expect(200);
      execFileSync('mount', ['-o', 'remount,size=512k', dir]);
      await t
        .http()
        .post(`/api/periods/${periodId}/my-report/attachments`)
        .set('Authorization', stc)
        .attach('file', pdf(60, 'b'), 'b.pdf')
        .expect(201);
      log.push(
        'attachments disk full (96 kB tmpfs): the upload answered 503 STORAGE_FULL with Retry-After, no partial file, the report saved; after more room the same upload succeeded',
      );
    } finally {
      await t.close();
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** The app's own account of the requests it failed (its "Request failed" log lines), for a test's error. */
function failuresOf(app: AppProcess): string {
  return app
    .output()
    .split('\n')
    .filter((l) => l.includes('Request failed'))
    .slice(-3)
    .join('\n');
}
