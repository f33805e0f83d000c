import type { Response } from 'supertest';
import { TQ_PLAN } from '../../seeds/tuyen-quang/workbook';
import { importSamplePlans } from '../../src/demo/sample-plans';
import { SESSION_COOKIE } from '../../src/web/page-session';
import { startTestApp, TestApp } from '../helpers/app';
import { ReceivedMail, SmtpSink, startSmtpSink } from '../helpers/smtp';
import { waitFor } from '../helpers/wait';

const PLAN = 'CB-2026-2030';
const PUBLIC_URL = 'https://baocao.caobang.example';
const RESET_SUBJECT = '[Đặt lại mật khẩu] Tài khoản của bạn trên hệ thống báo cáo';
const SENT_PAGE = 'Nếu tài khoản tồn tại và có email, một đường dẫn để đặt mật khẩu mới đã được gửi tới email của tài khoản.';

/**
 * The pages of what was API-only (issue 16 item 7), over HTTP: the ad hoc report form and the
 * coordinator's inbox (their refusals, roles and plans), changing one's password, and
 * "Quên mật khẩu?" through the outbox to a real SMTP peer.
 */
describe('account and ad hoc report pages over HTTP', () => {
  let t: TestApp;
  let smtp: SmtpSink;

  /** Undone after the test, passed or failed. */
  let undo: (() => void)[] = [];
  const afterThis = (fn: () => void) => undo.push(fn);
  afterEach(() => {
    undo.forEach((fn) => fn());
    undo = [];
  });

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_RETRY_BASE_MS: '100', MAIL_RATE_PER_SECOND: '1000', PUBLIC_URL } });
    expect(await importSamplePlans(t.app)).toBe(true);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const cookiesOf = (res: Response): string[] =>
    ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]);
  const csrfOf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)![1];
  const sessionOf = (bearer: string) => `${SESSION_COOKIE}=${bearer.replace(/^Bearer /, '')}`;

  /** Opens a page (signed in with `bearer` when given): its status, its form's CSRF token and the cookies to post it with. */
  async function openForm(path: string, bearer?: string): Promise<{ res: Response; csrf: string; cookie: string }> {
    const session = bearer ? [sessionOf(bearer)] : [];
    const res = await t.http().get(path).set('Cookie', session.join('; '));
    return { res, csrf: csrfOf(res.text), cookie: [...session, ...cookiesOf(res)].join('; ') };
  }
  const post = (path: string, form: { cookie: string; csrf: string }, fields: Record<string, string> = {}) =>
    t
      .http()
      .post(path)
      .set('Cookie', form.cookie)
      .type('form')
      .send({ csrf: form.csrf, ...fields });
  const get = async (path: string, username?: string) =>
    t
      .http()
      .get(path)
      .set('Cookie', username ? sessionOf(await t.bearer(username)) : '');
  const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }[]>(sql, params))[0].n;
  const adhocCount = () => count('SELECT count(*)::int AS n FROM adhoc_reports');
  const linkEmails = () => count(`SELECT count(*)::int AS n FROM emails WHERE kind = 'account_link'`);
  const mailsTo = (address: string) => smtp.received.filter((m) => m.envelopeTo.includes(address));
  const linkPath = (mail: ReceivedMail): string => {
    const match = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}(/login/link/[A-Za-z0-9_-]+)`).exec(mail.text);
    if (!match) throw new Error(`no link in: ${mail.text}`);
    return match[1];
  };
  const login = (username: string, password: string) => t.http().post('/api/auth/login').send({ username, password });
  /** A "Quên mật khẩu?" request as a visitor: the form opened, then posted. */
  async function forgot(identifier: string): Promise<Response> {
    const form = await openForm('/forgot-password');
    expect(form.res.status).toBe(200);
    return post('/forgot-password', form, { identifier });
  }

  describe('ad hoc reports', () => {
    it('refuses a form without subject, kind and level with a Vietnamese message beside each field, keeping what was typed; nothing is saved', async () => {
      const bearer = await t.bearer('01290');
      const form = await openForm(`/plans/${PLAN}/adhoc-reports/new`, bearer);
      expect(form.res.status).toBe(200);
      expect(form.res.text).toContain('Gửi báo cáo đột xuất');
      const before = await adhocCount();
      const refused = await post(`/plans/${PLAN}/adhoc-reports/new`, form, {
        subject: '  ',
        body: 'Còn 12 hộ chưa nhận tiền bồi thường.',
        difficultyKind: 'weather',
        resolvingLevel: '',
      });
      expect(refused.status).toBe(422);
      expect(refused.text).toContain('<span class="field-error" id="subject-error">Cần ghi tiêu đề của báo cáo (tối đa 255 ký tự).</span>');
      expect(refused.text).toContain('<span class="field-error" id="difficultyKind-error">Hãy chọn loại khó khăn.</span>');
      expect(refused.text).toContain('<span class="field-error" id="resolvingLevel-error">Hãy chọn cấp có thẩm quyền giải quyết.</span>');
      expect(refused.text).not.toContain('body-error');
      expect(refused.text).toContain('>Còn 12 hộ chưa nhận tiền bồi thường.</textarea>');
      expect(refused.text).not.toMatch(/difficultyKind must|VALIDATION_FAILED/);
      expect(await adhocCount()).toBe(before);
    });

    it('refuses a task the agency neither leads nor cooperates in, beside the task field', async () => {
      const [{ code: foreign }] = await t.db.query<{ code: string }[]>(
        `SELECT t.code FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE p.code = $1 AND NOT EXISTS (
           SELECT 1 FROM task_assignments ta JOIN agencies a ON a.id = ta.agency_id WHERE ta.task_id = t.id AND a.code = '01290')
         ORDER BY t.code LIMIT 1`,
        [PLAN],
      );
      const form = await openForm(`/plans/${PLAN}/adhoc-reports/new`, await t.bearer('01290'));
      expect(form.res.text).not.toContain(`value="${foreign}"`);
      const before = await adhocCount();
      const refused = await post(`/plans/${PLAN}/adhoc-reports/new`, form, {
        subject: 'Vướng mắc',
        body: 'Nội dung',
        taskCode: foreign,
        difficultyKind: 'capital',
        resolvingLevel: 'province',
      });
      expect(refused.status).toBe(422);
      expect(refused.text).toContain('Hãy chọn một nhiệm vụ mà cơ quan, đơn vị mình chủ trì hoặc phối hợp, hoặc để trống.');
      expect(await adhocCount()).toBe(before);
    });

    it('sends one and shows the agency what it sent; another agency cannot open it', async () => {
      const form = await openForm(`/plans/${PLAN}/adhoc-reports/new`, await t.bearer('01290'));
      const task = /<option value="([^"]+)">/.exec(form.res.text.split('id="adhoc-task"')[1])![1];
      const sent = await post(`/plans/${PLAN}/adhoc-reports/new`, form, {
        subject: 'Thiếu vốn lập quy hoạch chung xã',
        body: 'Xã chưa được bố trí vốn\r\nđể lập quy hoạch chung.',
        taskCode: task,
        difficultyKind: 'capital',
        resolvingLevel: 'province',
      }).expect(303);
      const path = sent.headers.location;
      expect(path).toMatch(new RegExp(`^/plans/${PLAN}/adhoc-reports/[0-9a-f-]{36}$`));
      const page = await t.http().get(path).set('Cookie', form.cookie).expect(200);
      expect(page.text).toContain('Đã gửi báo cáo đột xuất tới Sở Xây dựng lúc 22/11/2026 09:00.');
      expect(page.text).toContain('<dd id="sent-kind">Nguồn vốn</dd>');
      expect(page.text).toContain('<dd id="sent-level">Tỉnh</dd>');
      expect(page.text).toContain(`<dd id="sent-task">${task} – `);
      const api = await t
        .http()
        .get(`/api/plans/${PLAN}/adhoc-reports`)
        .set('Authorization', await t.bearer('coordinator'))
        .expect(200);
      expect(api.body[0]).toMatchObject({
        agencyCode: '01290',
        subject: 'Thiếu vốn lập quy hoạch chung xã',
        body: 'Xã chưa được bố trí vốn\nđể lập quy hoạch chung.',
        taskCode: task,
        difficultyKind: 'capital',
        resolvingLevel: 'province',
      });
      expect((await get(path, 'stc')).status).toBe(404);
      expect((await get(`/plans/${PLAN}/adhoc-reports/khong-phai-ma`, '01290')).status).toBe(404);
    });

    it('refuses the wrong roles and other plans with the Vietnamese 403 page, as the API does', async () => {
      const inbox = `/plans/${PLAN}/adhoc-reports`;
      const form = `/plans/${PLAN}/adhoc-reports/new`;
      const leader = await get(inbox, 'leader');
      expect(leader.status).toBe(403);
      expect(leader.text).toContain('Không có quyền truy cập');
      expect(leader.text).toContain('Chỉ cán bộ tổng hợp của kế hoạch mới xem các báo cáo đột xuất gửi tới.');
      expect((await get(inbox, 'stc')).status).toBe(403);
      const coordinatorForm = await get(form, 'coordinator');
      expect(coordinatorForm.status).toBe(403);
      expect(coordinatorForm.text).toContain('Chỉ cán bộ của cơ quan, đơn vị mới gửi báo cáo đột xuất.');
      const otherPlan = await get(inbox, 'coordinator-tq');
      expect(otherPlan.status).toBe(403);
      expect(otherPlan.text).toContain('Bạn không có quyền với kế hoạch này.');
      const tqReporter = { username: 'tq-stc' }; // Sở Tài chính tỉnh Tuyên Quang: an agency of the other plan only
      expect((await get(form, tqReporter.username)).status).toBe(403);
      expect((await get(`/plans/${TQ_PLAN}/adhoc-reports/new`, tqReporter.username)).status).toBe(200);
      expect((await get(`/plans/${TQ_PLAN}/adhoc-reports`, 'coordinator')).status).toBe(403);

      // Another plan's agency cannot post into this one either: refused before anything is saved.
      const tqForm = await openForm(`/plans/${TQ_PLAN}/adhoc-reports/new`, await t.bearer(tqReporter.username));
      const before = await adhocCount();
      const posted = await post(form, tqForm, { subject: 'x', body: 'y', difficultyKind: 'other', resolvingLevel: 'province' });
      expect(posted.status).toBe(403);
      expect(await adhocCount()).toBe(before);

      const visitor = await t.http().get(inbox).expect(303);
      expect(visitor.headers.location).toBe(`/login?next=${encodeURIComponent(inbox)}`);
      const unknown = await get('/plans/KHONG-CO/adhoc-reports', 'coordinator');
      expect(unknown.status).toBe(404);
      expect(unknown.text).toContain('Không tìm thấy kế hoạch có mã');
    });

    it('lists the inbox newest first for the coordinator, with who, when, task, kind and level', async () => {
      t.clock.set(new Date('2026-11-22T10:30:00+07:00'));
      afterThis(() => t.clock.set(new Date('2026-11-22T09:00:00+07:00')));
      const form = await openForm(`/plans/${PLAN}/adhoc-reports/new`, await t.bearer('stc-ld'));
      const sent = await post(`/plans/${PLAN}/adhoc-reports/new`, form, {
        subject: 'Thủ tục giao đất kéo dài',
        body: 'Đề nghị rút ngắn thời gian thẩm định.',
        difficultyKind: 'procedure',
        resolvingLevel: 'central',
      });
      if (sent.status !== 303) throw new Error(sent.text);
      const inbox = await get(`/plans/${PLAN}/adhoc-reports`, 'coordinator');
      expect(inbox.status).toBe(200);
      expect(inbox.text).toContain('<h1>Báo cáo đột xuất (2)</h1>');
      const cards = inbox.text.split('<li class="card"').slice(1);
      expect(cards).toHaveLength(2);
      expect(cards[0]).toContain('Thủ tục giao đất kéo dài');
      expect(cards[0]).toContain('Sở Tài chính · Lãnh đạo – ');
      expect(cards[0]).toContain('>22/11/2026 10:30</time>');
      expect(cards[0]).toContain('không gắn với nhiệm vụ cụ thể');
      expect(cards[0]).toContain('<span class="badge">Thủ tục hành chính</span>');
      expect(cards[0]).toContain('<span class="badge">Trung ương</span>');
      expect(cards[1]).toContain('Thiếu vốn lập quy hoạch chung xã');
      expect(cards[1]).toContain('>22/11/2026 09:00</time>');
      expect(cards[1]).toContain('<span class="badge">Nguồn vốn</span>');
      expect(cards[1]).toContain('Xã chưa được bố trí vốn\nđể lập quy hoạch chung.');
    });

    it('links the form from the agency home and the inbox from the plan page, each saying how many', async () => {
      // The two sent above: the commune's, and Sở Tài chính's (by its head).
      expect(await count('SELECT count(*)::int AS n FROM adhoc_reports x JOIN plans p ON p.id = x.plan_id WHERE p.code = $1', [PLAN])).toBe(
        2,
      );
      const sentLink = (n: number) =>
        `<a href="/plans/${PLAN}/adhoc-reports/new" class="adhoc-link">Gửi báo cáo đột xuất (đã gửi ${n})</a>`;
      expect((await get('/my', '01290')).text).toContain(sentLink(1));
      expect((await get('/my', 'stc')).text).toContain(sentLink(1)); // what its agency sent, whoever sent it
      const planLink = (n: number) =>
        `<a href="/plans/${PLAN}/adhoc-reports/new" id="adhoc-new-link">Gửi báo cáo đột xuất (đã gửi ${n})</a>`;
      expect((await get(`/plans/${PLAN}`, '01290')).text).toContain(planLink(1));
      expect((await get(`/plans/${PLAN}`, '01273')).text).toContain(planLink(0));
      const inbox = `<a href="/plans/${PLAN}/adhoc-reports" id="adhoc-inbox-link">Báo cáo đột xuất của các cơ quan, đơn vị`;
      expect((await get(`/plans/${PLAN}`, 'coordinator')).text).toContain(`${inbox} (2)</a>`);
      expect((await get(`/plans/${PLAN}/adhoc-reports`, 'coordinator')).text).toContain('<h1>Báo cáo đột xuất (2)</h1>');
      // Another plan's coordinator is told no count of this plan's inbox.
      expect((await get(`/plans/${PLAN}`, 'coordinator-tq')).text).toContain(`${inbox}</a>`);
      expect((await get(`/plans/${PLAN}`)).text).not.toContain('adhoc-reports');
    });
  });

  describe('changing one’s password', () => {
    it('says what is wrong beside each field (422) and changes nothing', async () => {
      const form = await openForm('/account/password', await t.bearer('sxd'));
      expect(form.res.status).toBe(200);
      const wrong = await post('/account/password', form, {
        currentPassword: 'không phải mật khẩu',
        newPassword: 'Một mật khẩu mới đủ dài',
        confirm: 'Một mật khẩu mới đủ dài',
      });
      expect(wrong.status).toBe(422);
      expect(wrong.text).toContain('<span class="field-error" id="currentPassword-error">Mật khẩu hiện tại không đúng.</span>');
      const short = await post('/account/password', form, { currentPassword: 'Demo@2026', newPassword: 'ngan-qua', confirm: 'khac' });
      expect(short.status).toBe(422);
      expect(short.text).toContain('Mật khẩu cần ít nhất 12 ký tự; nên dùng một cụm từ dễ nhớ, khó đoán.');
      expect(short.text).toContain('<span class="field-error" id="confirm-error">Mật khẩu nhập lại không khớp.</span>');
      const common = await post('/account/password', form, {
        currentPassword: 'Demo@2026',
        newPassword: 'password1234',
        confirm: 'password1234',
      });
      expect(common.status).toBe(422);
      expect(common.text).toContain('Mật khẩu này quá phổ biến hoặc quá đơn giản');
      await login('sxd', 'Demo@2026').expect(200);
    });

    it('changes it: the old one no longer signs in, the other sessions end, this one stays', async () => {
      const other = await t.bearer('sxd-ld');
      const mine = await t.bearer('sxd-ld');
      const form = await openForm('/account/password', mine);
      const done = await post('/account/password', form, {
        currentPassword: 'Demo@2026',
        newPassword: 'Lãnh đạo đổi mật khẩu 2026',
        confirm: 'Lãnh đạo đổi mật khẩu 2026',
      }).expect(303);
      expect(done.headers.location).toBe('/account/password?done=1');
      const page = await t.http().get('/account/password?done=1').set('Cookie', form.cookie).expect(200);
      expect(page.text).toContain('Đã đổi mật khẩu.');
      await login('sxd-ld', 'Demo@2026').expect(401);
      await login('sxd-ld', 'Lãnh đạo đổi mật khẩu 2026').expect(200);
      await t.http().get('/api/auth/me').set('Authorization', other).expect(401);
      await t.http().get('/api/auth/me').set('Authorization', mine).expect(200);
    });

    it('sends a visitor to sign in first', async () => {
      const res = await t.http().get('/account/password').expect(303);
      expect(res.headers.location).toBe('/login?next=%2Faccount%2Fpassword');
    });
  });

  describe('editing an account on /admin/users', () => {
    it('is linked from the list, changes name, email, role and agency, and says what is wrong beside each field', async () => {
      const admin = await t.bearer('admin');
      expect((await openForm('/admin/users?q=01273', admin)).res.text).toContain('href="/admin/users/01273/edit"');
      const form = await openForm('/admin/users/01273/edit', admin);
      expect(form.res.status).toBe(200);
      expect(form.res.text).toContain('value="01273@caobang.example"');

      const bad = await post('/admin/users/01273/edit', form, {
        displayName: ' ',
        email: 'khong-phai-email',
        role: 'reporter',
        agencyCode: '01273',
      });
      expect(bad.status).toBe(422);
      expect(bad.text).toContain('<span class="field-error" id="displayName-error">Cần ghi họ và tên (tối đa 255 ký tự).</span>');
      expect(bad.text).toContain('<span class="field-error" id="email-error">Địa chỉ email không hợp lệ.</span>');
      expect(bad.text).toContain('value="khong-phai-email"');
      const unknownAgency = await post('/admin/users/01273/edit', form, {
        displayName: 'Nguyễn Văn Bình',
        email: 'binh@caobang.example',
        role: 'head',
        agencyCode: 'KHONG-CO',
      });
      expect(unknownAgency.status).toBe(422);
      expect(unknownAgency.text).toContain('Không có cơ quan nào mang mã &quot;KHONG-CO&quot;.');
      const account = async () =>
        ((await t.http().get('/api/users').set('Authorization', admin).expect(200)).body as { username: string }[]).find(
          (u) => u.username === '01273',
        );
      expect(await account()).toMatchObject({ email: '01273@caobang.example', role: 'reporter', agencyCode: '01273' });

      const done = await post('/admin/users/01273/edit', form, {
        displayName: 'Nguyễn Văn Bình',
        email: 'Binh@CaoBang.example',
        role: 'head',
        agencyCode: 'STC',
      }).expect(303);
      expect(done.headers.location).toBe('/admin/users/01273/edit?done=1');
      const page = await t.http().get(done.headers.location).set('Cookie', form.cookie).expect(200);
      expect(page.text).toContain('Đã lưu thay đổi của tài khoản &quot;01273&quot;.');
      expect(await account()).toMatchObject({
        displayName: 'Nguyễn Văn Bình',
        email: 'binh@caobang.example',
        role: 'head',
        agencyCode: 'STC',
      });
    });

    it('refuses other roles (403) and the administrator’s own demotion (409), changing nothing', async () => {
      expect((await get('/admin/users/01273/edit', 'coordinator')).status).toBe(403);
      const form = await openForm('/admin/users/admin/edit', await t.bearer('admin'));
      const self = await post('/admin/users/admin/edit', form, {
        displayName: 'Quản trị hệ thống',
        email: 'admin@caobang.example',
        role: 'reporter',
        agencyCode: 'SXD',
      });
      expect(self.status).toBe(409);
      expect(self.text).toContain('Không thể tự khóa hoặc tự bỏ quyền quản trị của chính mình.');
      expect((await t.db.query<{ role: string }[]>(`SELECT role FROM users WHERE username = 'admin'`))[0].role).toBe('administrator');
      expect((await get('/admin/users/khong-co/edit', 'admin')).status).toBe(404);
    });
  });

  describe('"Quên mật khẩu?"', () => {
    it('is linked from the sign-in page', async () => {
      const res = await t.http().get('/login').expect(200);
      expect(res.text).toContain('<a href="/forgot-password" id="forgot-link">Quên mật khẩu?</a>');
    });

    it('mails exactly one link to the account’s address; the link sets a new password once', async () => {
      const before = await linkEmails();
      const res = await forgot('stc-ld');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/forgot-password/sent');
      const sent = await t.http().get('/forgot-password/sent').expect(200);
      expect(sent.text).toContain(SENT_PAGE);
      await waitFor(async () => mailsTo('stc-ld@caobang.example').length >= 1);
      await new Promise((r) => setTimeout(r, 500));
      expect(await linkEmails()).toBe(before + 1);
      const mails = mailsTo('stc-ld@caobang.example');
      expect(mails).toHaveLength(1);
      expect(mails[0].envelopeTo).toEqual(['stc-ld@caobang.example']);
      expect(mails[0].subject).toBe(RESET_SUBJECT);
      expect(mails[0].text).toContain('Hệ thống nhận được yêu cầu đặt lại mật khẩu tài khoản của bạn');
      expect(mails[0].text).toContain('Tên đăng nhập: stc-ld');
      expect(mails[0].text).toContain('có hiệu lực đến 10:00 ngày 22/11/2026');
      expect(mails[0].text).toContain('Nếu bạn không yêu cầu đặt lại mật khẩu, xin bỏ qua thư này');
      // Asking changes nothing yet: the current password still signs in.
      await login('stc-ld', 'Demo@2026').expect(200);

      const path = linkPath(mails[0]);
      const page = await openForm(path);
      expect(page.res.status).toBe(200);
      expect(page.res.text).toContain('Đặt lại mật khẩu');
      await post(path, page, { password: 'Quên rồi đặt lại 2026', confirm: 'Quên rồi đặt lại 2026' }).expect(303);
      await login('stc-ld', 'Demo@2026').expect(401);
      await login('stc-ld', 'Quên rồi đặt lại 2026').expect(200);

      const again = await t.http().get(path).expect(410);
      expect(again.text).toContain('Đường dẫn đã được sử dụng');
      const form = await openForm('/login');
      await post(path, form, { password: 'Lần thứ hai đặt lại 2026', confirm: 'Lần thứ hai đặt lại 2026' }).expect(410);
      await login('stc-ld', 'Lần thứ hai đặt lại 2026').expect(401);
    });

    it('answers an unknown account, a locked one and one typed by email alike; only the real, enabled one gets mail', async () => {
      const before = await linkEmails();
      const unknown = await forgot('khong-co-tai-khoan-nay');
      expect(unknown.status).toBe(303);
      expect(unknown.headers.location).toBe('/forgot-password/sent');
      expect(await linkEmails()).toBe(before);

      await t
        .http()
        .patch('/api/users/01273-ld')
        .set('Authorization', await t.bearer('admin'))
        .send({ disabled: true })
        .expect(200);
      const locked = await forgot('01273-ld');
      expect(locked.status).toBe(303);
      expect(locked.headers.location).toBe('/forgot-password/sent');
      expect(await linkEmails()).toBe(before);

      const byEmail = await forgot('  STC@CaoBang.example ');
      expect(byEmail.headers.location).toBe('/forgot-password/sent');
      await waitFor(async () => mailsTo('stc@caobang.example').length >= 1);
      await new Promise((r) => setTimeout(r, 500));
      expect(await linkEmails()).toBe(before + 1);
      expect(mailsTo('stc@caobang.example')).toHaveLength(1);
      expect(mailsTo('stc@caobang.example')[0].text).toContain('Tên đăng nhập: stc\n');
      expect(mailsTo('01273-ld@caobang.example')).toHaveLength(0);
      expect(smtp.received.filter((m) => m.text.includes('khong-co-tai-khoan-nay'))).toHaveLength(0);
    });

    it('refuses an empty field beside it (422)', async () => {
      const res = await forgot('   ');
      expect(res.status).toBe(422);
      expect(res.text).toContain('<span class="field-error" id="identifier-error">Hãy nhập tên đăng nhập hoặc email của tài khoản.</span>');
    });

    it('mails one account at most 3 links an hour, answering the same page each time', async () => {
      const before = await linkEmails();
      for (let i = 0; i < 5; i += 1) {
        const res = await forgot('01290-ld');
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe('/forgot-password/sent');
      }
      expect(await linkEmails()).toBe(before + 3);
      await waitFor(async () => mailsTo('01290-ld@caobang.example').length >= 3);
      await new Promise((r) => setTimeout(r, 500));
      expect(mailsTo('01290-ld@caobang.example')).toHaveLength(3);
      // Each new link replaces the one before: only one of the three works (mails may arrive in any order).
      const links = mailsTo('01290-ld@caobang.example').map(linkPath);
      const statuses: number[] = [];
      for (const link of links) statuses.push((await t.http().get(link)).status);
      expect(statuses.sort()).toEqual([200, 404, 404]);
    });

    it('throttles a flood from one address with a 429 page that names no account', async () => {
      let res: Response | undefined;
      for (let i = 0; i < 30; i += 1) {
        res = await forgot(`khong-co-${i}`);
        if (res.status === 429) break;
      }
      expect(res!.status).toBe(429);
      expect(res!.headers['retry-after']).toMatch(/^\d+$/);
      expect(res!.text).toContain('Đã có quá nhiều yêu cầu đặt lại mật khẩu từ máy của bạn.');
    });
  });
});
