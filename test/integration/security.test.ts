import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { SESSION_COOKIE } from '../../src/web/page-session';
import { binaryParser, startTestApp, TestApp } from '../helpers/app';
import { startAppProcess } from '../helpers/processes';
import { cloneTemplateDatabase, databaseUrl, dropDatabase, REDIS_TEST_URL } from '../helpers/db';
import { waitFor } from '../helpers/wait';
import { snapshot } from './admin-snapshot';

const SRC_WEB = join(__dirname, '..', '..', 'src', 'web');
const XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>';
const FORMULAS = ['=HYPERLINK("http://evil.example","bấm")', '+1+1', '-2+3', '@SUM(A1:A2)'];

/**
 * Every form a page posts to, read from the controllers, with its controller's prefix. Each page
 * controller is a @Pages() controller, whose CsrfGuard checks every post (the test below proves it).
 */
function pageFormRoutes(): string[] {
  const routes: string[] = [];
  for (const file of readdirSync(SRC_WEB).filter((f) => f.endsWith('.controller.ts'))) {
    const text = readFileSync(join(SRC_WEB, file), 'utf8');
    expect([file, /^@Pages\(\)$/m.test(text)]).toEqual([file, true]);
    const prefix = /@Controller\('([^']*)'\)/.exec(text)?.[1] ?? '';
    for (const m of text.matchAll(/@Post\('([^']+)'\)/g)) routes.push(`/${[prefix, m[1]].filter(Boolean).join('/')}`);
  }
  return routes.sort();
}

/**
 * What an attacker would try: forms posted from another site (CSRF), a planted session id,
 * a session used after sign-out, pages without their security headers, HTML uploaded to run in
 * the site, stored text that runs as script in a page or an email or as a formula in a
 * spreadsheet, and secrets in the logs.
 */
