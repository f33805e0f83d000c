import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/app';
import { launchChromium } from '../helpers/browser';
import { SmtpSink, startSmtpSink } from '../helpers/smtp';
import { waitFor } from '../helpers/wait';

const PLAN = 'CB-2026-2030';
const ARTIFACTS = join(__dirname, '..', 'artifacts', 'account-pages');
const AXE = readFileSync(require.resolve('axe-core'), 'utf8');
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/**
 * In Chromium: a commune sends an ad hoc report from its phone and the coordinator reads it in
 * the inbox; a user changes their password from the header; a user who forgot theirs gets the
 * link by email (a real SMTP peer) and sets a new one through it.
 */
describe('account and ad hoc report pages in the browser', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_RETRY_BASE_MS: '100', MAIL_RATE_PER_SECOND: '1000' } });
    base = await t.listen();
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  /** A new context signed in through the sign-in page (with `password`), landing on `path`; page errors are collected. */
  async function signedIn(
    username: string,
    path: string,
    options: { phone?: boolean; password?: string } = {},
  ): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext(options.phone ? PHONE : {});
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/login?next=${encodeURIComponent(path)}`);
    await page.fill('#username', username);
    await page.fill('#password', options.password ?? 'Demo@2026');
    await Promise.all([page.waitForURL(`${base}${path}`), page.click('button[type=submit]')]);
    return { context, page, problems };
  }
  /**
   * Saves a screenshot of the page under test/artifacts/account-pages and answers axe-core's
   * serious and critical WCAG 2.1 A/AA findings on it (rule: first element), which should be none.
   */
  async function screenshot(page: Page, name: string): Promise<string[]> {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    await page.evaluate(AXE);
    return page.evaluate(async () => {
      type Result = { id: string; impact: string | null; nodes: { target: unknown[] }[] };
      const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Result[] }> } }).axe;
      const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
      const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
    });
  }
  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('lets a commune send an ad hoc report from its phone; a refused form says what to fix; the coordinator sees it in the inbox', async () => {
    const { context, page, problems } = await signedIn('01290', '/my', { phone: true });
    await Promise.all([page.waitForURL(`${base}/plans/${PLAN}/adhoc-reports/new`), page.click('a.adhoc-link >> nth=0')]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    await page.fill('#adhoc-body', 'Xã chưa được bố trí vốn để lập quy hoạch chung.');
    await Promise.all([page.waitForNavigation(), page.click('#adhoc-form button[type=submit]')]);
    await expect(page.locator('#subject-error').innerText()).resolves.toBe('Cần ghi tiêu đề của báo cáo (tối đa 255 ký tự).');
    await expect(page.locator('#difficultyKind-error').innerText()).resolves.toBe('Hãy chọn loại khó khăn.');
    await expect(page.locator('#adhoc-body').inputValue()).resolves.toBe('Xã chưa được bố trí vốn để lập quy hoạch chung.');
    expect(await screenshot(page, '1-adhoc-form-refused-phone')).toEqual([]);
    expect((await t.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM adhoc_reports'))[0].n).toBe(0);

    await page.fill('#adhoc-subject', 'Thiếu vốn lập quy hoạch chung xã');
    const task = await page.locator('#adhoc-task option').nth(1).getAttribute('value');
    await page.selectOption('#adhoc-task', task);
    await page.selectOption('#adhoc-kind', 'capital');
    await page.selectOption('#adhoc-level', 'province');
    await Promise.all([page.waitForNavigation(), page.click('#adhoc-form button[type=submit]')]);
    await expect(page.locator('#adhoc-notice').innerText()).resolves.toBe('Đã gửi báo cáo đột xuất tới Sở Xây dựng lúc 22/11/2026 09:00.');
    await expect(page.locator('#sent-subject').innerText()).resolves.toBe('Thiếu vốn lập quy hoạch chung xã');
    await expect(page.locator('#sent-kind').innerText()).resolves.toBe('Nguồn vốn');
    await expect(page.locator('#sent-level').innerText()).resolves.toBe('Tỉnh');
    await expect(page.locator('#sent-task').innerText()).resolves.toContain(task!);
    expect(await screenshot(page, '2-adhoc-sent-phone')).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await context.close();

    const coordinator = await signedIn('coordinator', `/plans/${PLAN}`);
    await Promise.all([coordinator.page.waitForURL(`${base}/plans/${PLAN}/adhoc-reports`), coordinator.page.click('#adhoc-inbox-link')]);
    await expect(coordinator.page.locator('h1').innerText()).resolves.toBe('Báo cáo đột xuất (1)');
    const card = coordinator.page.locator('#adhoc-inbox li.card[data-agency="01290"]');
    await expect(card.locator('.card-title').innerText()).resolves.toBe('Thiếu vốn lập quy hoạch chung xã');
    const text = await card.innerText();
    expect(text).toContain('22/11/2026 09:00');
    expect(text).toContain(`Nhiệm vụ: ${task}`);
    expect(text).toContain('Loại khó khăn: Nguồn vốn');
    expect(text).toContain('Cấp giải quyết: Tỉnh');
    expect(text).toContain('Xã chưa được bố trí vốn để lập quy hoạch chung.');
    expect(await screenshot(coordinator.page, '3-adhoc-inbox')).toEqual([]);
    expect(coordinator.problems).toEqual([]);
    await coordinator.context.close();
  });

  it('refuses the leader the inbox with the Vietnamese 403 page', async () => {
    const { context, page } = await signedIn('leader', '/calendar');
    const res = await page.goto(`${base}/plans/${PLAN}/adhoc-reports`);
    expect(res!.status()).toBe(403);
    await expect(page.locator('h1').innerText()).resolves.toBe('Không có quyền truy cập');
    await expect(page.locator('main').innerText()).resolves.toContain(
      'Chỉ cán bộ tổng hợp của kế hoạch mới xem các báo cáo đột xuất gửi tới.',
    );
    await context.close();
  });

  it('changes a password from the header link; the old one no longer signs in', async () => {
    const { context, page } = await signedIn('stc', '/my', { phone: true });
    await Promise.all([page.waitForURL(`${base}/account/password`), page.click('header a[href="/account/password"]')]);
    await page.fill('#current-password', 'Demo@2026');
    await page.fill('#new-password', 'Sở Tài chính đổi mật khẩu');
    await page.fill('#confirm-password', 'Sở Tài chính đổi mật khẩu');
    await Promise.all([page.waitForNavigation(), page.click('#password-form button[type=submit]')]);
    await expect(page.locator('#password-notice').innerText()).resolves.toContain('Đã đổi mật khẩu.');
    expect(await screenshot(page, '4-password-changed-phone')).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await Promise.all([page.waitForNavigation(), page.click('header button:has-text("Đăng xuất")')]);

    await page.goto(`${base}/login`);
    await page.fill('#username', 'stc');
    await page.fill('#password', 'Demo@2026');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await expect(page.locator('.alert').innerText()).resolves.toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    await context.close();

    const again = await signedIn('stc', '/my', { password: 'Sở Tài chính đổi mật khẩu' });
    await expect(again.page.locator('h1').innerText()).resolves.toBe('Báo cáo của đơn vị');
    await again.context.close();
  });

  it('mails a forgotten-password link to the right address only; the link sets a new password once', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await Promise.all([page.waitForURL(`${base}/forgot-password`), page.click('#forgot-link')]);
    await page.fill('#identifier', '01290-ld');
    await Promise.all([page.waitForURL(`${base}/forgot-password/sent`), page.click('#forgot-form button[type=submit]')]);
    const answer = await page.locator('#forgot-notice').innerText();
    expect(await screenshot(page, '5-forgot-password-sent-phone')).toEqual([]);
    expect(answer).toBe('Nếu tài khoản tồn tại và có email, một đường dẫn để đặt mật khẩu mới đã được gửi tới email của tài khoản.');

    // An unknown name gets the very same page, and no email.
    await page.goto(`${base}/forgot-password`);
    await page.fill('#identifier', 'khong-co-ai');
    await Promise.all([page.waitForURL(`${base}/forgot-password/sent`), page.click('#forgot-form button[type=submit]')]);
    await expect(page.locator('#forgot-notice').innerText()).resolves.toBe(answer);

    await waitFor(async () => smtp.received.some((m) => m.subject.startsWith('[Đặt lại mật khẩu]')));
    await new Promise((r) => setTimeout(r, 1000));
    const resets = smtp.received.filter((m) => m.subject.startsWith('[Đặt lại mật khẩu]'));
    expect(resets).toHaveLength(1);
    expect(resets[0].envelopeTo).toEqual(['01290-ld@caobang.example']);
    const link = /(http:\/\/localhost:3000)?(\/login\/link\/[A-Za-z0-9_-]+)/.exec(resets[0].text)![2];

    await page.goto(`${base}${link}`);
    await expect(page.locator('h1').innerText()).resolves.toBe('Đặt lại mật khẩu');
    await page.fill('#password', 'Lãnh đạo xã quên mật khẩu');
    await page.fill('#confirm', 'Lãnh đạo xã quên mật khẩu');
    // Signed in, it lands on the home of its role (wherever that is), no longer on the link's page.
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/login/')),
      page.click('#set-password-form button[type=submit]'),
    ]);
    await expect(page.locator('header .user').innerText()).resolves.toContain('Lãnh đạo');

    const reused = await page.goto(`${base}${link}`);
    expect(reused!.status()).toBe(410);
    await expect(page.locator('h1').innerText()).resolves.toBe('Đường dẫn đã được sử dụng');
    await context.close();

    await t.http().post('/api/auth/login').send({ username: '01290-ld', password: 'Demo@2026' }).expect(401);
    await t.http().post('/api/auth/login').send({ username: '01290-ld', password: 'Lãnh đạo xã quên mật khẩu' }).expect(200);
  });
});
