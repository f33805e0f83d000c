import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { SESSION_COOKIE } from '../../src/web/page-session';
import { DB_PLAN, dienBienWorkbook } from '../fixtures/dien-bien-workbook';
import { startTestApp, TestApp } from '../helpers/app';
import { ReceivedMail, SmtpSink, startSmtpSink } from '../helpers/smtp';
import { waitFor } from '../helpers/wait';

const PUBLIC_URL = 'https://baocao.caobang.example';
const SUBJECT = 'Tài khoản của bạn trên hệ thống báo cáo';
const RESET_SUBJECT = '[Đặt lại mật khẩu] Tài khoản của bạn trên hệ thống báo cáo';

/**
 * People from the workbook and the users page: accounts created without a password get a
 * one-time link by email (through the outbox, to a real SMTP peer) to choose one; the link works
 * once and expires; the administrator creates, locks, unlocks and resets accounts on /admin/users.
 */
describe('accounts: welcome and reset links, the workbook sheet "Tài khoản", the users page', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: string;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({
      now: '2026-01-20T09:00:00+07:00',
      env: { SMTP_URL: smtp.url, MAIL_RETRY_BASE_MS: '100', MAIL_RATE_PER_SECOND: '1000', PUBLIC_URL },
    });
    admin = await t.bearer('admin');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const mailsTo = (address: string) => smtp.received.filter((m) => m.envelopeTo.includes(address));
  const oneMailTo = async (address: string, count = 1): Promise<ReceivedMail> => {
    await waitFor(async () => mailsTo(address).length >= count);
    return mailsTo(address)[count - 1];
  };
  /** The link's path on this app (the mail names the public address). */
  const linkPath = (mail: ReceivedMail): string => {
    const match = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}(/login/link/[A-Za-z0-9_-]+)`).exec(mail.text);
    if (!match) throw new Error(`no link in: ${mail.text}`);
    return match[1];
  };
  const login = (username: string, password: string) => t.http().post('/api/auth/login').send({ username, password });
  const cookiesOf = (res: Response): string[] =>
    ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]);
  const csrfOf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)![1];

  /** Opens a page (signed in with `session` when given) and answers its form's CSRF token and the cookies to post it with. */
  async function openForm(path: string, session?: string): Promise<{ res: Response; csrf: string; cookie: string }> {
    const sessionCookie = session ? [`${SESSION_COOKIE}=${session.replace(/^Bearer /, '')}`] : [];
    const res = await t.http().get(path).set('Cookie', sessionCookie.join('; '));
    return { res, csrf: csrfOf(res.text), cookie: [...sessionCookie, ...cookiesOf(res)].join('; ') };
  }

  const post = (path: string, form: { cookie: string; csrf: string }, fields: Record<string, string> = {}) =>
    t
      .http()
      .post(path)
      .set('Cookie', form.cookie)
      .type('form')
      .send({ csrf: form.csrf, ...fields });

  /** Follows a link: opens its page, posts the password twice with the form's CSRF token. */
  async function setPasswordThrough(path: string, password: string): Promise<Response> {
    const form = await openForm(path);
    expect(form.res.status).toBe(200);
    return post(path, form, { password, confirm: password });
  }

  const upload = (file: Buffer, dryRun: boolean) =>
    t
      .http()
      .post(`/api/plans/import?dryRun=${dryRun}`)
      .set('Authorization', admin)
      .attach('file', file, { filename: 'ke-hoach.xlsx', contentType: 'application/octet-stream' });

  /** Điện Biên's workbook with a sheet of accounts; the two commune users leave the username to the convention. */
  const withAccounts = (rows: (string | null)[][]) =>
    dienBienWorkbook((wb) => {
      const ws = wb.addWorksheet('Tài khoản');
      ws.addRow(['Tên đăng nhập', 'Họ và tên', 'Email', 'Vai trò', 'Cơ quan']);
      rows.forEach((r) => ws.addRow(r));
    });
  const PEOPLE = [
    [null, 'Lò Văn Minh', 'minh@muongphang.example', 'Cán bộ báo cáo', 'UBND xã Mường Phăng'],
    [null, 'Quàng Thị Hoa', 'hoa@muongphang.example', 'Lãnh đạo cơ quan', 'DB-X01'],
    ['db-tonghop', 'Nguyễn Thị Thu', 'thu@sxd.dienbien.example', 'Cán bộ tổng hợp', 'Sở Xây dựng tỉnh Điện Biên'],
  ];
  const importedUsers = () =>
    t.db.query<{ username: string; display_name: string; email: string; role: string; code: string }[]>(
      `SELECT u.username, u.display_name, u.email, u.role, a.code FROM users u JOIN agencies a ON a.id = u.agency_id
       WHERE u.username IN ('db-x01', 'db-x01-ld', 'db-tonghop') ORDER BY u.username`,
    );
  const emailCount = async () =>
    (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM emails WHERE kind = 'account_link'`))[0].n;

  describe('the workbook sheet "Tài khoản"', () => {
    it('a dry run lists the accounts it would create, and creates and sends nothing', async () => {
      const res = await upload(await withAccounts(PEOPLE), true).expect(200);
      expect(res.body.errors).toEqual([]);
      expect(res.body.changes.created).toEqual(
        expect.arrayContaining([
          { entity: 'account', code: 'db-x01' },
          { entity: 'account', code: 'db-x01-ld' },
          { entity: 'account', code: 'db-tonghop' },
        ]),
      );
      expect(await importedUsers()).toEqual([]);
      expect(await emailCount()).toBe(0);
      expect((await t.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM sign_in_links'))[0].n).toBe(0);
      await new Promise((r) => setTimeout(r, 500));
      expect(smtp.received).toHaveLength(0);
    });

    it('the import creates the accounts and sends each exactly one email with its username, link and expiry', async () => {
      const res = await upload(await withAccounts(PEOPLE), false).expect(200);
      expect(res.body.errors).toEqual([]);
      expect(await importedUsers()).toEqual([
        { username: 'db-tonghop', display_name: 'Nguyễn Thị Thu', email: 'thu@sxd.dienbien.example', role: 'coordinator', code: 'DB-SXD' },
        { username: 'db-x01', display_name: 'Lò Văn Minh', email: 'minh@muongphang.example', role: 'reporter', code: 'DB-X01' },
        { username: 'db-x01-ld', display_name: 'Quàng Thị Hoa', email: 'hoa@muongphang.example', role: 'head', code: 'DB-X01' },
      ]);
      const minh = await oneMailTo('minh@muongphang.example');
      await oneMailTo('hoa@muongphang.example');
      await oneMailTo('thu@sxd.dienbien.example');
      await waitFor(async () => {
        const states = await t.db.query<{ state: string }[]>(`SELECT state FROM emails WHERE kind = 'account_link'`);
        return states.length === 3 && states.every((s) => s.state === 'sent');
      });
      expect(minh.subject).toBe(SUBJECT);
      expect(minh.text).toContain('Kính gửi: Lò Văn Minh');
      expect(minh.text).toContain('Tên đăng nhập: db-x01');
      expect(minh.text).toContain('(đơn vị: Ủy ban nhân dân xã Mường Phăng)');
      expect(minh.text).toContain('chỉ dùng được một lần và có hiệu lực đến 09:00 ngày 23/1/2026');
      expect(minh.text).toContain(`${PUBLIC_URL}/login/link/`);
      expect(minh.text).toBe(minh.text.normalize('NFC'));
      expect(minh.html).toContain('lang="vi"');

      // The database keeps the token's hash only: not in the links table, not in the sent email row.
      const token = linkPath(minh).split('/').pop()!;
      const links = await t.db.query<{ token_hash: string; purpose: string; expires_at: Date; used_at: Date | null }[]>(
        `SELECT l.token_hash, l.purpose, l.expires_at, l.used_at FROM sign_in_links l JOIN users u ON u.id = l.user_id WHERE u.username = 'db-x01'`,
      );
      expect(links).toEqual([
        {
          token_hash: createHash('sha256').update(token).digest('hex'),
          purpose: 'welcome',
          expires_at: new Date('2026-01-23T09:00:00+07:00'),
          used_at: null,
        },
      ]);
      const stored = JSON.stringify(await t.db.query(`SELECT l.*, e.data FROM sign_in_links l, emails e WHERE e.kind = 'account_link'`));
      expect(stored).not.toContain(token);

      // Nobody can sign in before choosing a password.
      await login('db-x01', '').expect(400);
      await login('db-x01', 'Demo@2026').expect(401);
    });

    it('importing the same workbook again changes nothing and sends nothing more', async () => {
      const before = smtp.received.length;
      const res = await upload(await withAccounts(PEOPLE), false).expect(200);
      expect(res.body.changes.created).toEqual([]);
      expect(res.body.changes.updated).toEqual([]);
      expect(res.body.changes.unchanged).toEqual(expect.arrayContaining([{ entity: 'account', code: 'db-x01' }]));
      await new Promise((r) => setTimeout(r, 500));
      expect(smtp.received.length).toBe(before);
      expect(await emailCount()).toBe(3);
    });

    it('export → import of the plan round-trips its accounts with zero changes', async () => {
      const exported = await t
        .http()
        .get(`/api/plans/${DB_PLAN}/export.xlsx`)
        .set('Authorization', admin)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const res = await upload(exported.body as Buffer, false).expect(200);
      expect(res.body.changes.created).toEqual([]);
      expect(res.body.changes.updated).toEqual([]);
      expect(res.body.changes.removed).toEqual([]);
      expect(res.body.changes.unchanged).toEqual(
        expect.arrayContaining(['db-x01', 'db-x01-ld', 'db-tonghop'].map((code) => ({ entity: 'account', code }))),
      );
    });

    it('refuses a username of another agency at its cell, and a new account without an email, saving nothing', async () => {
      const res = await upload(
        await withAccounts([
          ['stc', 'Người trùng tên', 'trung@dienbien.example', 'Cán bộ báo cáo', 'Sở Tài chính tỉnh Điện Biên'],
          ['db-x02', 'Không Có Thư', null, 'Cán bộ báo cáo', 'DB-X02'],
        ]),
        false,
      ).expect(422);
      expect(res.body.errors).toEqual([
        {
          sheet: 'Tài khoản',
          row: 2,
          column: 'A',
          message: 'Tên đăng nhập "stc" đã là tài khoản của cơ quan khác (STC); hãy dùng tên đăng nhập khác.',
        },
        { sheet: 'Tài khoản', row: 3, column: 'C', message: 'Tài khoản mới "db-x02" cần email để nhận đường dẫn đặt mật khẩu.' },
      ]);
      const [stc] = await t.db.query<{ display_name: string; code: string }[]>(
        `SELECT u.display_name, a.code FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.username = 'stc'`,
      );
      expect(stc.code).toBe('STC');
      expect((await t.db.query(`SELECT 1 FROM users WHERE username = 'db-x02'`)).length).toBe(0);
    });

    it('says what is wrong in the sheet itself: an unknown role, a malformed username', async () => {
      const res = await upload(
        await withAccounts([
          ['DB X03', 'Tên Có Dấu Cách', 'x03@dienbien.example', 'Cán bộ báo cáo', 'DB-X02'],
          ['db-x03', 'Vai Trò Lạ', 'x03b@dienbien.example', 'Quản trị hệ thống', 'DB-X02'],
        ]),
        true,
      ).expect(422);
      expect(res.body.errors).toEqual([
        {
          sheet: 'Tài khoản',
          row: 2,
          column: 'A',
          message: 'Tên đăng nhập "db x03" không hợp lệ: 2–64 chữ thường không dấu, số, ".", "-" hoặc "_".',
        },
        {
          sheet: 'Tài khoản',
          row: 3,
          column: 'D',
          message:
            'Vai trò "Quản trị hệ thống" không có; chọn một trong: Cán bộ báo cáo; Lãnh đạo cơ quan; Cán bộ tổng hợp; Lãnh đạo (chỉ xem).',
        },
      ]);
    });
  });

  describe('the link page', () => {
    it('shows a form to choose a password; refuses a weak or mistyped one beside its field, and a form without its CSRF token', async () => {
      const path = linkPath(mailsTo('minh@muongphang.example')[0]);
      const form = await openForm(path);
      expect(form.res.status).toBe(200);
      expect(form.res.text).toContain('Đặt mật khẩu cho tài khoản');
      expect(form.res.text).toContain('<strong id="link-username">db-x01</strong>');
      expect(form.res.headers['referrer-policy']).toBe('no-referrer');

      const weak = await post(path, form, { password: 'abc', confirm: 'abc' }).expect(422);
      expect(weak.text).toContain(
        '<span class="field-error" id="password-error">Mật khẩu cần ít nhất 12 ký tự; nên dùng một cụm từ dễ nhớ, khó đoán.</span>',
      );
      const mistyped = await post(path, form, { password: 'Minh chọn mật khẩu 2026', confirm: 'Minh chọn mật khẩu 2027' }).expect(422);
      expect(mistyped.text).toContain('<span class="field-error" id="confirm-error">Mật khẩu nhập lại không khớp.</span>');
      const forged = await post(
        path,
        { ...form, csrf: 'x'.repeat(32) },
        { password: 'Minh chọn mật khẩu 2026', confirm: 'Minh chọn mật khẩu 2026' },
      ).expect(403);
      expect(forged.text).toContain('Biểu mẫu đã hết hạn.');
      await login('db-x01', 'Minh chọn mật khẩu 2026').expect(401);
    });

    it('sets the password, signs the user in and sends them home; they can then sign in with it', async () => {
      const path = linkPath(mailsTo('minh@muongphang.example')[0]);
      const res = await setPasswordThrough(path, 'Minh chọn mật khẩu 2026');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/');
      const session = cookiesOf(res).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
      const me = await t
        .http()
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${session.split('=')[1]}`)
        .expect(200);
      expect(me.body).toMatchObject({ username: 'db-x01', role: 'reporter', agencyCode: 'DB-X01' });
      const signedIn = await login('db-x01', 'Minh chọn mật khẩu 2026').expect(200);
      expect(signedIn.body.accessToken).toEqual(expect.any(String));
      const [used] = await t.db.query<{ used_at: Date | null }[]>(
        `SELECT l.used_at FROM sign_in_links l JOIN users u ON u.id = l.user_id WHERE u.username = 'db-x01'`,
      );
      expect(used.used_at).toEqual(new Date('2026-01-20T09:00:00+07:00'));
      const [audit] = await t.db.query<{ actor_username: string }[]>(
        `SELECT actor_username FROM audit_log WHERE action = 'user.password_set_by_link' ORDER BY id DESC LIMIT 1`,
      );
      expect(audit.actor_username).toBe('db-x01');
    });

    it('refuses the link a second time (410), and an unknown link (404), with a page that says so', async () => {
      const path = linkPath(mailsTo('minh@muongphang.example')[0]);
      const again = await t.http().get(path).expect(410);
      expect(again.text).toContain('Đường dẫn đã được sử dụng');
      expect(again.text).toContain('mỗi đường dẫn chỉ dùng được một lần');
      const form = await openForm('/login');
      const repost = await post(path, form, { password: 'Khác hẳn mật khẩu 2026', confirm: 'Khác hẳn mật khẩu 2026' }).expect(410);
      expect(repost.text).toContain('Đường dẫn đã được sử dụng');
      await login('db-x01', 'Khác hẳn mật khẩu 2026').expect(401);

      const unknown = await t.http().get('/login/link/khong-phai-duong-dan-that-0123456789').expect(404);
      expect(unknown.text).toContain('Đường dẫn không hợp lệ');
      await t.http().get('/login/link/x').expect(404);
    });

    it('refuses an expired link (410) once the clock passes its 72 hours', async () => {
      const path = linkPath(mailsTo('hoa@muongphang.example')[0]);
      t.clock.set(new Date('2026-01-23T08:59:00+07:00'));
      await t.http().get(path).expect(200);
      t.clock.set(new Date('2026-01-23T09:00:00+07:00'));
      const expired = await t.http().get(path).expect(410);
      expect(expired.text).toContain('Đường dẫn đã hết hạn');
      expect(expired.text).toContain('hết hạn lúc 09:00 ngày 23/1/2026');
      const form = await openForm('/login');
      await post(path, form, { password: 'Hoa chọn mật khẩu 2026', confirm: 'Hoa chọn mật khẩu 2026' }).expect(410);
      await login('db-x01-ld', 'Hoa chọn mật khẩu 2026').expect(401);
      t.clock.set(new Date('2026-01-20T10:00:00+07:00'));
    });
  });

  describe('the users page', () => {
    it('says what is wrong beside each field of the "add a user" form (422), keeping what was typed', async () => {
      const page = await openForm('/admin/users', admin);
      expect(page.res.status).toBe(200);
      expect(page.res.text).toContain('Thêm người dùng');
      const bad = await post('/admin/users', page, {
        username: 'Sai Tên!',
        displayName: '  ',
        email: 'khong-phai-email',
        role: 'reporter',
        agencyCode: '',
      }).expect(422);
      expect(bad.text).toContain(
        '<span class="field-error" id="username-error">Tên đăng nhập gồm 2–64 chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.</span>',
      );
      expect(bad.text).toContain('<span class="field-error" id="displayName-error">Cần ghi họ và tên (tối đa 255 ký tự).</span>');
      expect(bad.text).toContain('<span class="field-error" id="email-error">Địa chỉ email không hợp lệ.</span>');
      expect(bad.text).toContain('<span class="field-error" id="agencyCode-error">Hãy chọn cơ quan, đơn vị của người dùng.</span>');
      expect(bad.text).toContain('value="khong-phai-email"');

      const missingEmail = await post('/admin/users', page, {
        username: 'stc-9',
        displayName: 'Không Có Thư',
        email: '',
        role: 'reporter',
        agencyCode: 'STC',
      }).expect(422);
      expect(missingEmail.text).toContain(
        '<span class="field-error" id="email-error">Cần email để gửi đường dẫn đặt mật khẩu cho người dùng.</span>',
      );

      const taken = await post('/admin/users', page, {
        username: 'stc',
        displayName: 'Trùng Tên',
        email: 'trung@stc.example',
        role: 'reporter',
        agencyCode: 'STC',
      }).expect(422);
      expect(taken.text).toContain('<span class="field-error" id="username-error">Tên đăng nhập &quot;stc&quot; đã có người dùng.</span>');
      expect(taken.text).toMatch(/<option value="STC" selected>/);
      expect((await t.db.query(`SELECT 1 FROM users WHERE username IN ('stc-9', 'sai tên!')`)).length).toBe(0);
    });

    it('creates a user with no password typed: the welcome link lets them choose one, and the creation is audited', async () => {
      const page = await openForm('/admin/users', admin);
      const res = await post('/admin/users', page, {
        username: 'stc-3',
        displayName: 'Hoàng Văn Nam',
        email: 'nam@stc.example',
        role: 'reporter',
        agencyCode: 'STC',
      }).expect(303);
      expect(res.headers.location).toBe('/admin/users?done=created&u=stc-3');
      const after = await openForm(res.headers.location, admin);
      expect(after.res.text).toContain('Đã tạo tài khoản &quot;stc-3&quot;.');
      expect(after.res.text).toContain('<tr data-username="stc-3"><td>Hoàng Văn Nam</td>');
      const [audit] = await t.db.query<{ actor_username: string; detail: Record<string, unknown> }[]>(
        `SELECT actor_username, detail FROM audit_log WHERE action = 'user.created' ORDER BY id DESC LIMIT 1`,
      );
      expect(audit).toEqual({ actor_username: 'admin', detail: { username: 'stc-3', role: 'reporter', welcomeLink: true } });

      const mail = await oneMailTo('nam@stc.example');
      expect(mail.subject).toBe(SUBJECT);
      expect(mail.text).toContain('Tên đăng nhập: stc-3');
      expect((await setPasswordThrough(linkPath(mail), 'Nam chọn mật khẩu 2026')).status).toBe(303);
      await login('stc-3', 'Nam chọn mật khẩu 2026').expect(200);
    });

    it('locks an account (its sessions end, it cannot sign in) and unlocks it', async () => {
      const session = await login('stc-3', 'Nam chọn mật khẩu 2026').expect(200);
      const bearer = `Bearer ${session.body.accessToken as string}`;
      const page = await openForm('/admin/users', admin);
      const locked = await post('/admin/users/stc-3/disable', page).expect(303);
      expect(locked.headers.location).toBe('/admin/users?done=disabled&u=stc-3');
      await t.http().get('/api/auth/me').set('Authorization', bearer).expect(401);
      const refused = await login('stc-3', 'Nam chọn mật khẩu 2026').expect(401);
      // Answered as a wrong password: a locked account is not told apart by its right password.
      expect(refused.body.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
      expect((await openForm('/admin/users?q=stc-3', admin)).res.text).toMatch(/data-username="stc-3">(?:(?!<\/tr>).)*Đã khóa.*Mở khóa/s);

      await post('/admin/users/stc-3/enable', page).expect(303);
      await login('stc-3', 'Nam chọn mật khẩu 2026').expect(200);

      const self = await post('/admin/users/admin/disable', page).expect(409);
      expect(self.text).toContain('Không thể tự khóa hoặc tự bỏ quyền quản trị của chính mình.');
      await post('/admin/users/khong-co-ai/disable', page).expect(404);
    });

    it('resets a password by link: the old password and sessions end, the reset link sets a new one', async () => {
      const session = await login('stc-3', 'Nam chọn mật khẩu 2026').expect(200);
      const bearer = `Bearer ${session.body.accessToken as string}`;
      const page = await openForm('/admin/users', admin);
      const reset = await post('/admin/users/stc-3/reset', page).expect(303);
      expect(reset.headers.location).toBe('/admin/users?done=reset&u=stc-3');
      await t.http().get('/api/auth/me').set('Authorization', bearer).expect(401);
      await login('stc-3', 'Nam chọn mật khẩu 2026').expect(401);

      const mail = await oneMailTo('nam@stc.example', 2);
      expect(mail.subject).toBe(RESET_SUBJECT);
      expect(mail.text).toContain('Mật khẩu cũ không còn dùng được');
      const path = linkPath(mail);
      const form = await openForm(path);
      expect(form.res.text).toContain('<h1>Đặt lại mật khẩu</h1>');
      expect((await post(path, form, { password: 'Nam chọn mật khẩu 2027', confirm: 'Nam chọn mật khẩu 2027' })).status).toBe(303);
      await login('stc-3', 'Nam chọn mật khẩu 2027').expect(200);
      const [audit] = await t.db.query<{ detail: Record<string, unknown> }[]>(
        `SELECT detail FROM audit_log WHERE action = 'user.password_reset' ORDER BY id DESC LIMIT 1`,
      );
      expect(audit.detail).toEqual({ username: 'stc-3', resetLink: true });
    });

    it('says why a reset cannot be sent to an account without an email', async () => {
      await t
        .http()
        .post('/api/users')
        .set('Authorization', admin)
        .send({ username: 'stc-4', displayName: 'Chưa Có Thư', role: 'reporter', agencyCode: 'STC', password: 'Mật khẩu của Nam 2026' })
        .expect(201);
      const page = await openForm('/admin/users', admin);
      const res = await post('/admin/users/stc-4/reset', page).expect(422);
      expect(res.text).toContain('Tài khoản &quot;stc-4&quot; chưa có email nên không gửi được đường dẫn đặt mật khẩu.');
      await login('stc-4', 'Mật khẩu của Nam 2026').expect(200);
    });

    it('the API shares the rule: an account created without a password gets the welcome link', async () => {
      const created = await t
        .http()
        .post('/api/users')
        .set('Authorization', admin)
        .send({ username: 'stc-5', displayName: 'Phạm Thị Mai', email: 'mai@stc.example', role: 'head', agencyCode: 'STC' })
        .expect(201);
      expect(created.body).toMatchObject({ username: 'stc-5', role: 'head', agencyCode: 'STC' });
      const mail = await oneMailTo('mai@stc.example');
      expect(mail.subject).toBe(SUBJECT);
      const noEmail = await t
        .http()
        .post('/api/users')
        .set('Authorization', admin)
        .send({ username: 'stc-6', displayName: 'Không Thư', role: 'reporter', agencyCode: 'STC' })
        .expect(422);
      expect(noEmail.body.errors).toEqual([{ path: 'email', message: 'Cần email để gửi đường dẫn đặt mật khẩu cho người dùng.' }]);
    });
  });
});