describe('security', () => {
  let t: TestApp;
  let periodId: string;
  let reportId: string;
  let consolidationId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-18T09:00:00+07:00', env: { CALENDAR_RECONCILE_SECONDS: '3600' } });
    const coordinator = await t.bearer('coordinator');
    const periods = (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', coordinator)).body as {
      id: string;
      kind: string;
      year: number;
    }[];
    periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
    reportId = (
      (
        await t
          .http()
          .get(`/api/periods/${periodId}/my-report`)
          .set('Authorization', await t.bearer('stc'))
      ).body as { id: string }
    ).id;
    // The reminders already due at start (D-7, D-3) are recorded and sent before anything is counted.
    await waitFor(async () => {
      const [r] = await t.db.query<{ timers: number; mails: number }[]>(
        `SELECT (SELECT count(*) FROM calendar_events WHERE state = 'pending' AND due_at <= $1)::int AS timers, (SELECT count(*) FROM emails WHERE state IN ('pending', 'sending'))::int AS mails`,
        [t.clock.now()],
      );
      return r.timers === 0 && r.mails === 0;
    }, 30_000);
  }, 60_000);
  afterAll(() => t?.close());

  const counts = async () =>
    (
      await t.db.query(
        `SELECT (SELECT count(*) FROM agency_reports WHERE state <> 'draft')::int AS sent, (SELECT count(*) FROM report_events)::int AS events,
              (SELECT count(*) FROM consolidations)::int AS consolidations, (SELECT count(*) FROM emails)::int AS emails,
              (SELECT count(*) FROM holidays)::int AS holidays, (SELECT count(*) FROM plan_imports)::int AS imports,
              (SELECT count(*) FROM adhoc_reports)::int AS adhoc, (SELECT count(*) FROM sign_in_links)::int AS links,
              (SELECT count(*) FROM sessions WHERE revoked_at IS NULL)::int AS sessions`,
      )
    )[0];

  it('refuses every page form posted without its CSRF token, changing nothing', async () => {
    const routes = pageFormRoutes();
    expect(routes).toEqual(
      [
        '/account/password',
        '/admin/holidays',
        '/admin/holidays/:date/delete',
        '/admin/imports/:id/confirm',
        '/admin/outbox/:id/retry',
        '/admin/plans/import',
        '/admin/users',
        '/admin/users/:username/disable',
        '/admin/users/:username/edit',
        '/admin/users/:username/enable',
        '/admin/users/:username/reset',
        '/consolidations/:id/documents',
        '/forgot-password',
        '/login',
        '/login/link/:token',
        '/logout',
        '/periods/:id/consolidation',
        '/periods/:id/reminders',
        '/periods/:id/report',
        '/periods/:id/report/attachments',
        '/plans/:code/adhoc-reports/new',
        '/reports/:id/review',
      ].sort(),
    );
    const who: Record<string, string> = { '/admin': 'admin', '/periods/:id/report': 'stc', '/logout': 'stc', '/plans': 'stc' };
    const before = await counts();
    for (const route of routes) {
      const user = Object.entries(who).find(([p]) => route.startsWith(p))?.[1] ?? 'coordinator';
      const token = (await t.bearer(user)).slice('Bearer '.length);
      const path = route
        .replace(':id', route.startsWith('/reports') ? reportId : periodId)
        .replace(':date', '2026-09-02')
        .replace(':code', 'CB-2026-2030');
      const res = await t
        .http()
        .post(path)
        .set('Cookie', `${SESSION_COOKIE}=${token}`)
        .set('Origin', 'https://evil.example')
        .type('form')
        .send({
          action: 'build',
          name: 'Ngày giả',
          date: '2026-12-01',
          username: 'stc',
          password: 'Demo@2026',
          summary: { assessment: 'x' },
        });
      expect([route, res.status]).toEqual([route, 403]);
    }
    const after = await counts();
    expect({ ...after, sessions: 0 }).toEqual({ ...before, sessions: 0 });
  });

  /** Every table the report form writes: equal snapshots mean a refused post wrote nothing. */
  const REPORT_TABLES = [
    'agency_reports',
    'report_task_entries',
    'report_indicator_values',
    'report_revisions',
    'report_events',
    'attachments',
  ];
  const pageCookie = async (username: string) => `${SESSION_COOKIE}=${(await t.bearer(username)).slice('Bearer '.length)}`;
  /** The form's double-submit token, as a page of the user's own gave it. */
  const csrfOf = async (cookie: string) => {
    const own = await t.http().get('/calendar').set('Cookie', cookie).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(own.text)![1];
    const set = ((own.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]);
    return { csrf, cookie: [cookie, ...set].join('; ') };
  };

  it('creates no draft when the report form of an agency that has none yet is refused (forged, or a value refused)', async () => {
    // Sở Nông nghiệp và Môi trường owes the period and has never opened its report.
    const owner = await t.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM agency_reports r JOIN agencies a ON a.id = r.agency_id WHERE a.code = 'SNNMT' AND r.period_id = $1`,
      [periodId],
    );
    expect(owner[0].n).toBe(0);
    const cookie = await pageCookie('snnmt');
    const before = await snapshot(t.db, REPORT_TABLES);
    const forged = await t
      .http()
      .post(`/periods/${periodId}/report`)
      .set('Cookie', cookie)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ version: '1', summary: { assessment: 'giả mạo' } });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('Biểu mẫu đã hết hạn');
    const attach = await t
      .http()
      .post(`/periods/${periodId}/report/attachments`)
      .set('Cookie', cookie)
      .attach('file', Buffer.from('%PDF-1.4'), 'a.pdf');
    expect(attach.status).toBe(403);
    const valid = await csrfOf(cookie);
    // A value refused by the form, and a task code that is not the agency's (refused by the save itself).
    for (const form of [
      { csrf: valid.csrf, version: '1', tasks: { 0: { taskCode: 'II.1.(1)', percentComplete: 'nhiều' } } },
      { csrf: valid.csrf, version: '1', tasks: { 0: { taskCode: 'KHONG-CO', workDone: 'x' } } },
    ]) {
      const refused = await t.http().post(`/periods/${periodId}/report`).set('Cookie', valid.cookie).type('form').send(form);
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
    }
    expect(await snapshot(t.db, REPORT_TABLES)).toEqual(before);
    // The same agency opening its form creates the draft: the refusals above were what wrote nothing.
    await t.http().get(`/periods/${periodId}/report`).set('Cookie', cookie).expect(200);
    expect(await snapshot(t.db, REPORT_TABLES)).not.toEqual(before);
  });

  it("refuses a leader, a coordinator or an administrator posting an agency's report form: 403, not a redirect, nothing written", async () => {
    const before = await snapshot(t.db, REPORT_TABLES);
    for (const who of ['leader', 'coordinator', 'admin']) {
      const valid = await csrfOf(await pageCookie(who));
      for (const path of [`/periods/${periodId}/report`, `/periods/${periodId}/report/attachments`]) {
        const res = await t
          .http()
          .post(path)
          .set('Cookie', valid.cookie)
          .type('form')
          .send({ csrf: valid.csrf, version: '1', summary: { assessment: 'không phải của tôi' } });
        expect([who, path, res.status, res.headers.location]).toEqual([who, path, 403, undefined]);
        expect(res.text).toContain('Chỉ cán bộ của cơ quan, đơn vị mới lập báo cáo.');
      }
    }
    expect(await snapshot(t.db, REPORT_TABLES)).toEqual(before);
    // Not signed in: sent to sign in, as before.
    const anonymous = await t.http().post(`/periods/${periodId}/report`).type('form').send({ version: '1' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login\?next=/);
  });

  it('issues a new session at sign-in whatever session id was planted, and ends it at sign-out', async () => {
    const login = await t.http().get('/login');
    const csrf = /name="csrf" value="([^"]+)"/.exec(login.text)![1];
    const csrfCookie = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const planted = 'a'.repeat(43);
    const res = await t
      .http()
      .post('/login')
      .set('Cookie', `${csrfCookie}; ${SESSION_COOKIE}=${planted}`)
      .type('form')
      .send({ csrf, username: 'stc', password: 'Demo@2026' })
      .expect(303);
    const issued = /cbr_sid=([^;]+)/.exec((res.headers['set-cookie'] as unknown as string[]).join(';'))![1];
    expect(issued).not.toBe(planted);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${planted}`).expect(401);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${issued}`).expect(200);
    await t.http().post('/api/auth/logout').set('Authorization', `Bearer ${issued}`).expect(200);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${issued}`).expect(401);
    await t.http().get('/my').set('Cookie', `${SESSION_COOKIE}=${issued}`).expect(303);
  });

  it('sends strict security headers: a CSP without inline script, no framing, no sniffing', async () => {
    const res = await t.http().get('/login').expect(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.text).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=/); // no inline script or handlers
  });

  it('refuses HTML and other types by content whatever the name says, and serves files only as downloads', async () => {
    const stc = await t.bearer('stc');
    const html = await t
      .http()
      .post(`/api/periods/${periodId}/my-report/attachments`)
      .set('Authorization', stc)
      .attach('file', Buffer.from(`<html><body>${XSS}</body></html>`), { filename: 'bao-cao.pdf', contentType: 'application/pdf' })
      .expect(415);
    expect(html.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const pdf = await t
      .http()
      .post(`/api/periods/${periodId}/my-report/attachments`)
      .set('Authorization', stc)
      .attach('file', Buffer.from('%PDF-1.4\n<script>alert(1)</script>\n%%EOF\n'), { filename: '<b>x</b>.html', contentType: 'text/html' })
      .expect(201);
    const file = await t.http().get(`/api/reports/${reportId}/attachments/${pdf.body.id}`).set('Authorization', stc).expect(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
  });

  it('shows stored text as text in pages and emails, never as markup', async () => {
    const stc = await t.bearer('stc');
    const r = (await t.http().get(`/api/periods/${periodId}/my-report`).set('Authorization', stc)).body as {
      version: number;
      tasks: { taskCode: string; role: string }[];
    };
    await t
      .http()
      .put(`/api/periods/${periodId}/my-report`)
      .set('Authorization', stc)
      .send({
        version: r.version,
        tasks: r.tasks
          .filter((x) => x.role === 'lead')
          .map((x) => ({
            taskCode: x.taskCode,
            status: 'behind_schedule',
            percentComplete: 10,
            workDone: XSS,
            difficulties: XSS,
            difficultyKind: 'capital',
            resolvingLevel: 'province',
          })),
        summary: { assessment: XSS, difficulties: FORMULAS[1], proposals: FORMULAS[0] },
      })
      .expect(200);
    await t.http().post(`/api/periods/${periodId}/my-report/submit`).set('Authorization', stc).expect(200);
    const coordinator = await t.bearer('coordinator');
    consolidationId = (
      (await t.http().post(`/api/periods/${periodId}/consolidations`).set('Authorization', coordinator).expect(201)).body as { id: string }
    ).id;
    await t.http().post(`/api/reports/${reportId}/return`).set('Authorization', coordinator).send({ comment: XSS }).expect(200);

    const page = await t
      .http()
      .get(`/reports/${reportId}`)
      .set('Cookie', `${SESSION_COOKIE}=${coordinator.slice('Bearer '.length)}`)
      .expect(200);
    expect(page.text).not.toContain('<script>alert("xss")</script>');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');

    await waitFor(
      async () => (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM dev_mailbox WHERE html LIKE '%alert%'`))[0].n > 0,
    );
    const [mail] = await t.db.query<
      {
        html: string;
        text: string;
      }[]
    >(`SELECT html, text FROM dev_mailbox WHERE html LIKE '%alert%' LIMIT 1`);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
  });

  it('writes stored text starting with =, +, - or @ as text cells in every workbook, never as a formula', async () => {
    const admin = await t.bearer('admin');
    // A task title of the plan, exported by the plan export; a proposal, in the consolidated report.
    for (const [i, formula] of FORMULAS.entries()) {
      await t.db.query(`UPDATE tasks SET note = $1 WHERE code = $2`, [formula, ['II.1.(1)', 'II.1.(2)', 'II.1.(3)', 'II.1.(4)'][i]]);
    }
    const exported = await t
      .http()
      .get('/api/plans/CB-2026-2030/export.xlsx')
      .set('Authorization', admin)
      .buffer(true)
      .parse(binaryParser)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.body);
    const found: string[] = [];
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.formula).toBeUndefined();
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string' && FORMULAS.includes(cell.value)) found.push(cell.value);
        }),
      ),
    );
    expect(found.sort()).toEqual([...FORMULAS].sort());
  });

  it('keeps the same texts inert in the consolidated report: escaped in the DOCX, text cells in the XLSX', async () => {
    const coordinator = await t.bearer('coordinator');
    const download = (format: string) =>
      t
        .http()
        .get(`/api/consolidations/${consolidationId}/report.${format}`)
        .set('Authorization', coordinator)
        .buffer(true)
        .parse(binaryParser)
        .expect(200);
    const docx = await JSZip.loadAsync((await download('docx')).body as Buffer);
    const xml = await docx.file('word/document.xml')!.async('string');
    expect(xml).toContain('&lt;script&gt;');
    expect(xml).not.toContain('<script>');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download('xlsx')).body);
    const texts: string[] = [];
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.formula).toBeUndefined();
          if (typeof cell.value === 'string') texts.push(cell.value);
        }),
      ),
    );
    // The report's sheets also prefix such text with an apostrophe, so a copy to CSV stays inert too.
    expect(texts).toEqual(expect.arrayContaining([`'${FORMULAS[1]}`, XSS]));
  });

  it('never writes a password, a token or the session secret to the log', async () => {
    const name = await cloneTemplateDatabase();
    const secret = 'a-session-secret-that-must-stay-hidden';
    const port = 7950 + Math.floor(Math.random() * 40);
    const app = startAppProcess({
      DATABASE_URL: databaseUrl(name),
      REDIS_URL: REDIS_TEST_URL,
      REDIS_PREFIX: name,
      PORT: String(port),
      APP_ROLE: 'api',
      LOG_LEVEL: 'trace',
      SESSION_SECRET: secret,
    });
    try {
      await app.waitForOutput('Listening on');
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'stc', password: 'Demo@2026' }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      await fetch(`http://127.0.0.1:${port}/api/auth/me`, {
        headers: { authorization: `Bearer ${accessToken}`, cookie: `${SESSION_COOKIE}=${accessToken}` },
      });
      await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'stc', password: 'wrong-Demo@2026' }),
      });
      await new Promise((r) => setTimeout(r, 500));
      const log = app.output();
      expect(log).toContain('/api/auth/me'); // the requests were logged…
      expect(log).not.toContain('Demo@2026'); // …without what they carried
      expect(log).not.toContain(accessToken);
      expect(log).not.toContain(secret);
    } finally {
      await app.stop();
      await dropDatabase(name);
    }
  }, 90_000);
});
