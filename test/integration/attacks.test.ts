import { gzipSync } from 'node:zlib';
import { CalendarQueue } from '../../src/scheduling/calendar-queue';
import { AuditService, REFUSAL_ROWS_PER_WINDOW } from '../../src/audit/audit.service';
import { PASSWORD_COMMON, PASSWORD_POLICY, PASSWORD_REUSED } from '../../src/auth/passwords';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../src/web/page-session';
import { BOARD_CSRF_COOKIE, QUEUE_BOARD_PATH } from '../../src/web/queue-board';
import { DEMO_PASSWORD, startTestApp, TestApp } from '../helpers/app';
import { snapshot } from './admin-snapshot';

const METRICS_TOKEN = 'metrics-token-of-the-attack-suite';
const WRONG_PAIR = { statusCode: 401, code: 'UNAUTHORIZED', message: 'Tên đăng nhập hoặc mật khẩu không đúng.', errors: [] };

/**
 * What an outside attacker tried (issue 17): racing the sign-in lock, guessing the current
 * password, telling a disabled account by its answer, sharing one throttle bucket behind a
 * proxy, deep JSON and broken encodings for a 500, unknown ids on page routes, flooding the audit
 * log, cached answers, an open /metrics, a cross-site post to the queue board, and a CSRF token
 * that outlives its session. Each refusal changes no row.
 */
