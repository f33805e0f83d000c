import type { Browser, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/app';
import { launchChromium } from '../helpers/browser';

describe('calendar and administration pages in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-17T09:00:00+07:00' });
    base = await t.listen();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(page: Page, username: string, next: string): Promise<void> {
    await page.goto(`${base}${next}`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#username', username);
    await page.fill('#password', 'Demo@2026');
    await Promise.all([page.waitForURL(`${base}${next}`), page.click('button[type=submit]')]);
  }

  it('shows the Cao Bằng deadlines with countdowns in Vietnamese', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/calendar`);
    const row = page.locator('table.calendar tbody tr', { hasText: 'Báo cáo 6 tháng đầu năm 2026' });
    const text = await row.innerText();
    expect(text).toContain('Trước ngày 20/05/2026');
    expect(text).toContain('Cơ quan gửi báo cáo: còn 3 ngày'); // the D-3 reminder of this morning says the same
    await page.close();
  });

  it('says wrong credentials plainly and keeps the user on the sign-in page', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.fill('#username', 'admin');
    await page.fill('#password', 'sai-mat-khau');
    await page.click('button[type=submit]');
    await expect(page.locator('.alert').innerText()).resolves.toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    await page.close();
  });

  it('lets an administrator see the timers, and refuses a coordinator', async () => {
    const admin = await browser.newContext();
    const page = await admin.newPage();
    await signIn(page, 'admin', '/admin/timers');
    await expect(page.locator('h1').innerText()).resolves.toBe('Bộ hẹn giờ của lịch báo cáo');
    const d7 = page.locator('table.timers tbody tr', { hasText: 'Báo cáo 6 tháng đầu năm 2026' }).filter({ hasText: 'D-7' });
    await expect(d7.innerText()).resolves.toContain('13/05/2026 08:00');
    await admin.close();

    const coordinator = await browser.newContext();
    const other = await coordinator.newPage();
    await other.goto(`${base}/admin/timers`);
    await other.fill('#username', 'coordinator');
    await other.fill('#password', 'Demo@2026');
    const [res] = await Promise.all([
      other.waitForResponse((r) => new URL(r.url()).pathname === '/admin/timers'),
      other.click('button[type=submit]'),
    ]);
    expect(res.status()).toBe(403);
    await expect(other.locator('h1').innerText()).resolves.toBe('Không có quyền truy cập');
    await coordinator.close();
  });

  it('serves the queue dashboard to administrators only', async () => {
    const anonymous = await browser.newPage();
    await anonymous.goto(`${base}/admin/queues`);
    expect(new URL(anonymous.url()).pathname).toBe('/login');
    await anonymous.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'admin', '/admin/queues');
    await page.waitForSelector('text=calendar', { timeout: 15000 });
    await context.close();
  });
});
