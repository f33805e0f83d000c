import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { SESSION_COOKIE } from '../../src/web/page-session';
import { cloneTemplateDatabase, databaseUrl, dropDatabase } from '../helpers/db';
import { AppProcess, startAppProcess, startPrivateRedis } from '../helpers/processes';
import { SmtpSink, startSmtpSink } from '../helpers/smtp';
import { waitFor } from '../helpers/wait';
import { takeTurn, TURN_TIMEOUT_MS } from '../helpers/exclusive';

const H1_2026 = `SELECT p.id FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE k.code = 'semiannual' AND p.year = 2026`;

/**
 * The deployment as it scales: two API processes and two worker processes on one Postgres and
 * one Redis. A session opened on one API works on the other; the D-7 reminder cycle fires each
 * timer once and sends each email once; a consolidation built through one API is read and
 * downloaded through the other.
 */
describe('two API processes and two worker processes', () => {
  // One process-starting suite at a time (test/helpers/exclusive.ts).
  let release: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    release = await takeTurn();
  }, TURN_TIMEOUT_MS);
  afterAll(async () => {
    await release?.();
  });

  const base = 7600 + Math.floor(Math.random() * 300) * 3;
  const [redisPort, apiA, apiB] = [base, base + 1, base + 2];
  let redis: ChildProcess;
  let smtp: SmtpSink;
  let name: string;
  let db: DataSource;
  let processes: AppProcess[] = [];
  let attachments: string;

  beforeAll(async () => {
    redis = await startPrivateRedis(redisPort);
    smtp = await startSmtpSink();
    name = await cloneTemplateDatabase();
    db = await new DataSource(dataSourceOptions(databaseUrl(name))).initialize();
    // Attachments live on a directory every API process mounts (a shared volume in production).
    attachments = mkdtempSync(join(tmpdir(), 'cbr-shared-attachments-'));
    const common = {
      DATABASE_URL: databaseUrl(name),
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      APP_CLOCK_START: '2026-05-13T07:59:30+07:00',
      CALENDAR_RECONCILE_SECONDS: '2',
      SMTP_URL: smtp.url,
      MAIL_RATE_PER_SECOND: '1000',
      ATTACHMENTS_DIR: attachments,
      SESSION_SECRET: 'one-secret-for-every-process-of-the-deployment',
    };
    processes = [
      startAppProcess({ ...common, APP_ROLE: 'api', PORT: String(apiA) }),
      startAppProcess({ ...common, APP_ROLE: 'api', PORT: String(apiB) }),
      startAppProcess({ ...common, APP_ROLE: 'worker' }),
      startAppProcess({ ...common, APP_ROLE: 'worker' }),
    ];
    await Promise.all([
      processes[0].waitForOutput('Listening on'),
      processes[1].waitForOutput('Listening on'),
      processes[2].waitForOutput('Worker started'),
      processes[3].waitForOutput('Worker started'),
    ]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await db?.destroy();
    if (name) await dropDatabase(name);
    await smtp?.close();
    redis?.kill('SIGKILL');
    rmSync(attachments, { recursive: true, force: true });
  });

  const url = (port: number, path: string) => `http://127.0.0.1:${port}${path}`;
  const login = async (port: number, username: string) => {
    const res = await fetch(url(port, '/api/auth/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'Demo@2026' }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };

  it('a session opened on one API process works on the other, for the API and for the pages', async () => {
    const token = await login(apiA, 'coordinator');
    const me = await fetch(url(apiB, '/api/auth/me'), { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { username: string }).username).toBe('coordinator');
    const page = await fetch(url(apiB, '/calendar'), { headers: { cookie: `${SESSION_COOKIE}=${token}` }, redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Cán bộ tổng hợp Sở Xây dựng');
    // Signing out on B ends the session on A too.
    await fetch(url(apiB, '/api/auth/logout'), { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect((await fetch(url(apiA, '/api/auth/me'), { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('fires every timer once and sends every email once', async () => {
    await waitFor(
      async () =>
        (await db.query<{ state: string }[]>(`SELECT state FROM calendar_events WHERE period_id = (${H1_2026}) AND rule_code = 'D-7'`))[0]
          ?.state === 'fired',
      180_000,
      250,
    ).catch(async (error: Error) => {
      const events = await db.query(
        `SELECT rule_code, state, due_at, deliveries FROM calendar_events WHERE period_id = (${H1_2026}) ORDER BY due_at LIMIT 6`,
      );
      throw new Error(
        `${error.message}\n${JSON.stringify(events)}\n${processes.map((p, i) => `--- process ${i}:\n${p.output().slice(-2000)}`).join('\n')}`,
      );
    });
    const [reminders] = await db.query<{ total: number; agencies: number }[]>(
      `SELECT count(*)::int AS total, count(DISTINCT agency_id)::int AS agencies FROM reminders WHERE period_id = (${H1_2026}) AND rule = 'D-7'`,
    );
    expect(reminders).toEqual({ total: 64, agencies: 64 });
    const [due] = await db.query<{ pending: number; fired: number }[]>(
      `SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending, count(*) FILTER (WHERE state = 'fired')::int AS fired FROM calendar_events WHERE due_at <= '2026-05-13T08:00:00+07:00'`,
    );
    expect(due.pending).toBe(0);
    expect(due.fired).toBeGreaterThan(0);
    const d7 = () => smtp.received.filter((m) => m.subject.startsWith('[Nhắc hạn]'));
    await waitFor(async () => d7().length >= 64, 120_000, 250);
    await new Promise((r) => setTimeout(r, 2000));
    const byRecipient = new Map<string, number>();
    for (const m of d7()) byRecipient.set(m.to.join(','), (byRecipient.get(m.to.join(',')) ?? 0) + 1);
    expect(byRecipient.size).toBe(64);
    expect([...byRecipient.values()].every((n) => n === 1)).toBe(true);
    const [{ n }] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM emails WHERE possibly_duplicate`);
    expect(n).toBe(0);
  }, 360_000);

  it('a consolidation built through one API process is read and downloaded through the other', async () => {
    const [{ id: periodId }] = await db.query<{ id: string }[]>(H1_2026);
    const tokenA = await login(apiA, 'coordinator');
    const tokenB = await login(apiB, 'coordinator');
    const built = await fetch(url(apiA, `/api/periods/${periodId}/consolidations`), {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenA}` },
    });
    expect(built.status).toBe(201);
    const { id } = (await built.json()) as { id: string };
    const read = await fetch(url(apiB, `/api/consolidations/${id}`), { headers: { authorization: `Bearer ${tokenB}` } });
    expect(read.status).toBe(200);
    const docx = await fetch(url(apiB, `/api/consolidations/${id}/report.docx`), { headers: { authorization: `Bearer ${tokenB}` } });
    expect(docx.status).toBe(200);
    expect(
      Buffer.from(await docx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });

  it('an attachment uploaded through one API process downloads through the other', async () => {
    const [{ id: periodId }] = await db.query<{ id: string }[]>(H1_2026);
    const stcA = await login(apiA, 'stc');
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n% cong van\n%%EOF\n')], { type: 'application/pdf' }), 'cong-van.pdf');
    const up = await fetch(url(apiA, `/api/periods/${periodId}/my-report/attachments`), {
      method: 'POST',
      headers: { authorization: `Bearer ${stcA}` },
      body: form,
    });
    expect(up.status).toBe(201);
    const { id: attachmentId } = (await up.json()) as { id: string };
    const report = (await (
      await fetch(url(apiA, `/api/periods/${periodId}/my-report`), { headers: { authorization: `Bearer ${stcA}` } })
    ).json()) as { id: string };
    const stcB = await login(apiB, 'stc');
    const down = await fetch(url(apiB, `/api/reports/${report.id}/attachments/${attachmentId}`), {
      headers: { authorization: `Bearer ${stcB}` },
    });
    expect(down.status).toBe(200);
    expect(Buffer.from(await down.arrayBuffer()).toString()).toContain('cong van');
  });
});