describe('attacks from outside (issue 17)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-05-18T09:00:00+07:00',
      env: { CALENDAR_RECONCILE_SECONDS: '3600', TRUST_PROXY: 'loopback, 10.0.0.0/8', METRICS_TOKEN },
    });
    admin = await t.bearer('admin');
  }, 60_000);
  afterAll(() => t?.close());

  /** Every row that matters: the administered tables, the reports, users' passwords and live sessions. */
  const state = async () => ({
    ...(await snapshot(t.db)),
    ...(
      await t.db.query<Record<string, string>[]>(
        `SELECT (SELECT md5(string_agg(concat_ws('|', username, password_hash, disabled), ',' ORDER BY username)) FROM users) AS users,
                (SELECT count(*) FROM sessions WHERE revoked_at IS NULL)::text AS sessions,
                (SELECT count(*) FROM agency_reports)::text AS reports, (SELECT count(*) FROM plan_imports)::text AS imports`,
      )
    )[0],
  });
  /** Signing in from a client address of its own, so each test has its own address bucket. */
  const login = (username: string, password: string, client: string) =>
    t.http().post('/api/auth/login').set('X-Forwarded-For', client).send({ username, password });
  const sessionsOf = async (username: string) =>
    (
      await t.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = $1 AND s.revoked_at IS NULL`,
        [username],
      )
    )[0].n;
  const cookies = (res: { headers: Record<string, unknown> }) =>
    ((res.headers['set-cookie'] as string[] | undefined) ?? []).map((c) => c.split(';')[0]);
  const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1];

  describe('sign-in', () => {
    it('checks at most 5 of 40 parallel wrong passwords for one user; the other 35 answer 429 (item 5)', async () => {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login('01273-ld', `sai-mat-khau-${i}`, '192.0.2.1')));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(35);
      expect(answers.find((a) => a.status === 429)!.headers['retry-after']).toMatch(/^\d+$/);
    });

    it('opens no session for the right password sent among 40 parallel guesses once the lock holds (item 5)', async () => {
      const before = await sessionsOf('sxd');
      const guesses = (right: number) =>
        Promise.all(Array.from({ length: 40 }, (_, i) => login('sxd', i === right ? DEMO_PASSWORD : `doan-${i}`, '192.0.2.2')));
      const first = await guesses(30);
      // Whatever the order the 40 arrive in, at most 5 were checked.
      expect(first.filter((a) => a.status !== 429).length).toBeLessThanOrEqual(5);
      const opened = first.filter((a) => a.status === 200).length;
      // Locked now (the right password, if it was among the checked five, emptied the bucket: lock it again).
      if (opened) for (let i = 0; i < 5; i += 1) await login('sxd', `doan-lai-${i}`, '192.0.2.2').expect(401);
      const second = await guesses(30);
      expect(second.map((a) => a.status)).toEqual(Array(40).fill(429));
      expect(await sessionsOf('sxd')).toBe(before + opened);
    });

    it('answers a disabled account exactly as a wrong password, right password or not, and counts both (item 7)', async () => {
      await t.http().patch('/api/users/01290-ld').set('Authorization', admin).send({ disabled: true }).expect(200);
      const timed = async (password: string) => {
        const started = process.hrtime.bigint();
        const res = await login('01290-ld', password, '192.0.2.3');
        return { res, ms: Number(process.hrtime.bigint() - started) / 1e6 };
      };
      const right = [await timed(DEMO_PASSWORD), await timed(DEMO_PASSWORD)];
      const wrong = [await timed('khong-dung-1'), await timed('khong-dung-2')];
      for (const { res } of [...right, ...wrong]) expect([res.status, res.body]).toEqual([401, WRONG_PAIR]);
      // Both verified a password (Argon2): the right one is not answered faster.
      const fastest = (xs: { ms: number }[]) => Math.min(...xs.map((x) => x.ms));
      expect(fastest(right)).toBeGreaterThan(fastest(wrong) * 0.3);
      await login('01290-ld', 'khong-dung-3', '192.0.2.3').expect(401);
      // Five attempts counted, right password or wrong: the sixth is throttled whatever it carries.
      await login('01290-ld', DEMO_PASSWORD, '192.0.2.3').expect(429);
      expect(await sessionsOf('01290-ld')).toBe(0);
    });

    it('gives each client behind a trusted proxy its own address bucket (TRUST_PROXY, item 8)', async () => {
      // The proxy at 10.1.2.3 (trusted by TRUST_PROXY) forwards two clients.
      for (let i = 0; i < 50; i += 1) await login(`khach-${i}`, 'doan-bua', '203.0.113.5, 10.1.2.3').expect(401);
      await login('khach-50', 'doan-bua', '203.0.113.5, 10.1.2.3').expect(429);
      await login('coordinator', DEMO_PASSWORD, '198.51.100.9, 10.1.2.3').expect(200);
      const [row] = await t.db.query<{ ip: string }[]>(
        `SELECT ip FROM audit_log WHERE action = 'auth.failed' AND detail->>'username' = 'khach-0' ORDER BY id DESC LIMIT 1`,
      );
      expect(row.ip).toBe('203.0.113.5');
    });
  });

  describe('changing a password', () => {
    it('throttles the check of the current password: 5 wrong, then 429 even for the right one (item 6)', async () => {
      const token = `Bearer ${(await login('stc-ld', DEMO_PASSWORD, '192.0.2.6').expect(200)).body.accessToken as string}`;
      const before = await state();
      const change = (currentPassword: string) =>
        t.http().post('/api/auth/password').set('Authorization', token).send({ currentPassword, newPassword: 'Cầu Bản Giới mùa lũ' });
      for (let i = 0; i < 5; i += 1) {
        const wrong = await change(`sai-${i}`).expect(400);
        expect(wrong.body.errors).toEqual([{ path: 'currentPassword', message: 'Mật khẩu hiện tại không đúng.' }]);
      }
      const throttled = await change(DEMO_PASSWORD).expect(429);
      expect(throttled.body.code).toBe('PASSWORD_CHECK_THROTTLED');
      expect(throttled.headers['retry-after']).toMatch(/^\d+$/);
      expect(await state()).toEqual(before);
    });

    it('refuses a short, a common or the current password, in Vietnamese, changing nothing (item 6)', async () => {
      await t
        .http()
        .post('/api/users/01273/reset-password')
        .set('Authorization', admin)
        .send({ newPassword: 'Nước Hai mùa mưa 2026' })
        .expect(200);
      const token = `Bearer ${(await login('01273', 'Nước Hai mùa mưa 2026', '192.0.2.7').expect(200)).body.accessToken as string}`;
      const before = await state();
      const change = (newPassword: string) =>
        t.http().post('/api/auth/password').set('Authorization', token).send({ currentPassword: 'Nước Hai mùa mưa 2026', newPassword });
      expect((await change('aaaaaaa1').expect(400)).body.errors).toEqual([{ path: 'newPassword', message: PASSWORD_POLICY }]);
      expect((await change('aaaaaaaaaaaa').expect(400)).body.errors).toEqual([{ path: 'newPassword', message: PASSWORD_COMMON }]);
      expect((await change('matkhau123456').expect(400)).body.errors).toEqual([{ path: 'newPassword', message: PASSWORD_COMMON }]);
      expect((await change('Nước Hai mùa mưa 2026').expect(400)).body.errors).toEqual([{ path: 'newPassword', message: PASSWORD_REUSED }]);
      const weak = await t
        .http()
        .post('/api/users')
        .set('Authorization', admin)
        .send({ username: 'yeu-1', displayName: 'Mật Khẩu Yếu', role: 'reporter', agencyCode: 'STC', password: 'Matkhau2026' })
        .expect(400);
      expect(weak.body.errors).toEqual([{ path: 'password', message: PASSWORD_POLICY }]);
      expect(await state()).toEqual(before);
      // The seeded demo password stays as the seed wrote it: the policy is for passwords people set.
      await login('coordinator', DEMO_PASSWORD, '192.0.2.7').expect(200);
      await change('Một cụm từ mới dễ nhớ').expect(200);
    });
  });

  describe('three ways to a 500', () => {
    const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

    it('refuses JSON nested deeper than 32 with 400 BODY_TOO_DEEP on every DTO route, sign-in included (item 9)', async () => {
      const stc = await t.bearer('stc');
      const before = await state();
      const periods = (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', stc)).body as { id: string }[];
      const shots: [string, string, string | null, string][] = [
        ['post', '/api/auth/login', null, deep(5000)],
        ['post', '/api/auth/login', null, `{"username":${deep(40)},"password":"x"}`],
        ['put', `/api/periods/${periods[0].id}/my-report`, stc, `{"version":1,"summary":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`],
        ['patch', '/api/agencies/STC', admin, `{"emails":${deep(33)}}`],
        ['post', '/api/users', admin, deep(100_000)],
      ];
      for (const [method, path, token, body] of shots) {
        let req = (t.http() as unknown as Record<string, (u: string) => import('supertest').Test>)[method](path);
        if (token) req = req.set('Authorization', token);
        const res = await req.set('Content-Type', 'application/json').send(body);
        expect([path, res.status, res.body.code]).toEqual([path, 400, 'BODY_TOO_DEEP']);
      }
      // 32 levels are still read (and refused by the DTO as any other wrong shape).
      const shallow = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send(deep(32));
      expect([shallow.status, shallow.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(await state()).toEqual(before);
    });

    it('answers every body parser error with a 4xx: bad gzip 400, unknown encoding 415, too large 413 (item 10)', async () => {
      const send = (encoding: string, body: Buffer) =>
        t
          .http()
          .post('/api/auth/login')
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', encoding)
          .serialize((bytes: unknown) => bytes as string) // the bytes as they are, not JSON of a Buffer
          .send(body);
      const json = Buffer.from(JSON.stringify({ username: 'stc', password: 'sai' }));
      const bad = await send('gzip', json);
      expect([bad.status, bad.body.code]).toEqual([400, 'MALFORMED_BODY']);
      expect((await send('deflate', json)).status).toBe(400);
      expect((await send('br', json)).status).toBe(400);
      const unknown = await send('x-compress-9000', json);
      expect([unknown.status, unknown.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      expect((await send('gzip', gzipSync(json).subarray(0, 12))).status).toBe(400); // cut short
      const large = await send('gzip', gzipSync(Buffer.from(JSON.stringify({ username: 'x', password: 'y'.repeat(2_000_000) }))));
      expect([large.status, large.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      // A real gzip body is read.
      expect((await send('gzip', gzipSync(json))).body.code).toBe('UNAUTHORIZED');
      const charset = await t.http().post('/api/auth/login').set('Content-Type', 'application/json; charset=koi8-r').send('{}');
      expect(charset.status).toBe(415);
    });

    it('answers 404 to confirming an import that does not exist (item 11)', async () => {
      const cookie = `${SESSION_COOKIE}=${admin.slice('Bearer '.length)}`;
      const page = await t.http().get('/admin/plans').set('Cookie', cookie).expect(200);
      const csrf = csrfOf(page.text);
      const before = await state();
      for (const id of ['00000000-0000-4000-8000-000000000000', 'khong-phai-uuid', '1'.repeat(300)]) {
        const res = await t.http().post(`/admin/imports/${id}/confirm`).set('Cookie', cookie).type('form').send({ csrf });
        expect([id, res.status]).toEqual([id, 404]);
      }
      expect(await state()).toEqual(before);
    });
  });

  describe('abuse and hygiene', () => {
    it('keeps at most a capped row per refusal, 10 per source a minute, and aggregates the rest (item 13)', async () => {
      const audit = async () =>
        (
          await t.db.query<{ n: number; bytes: number }[]>(
            `SELECT count(*)::int AS n, coalesce(sum(pg_column_size(a.*)), 0)::int AS bytes FROM audit_log a WHERE ip = '192.0.2.13'`,
          )
        )[0];
      const longPath = `/api/plans/${'x'.repeat(14_000)}`;
      for (let i = 0; i < 10; i += 1) {
        await Promise.all(Array.from({ length: 20 }, () => t.http().get(longPath).set('X-Forwarded-For', '192.0.2.13').expect(401)));
      }
      await new Promise((r) => setTimeout(r, 300)); // refusals are recorded after the answer
      const during = await audit();
      expect(during.n).toBe(REFUSAL_ROWS_PER_WINDOW);
      expect(during.bytes).toBeLessThan(REFUSAL_ROWS_PER_WINDOW * 1000);
      const [one] = await t.db.query<{ detail: { path: string } }[]>(`SELECT detail FROM audit_log WHERE ip = '192.0.2.13' LIMIT 1`);
      expect([...one.detail.path].length).toBeLessThanOrEqual(201);
      // At the window's end (here: forced) the other 190 are one row.
      await t.app.get(AuditService).onModuleDestroy();
      const [summary] = await t.db.query<{ detail: { aggregated: boolean; count: number; counts: Record<string, number> } }[]>(
        `SELECT detail FROM audit_log WHERE ip = '192.0.2.13' AND detail->>'aggregated' = 'true'`,
      );
      expect(summary.detail).toMatchObject({ aggregated: true, count: 190, counts: { '401 UNAUTHORIZED': 190 } });
      await expect(t.db.query(`DELETE FROM audit_log WHERE ip = '192.0.2.13'`)).rejects.toThrow(/append-only/);
    });

    it('sends Cache-Control: no-store on signed-in pages and API answers (item 15)', async () => {
      const stc = await t.bearer('stc');
      for (const res of [
        await t.http().get('/api/auth/me').set('Authorization', stc).expect(200),
        await t.http().get('/api/plans').set('Authorization', stc).expect(200),
        await t
          .http()
          .get('/my')
          .set('Cookie', `${SESSION_COOKIE}=${stc.slice('Bearer '.length)}`)
          .expect(200),
        await t.http().post('/api/auth/login').send({ username: 'leader', password: DEMO_PASSWORD }).expect(200),
      ]) {
        expect(res.headers['cache-control']).toBe('no-store');
      }
    });

    it('protects /metrics by METRICS_TOKEN (item 15)', async () => {
      await t.http().get('/metrics').expect(401);
      await t.http().get('/metrics').set('Authorization', 'Bearer not-the-token-of-metrics').expect(401);
      const res = await t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      expect(res.text).toContain('cbr_http_request_duration_seconds');
    });

    it('gives the queue board a CSP without unsafe-inline, and refuses its writes without the board token or as non-JSON (items 15, 17)', async () => {
      const cookie = `${SESSION_COOKIE}=${admin.slice('Bearer '.length)}`;
      const board = await t.http().get(QUEUE_BOARD_PATH).set('Cookie', cookie).expect(200);
      const csp = String(board.headers['content-security-policy']);
      expect(csp).toContain("style-src 'self' 'unsafe-hashes' 'sha256-");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("script-src 'self'");
      const xsrf = cookies(board)
        .find((c) => c.startsWith(`${BOARD_CSRF_COOKIE}=`))!
        .split('=')[1];
      expect(String(board.headers['set-cookie'])).toMatch(/XSRF-TOKEN=[^;]+; Path=\/admin\/queues; SameSite=Strict/);
      const queue = t.app.get(CalendarQueue).queue;
      const jobs = async () => (await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized')) as Record<string, number>;
      const before = await jobs();
      const add = `${QUEUE_BOARD_PATH}/api/queues/${encodeURIComponent(queue.name)}/add`;
      const forged = await t.http().post(add).set('Cookie', cookie).set('Content-Type', 'text/plain').send('{"name":"x","data":{}}');
      expect(forged.status).toBe(403);
      const noToken = await t.http().post(add).set('Cookie', cookie).send({ name: 'x', data: {} });
      expect(noToken.status).toBe(403);
      const plain = await t
        .http()
        .post(add)
        .set('Cookie', `${cookie}; ${BOARD_CSRF_COOKIE}=${xsrf}`)
        .set('X-XSRF-TOKEN', xsrf)
        .set('Content-Type', 'text/plain')
        .send('{"name":"x","data":{}}');
      expect(plain.status).toBe(415);
      // Another session's board token does not pass either.
      const other = `${SESSION_COOKIE}=${(await t.bearer('admin')).slice('Bearer '.length)}`;
      await t.http().put(`${QUEUE_BOARD_PATH}/api/queues/pause`).set('Cookie', other).set('X-XSRF-TOKEN', xsrf).expect(403);
      expect(await jobs()).toEqual(before);
      // The board's own client (its token, JSON) still works.
      const paused = await t.http().put(`${QUEUE_BOARD_PATH}/api/queues/pause`).set('Cookie', cookie).set('X-XSRF-TOKEN', xsrf);
      expect(paused.status).toBeLessThan(300);
      await t.http().put(`${QUEUE_BOARD_PATH}/api/queues/resume`).set('Cookie', cookie).set('X-XSRF-TOKEN', xsrf).expect(200);
    });

    it('binds a form’s CSRF token to its session and renews it at sign-in (SESSION_SECRET, item 18)', async () => {
      const before = await state();
      // The sign-in form's token works for signing in, and only until then.
      const form = await t.http().get('/login').expect(200);
      const visitorCsrf = csrfOf(form.text);
      const visitorCookies = cookies(form);
      expect(visitorCookies.find((c) => c.startsWith(`${CSRF_COOKIE}=`))!.split('=')[1]).not.toBe(visitorCsrf); // the cookie holds a nonce, the form its HMAC
      const signedIn = await t
        .http()
        .post('/login')
        .set('Cookie', visitorCookies.join('; '))
        .type('form')
        .send({ csrf: visitorCsrf, username: 'admin', password: DEMO_PASSWORD })
        .expect(303);
      expect(String(signedIn.headers['set-cookie'])).toMatch(new RegExp(`${CSRF_COOKIE}=;`)); // the visitor nonce is cleared
      const session = cookies(signedIn).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
      const holiday = { name: 'Ngày giả', date: '2026-12-01', dayOff: 'on' };
      const withOld = await t
        .http()
        .post('/admin/holidays')
        .set('Cookie', [...visitorCookies, session].join('; '))
        .type('form')
        .send({ ...holiday, csrf: visitorCsrf });
      expect(withOld.status).toBe(403);
      // Another session's token does not pass with this session.
      const otherPage = await t
        .http()
        .get('/admin/users')
        .set('Cookie', `${SESSION_COOKIE}=${admin.slice('Bearer '.length)}`)
        .expect(200);
      const withOther = await t
        .http()
        .post('/admin/holidays')
        .set('Cookie', session)
        .type('form')
        .send({ ...holiday, csrf: csrfOf(otherPage.text) });
      expect(withOther.status).toBe(403);
      expect({ ...(await state()), sessions: '' }).toEqual({ ...before, sessions: '' });
      // This session's own token does.
      const own = await t.http().get('/admin/users').set('Cookie', session).expect(200);
      const accepted = await t
        .http()
        .post('/admin/holidays')
        .set('Cookie', session)
        .type('form')
        .send({ ...holiday, csrf: csrfOf(own.text) });
      expect(accepted.status).toBe(200);
      expect(accepted.text).toContain('Đã lưu ngày 1/12/2026: Ngày giả.');
    });
  });
});
