import type { Browser, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/app';
import { launchChromium } from '../helpers/browser';

describe('the plan page in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-19T23:00:00+07:00' });
    base = await t.listen();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(viewport: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const res = await page.goto(`${base}/plans/CB-2026-2030`);
    expect(res?.status()).toBe(200);
    return { page, problems };
  }

  it('shows the plan a coordinator recognises: title, capital table, tasks with agencies, calendar', async () => {
    const { page, problems } = await open({ width: 1280, height: 900 });
    await expect(page.locator('h1').innerText()).resolves.toContain('giai đoạn 2026-2030');
    const capital = page.locator('table.capital');
    await expect(capital.locator('tr.total').innerText()).resolves.toMatch(/TỔNG CỘNG\s+93\.243,1\s+75\.162,4\s+18\.080,7/);
    await expect(capital.innerText()).resolves.toContain('78.162,8');

    const expressway = page.locator('li.task', { hasText: 'II.2.(1).a' });
    await expect(expressway.innerText()).resolves.toContain('Hoàn thành dự án giai đoạn 1: Vào dịp 19/5/2026');
    const communePlans = page.locator('li.task', { hasText: 'II.1.(2)' }).first();
    await expect(communePlans.innerText()).resolves.toContain('UBND 53 xã');

    const first = page.locator('table.calendar tbody tr', { hasText: 'Báo cáo 6 tháng đầu năm 2026' });
    const text = await first.innerText();
    expect(text).toContain('Trước ngày 20/05/2026');
    expect(text).toContain('hết ngày 19/5/2026');
    expect(text).toContain('Trước ngày 30/05/2026');
    expect(text).toContain('Đang nhận báo cáo');
    await expect(page.locator('table.calendar tbody tr').count()).resolves.toBe(11);
    expect(problems).toEqual([]); // includes Content-Security-Policy violations
    await page.close();
  });

  it('fits a phone screen without sideways scrolling of the page', async () => {
    const { page } = await open({ width: 360, height: 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/plan-phone.png`, fullPage: false });
    await page.close();
  });

  it('answers an unknown plan with a Vietnamese 404 page', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${base}/plans/KHONG-CO`);
    expect(res?.status()).toBe(404);
    await expect(page.locator('h1').innerText()).resolves.toBe('Không tìm thấy kế hoạch');
    await page.close();
  });
});
