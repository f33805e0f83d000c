import type { Browser } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/app';
import { launchChromium, signInPage } from '../helpers/browser';
import { SmtpSink, startSmtpSink } from '../helpers/smtp';
import { waitFor } from '../helpers/wait';

async function signIn(browser: Browser, base: string, username: string, path: string) {
  const page = await signInPage(browser, base, username, path);
  expect(page.problems).toEqual([]);
  return page;
}

async function h1Period(t: TestApp): Promise<string> {
  const periods = (
    await t
      .http()
      .get('/api/plans/CB-2026-2030/periods')
      .set('Authorization', await t.bearer('coordinator'))
  ).body as { id: string; kind: string; year: number }[];
  return periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
}

describe('the coordinator reminds late agencies in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe('with a mail server', () => {
    let t: TestApp;
    let smtp: SmtpSink;
    let base: string;
    let periodId: string;

    beforeAll(async () => {
      smtp = await startSmtpSink();
      t = await startTestApp({
        now: '2026-05-22T10:00:00+07:00',
        env: { SMTP_URL: smtp.url, MAIL_RETRY_BASE_MS: '100', MAIL_RATE_PER_SECOND: '1000' },
      });
      base = await t.listen();
      periodId = await h1Period(t);
    });
    afterAll(async () => {
      await t?.close();
      await smtp?.close();
    });

    it('counts the automatic reminder of the day: no "Nhắc nhở" for an agency reminded today', async () => {
      // At 10:00 on 22/5 the D+1 reminders (21/5 08:00, missed while stopped) went at start-up.
      await waitFor(async () => smtp.received.filter((m) => m.to.includes('01290@caobang.example')).length === 1, 30000);
      await waitFor(
        async () => (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM reminders WHERE state = 'pending'`))[0].n === 0,
      );
      const page = await signIn(browser, base, 'coordinator', `/periods/${periodId}/reminders`);
      await expect(page.locator('h2').first().innerText()).resolves.toBe('Đơn vị chưa gửi báo cáo (64)');
      await expect(page.locator('tr[data-agency="01290"] td').nth(2).innerText()).resolves.toBe('Đã nhắc tự động lúc 10:00 (D+1)');
      await expect(page.locator('#remind-all').count()).resolves.toBe(0);
      await expect(page.locator('#remind-none').innerText()).resolves.toContain('đều đã được nhắc hôm nay');
    });

    it('the next day, reminds one with "Nhắc nhở", and only once that day', async () => {
      t.clock.set(new Date('2026-05-23T07:30:00+07:00'));
      const page = await signIn(browser, base, 'coordinator', `/periods/${periodId}/reminders`);
      await expect(page.locator('#remind-all').innerText()).resolves.toBe('Nhắc nhở 64 đơn vị chưa gửi');
      await expect(page.locator('details.remind-preview summary').innerText()).resolves.toBe('Xem trước: 64 đơn vị sẽ nhận thư nhắc');
      const row = page.locator('tr[data-agency="01290"]');
      await Promise.all([page.waitForNavigation(), row.locator('button', { hasText: 'Nhắc nhở' }).click()]);
      await expect(page.locator('.notice').innerText()).resolves.toBe('Đã nhắc nhở 1 đơn vị.');
      await waitFor(async () => smtp.received.filter((m) => m.to.includes('01290@caobang.example')).length === 2);
      const mail = smtp.received.filter((m) => m.to.includes('01290@caobang.example'))[1];
      expect(mail.subject).toBe('[Quá hạn] Báo cáo 6 tháng đầu năm 2026 – đã quá hạn 3 ngày');
      await waitFor(
        async () => (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM reminders WHERE state = 'pending'`))[0].n === 0,
      );
      await page.reload();
      await expect(page.locator('tr[data-agency="01290"] td').nth(2).innerText()).resolves.toBe('Đã nhắc lúc 07:30');
      await expect(
        page.locator('table.reminder-log tr[data-agency="01290"][data-rule="manual-2026-05-23"]').innerText(),
      ).resolves.toContain('Đã gửi');
      await expect(page.locator('tr[data-agency="01290"] button', { hasText: 'Nhắc nhở' }).count()).resolves.toBe(0);
      await expect(page.locator('#remind-all').innerText()).resolves.toBe('Nhắc nhở 63 đơn vị chưa gửi');
    });

    it('shows a refused email as failed in the outbox, and "Gửi lại" sends it', async () => {
      await waitFor(
        async () => (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM emails WHERE state <> 'sent'`))[0].n === 0,
      );
      smtp.refuseWith = 550;
      const page = await signIn(browser, base, 'coordinator', `/periods/${periodId}/reminders`);
      await Promise.all([page.waitForNavigation(), page.locator('tr[data-agency="01273"] button', { hasText: 'Nhắc nhở' }).click()]);
      await waitFor(async () => {
        await page.goto(`${base}/admin/outbox?state=failed`);
        return (await page.locator('tr.email-failed').count()) === 1;
      });
      await expect(page.locator('tr.email-failed').innerText()).resolves.toContain('550');
      smtp.refuseWith = null;
      await Promise.all([page.waitForNavigation(), page.locator('tr.email-failed button', { hasText: 'Gửi lại' }).click()]);
      await expect(page.locator('.notice').innerText()).resolves.toBe('Đã đưa thư vào hàng đợi để gửi lại.');
      await waitFor(async () => smtp.received.some((m) => m.to.includes('01273@caobang.example')));
      // The peer has the message a moment before the row says sent: wait for the row too.
      await waitFor(
        async () => (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM emails WHERE state <> 'sent'`))[0].n === 0,
      );
      await page.goto(`${base}/admin/outbox`);
      await expect(page.locator('#count-failed').innerText()).resolves.toBe('0');
      const [{ n }] = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM emails WHERE state = 'sent'`);
      await expect(page.locator('#count-sent').innerText()).resolves.toBe(String(n));
    });
  });

  describe('without a mail server (development)', () => {
    let t: TestApp;
    let base: string;

    beforeAll(async () => {
      t = await startTestApp({ now: '2026-05-22T10:00:00+07:00', env: { MAIL_RATE_PER_SECOND: '1000' } });
      base = await t.listen();
    });
    afterAll(async () => {
      await t?.close();
    });

    it('keeps every email in the development mailbox, which the page shows', async () => {
      const periodId = await h1Period(t);
      // The day after the start-up's catch-up reminders, once they have gone: one a day per agency.
      await waitFor(
        async () =>
          (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM reminders WHERE rule = 'D+1' AND state = 'sent'`))[0].n === 64,
        30000,
      );
      t.clock.set(new Date('2026-05-23T07:30:00+07:00'));
      const page = await signIn(browser, base, 'coordinator', `/periods/${periodId}/reminders`);
      await Promise.all([page.waitForNavigation(), page.click('#remind-all')]);
      await expect(page.locator('.notice').innerText()).resolves.toBe('Đã nhắc nhở 64 đơn vị.');
      // Every catch-up and manual reminder delivered to the mailbox (a page shows 100 of them).
      await waitFor(async () => (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM dev_mailbox`))[0].n >= 64 + 64, 60000);
      await page.goto(`${base}/admin/mailbox`);
      await expect(page.locator('article.mail h2', { hasText: 'Quá hạn' }).first().innerText()).resolves.toContain(
        'Báo cáo 6 tháng đầu năm 2026',
      );
      const commune = page.locator('article.mail', { hasText: 'Tới: 01290@caobang.example' }).first();
      await expect(commune.locator('pre.mail-text').textContent()).resolves.toContain('Kính gửi: UBND xã Bảo Lâm');
      // The HTML part as the recipient sees it, in a sandboxed frame (loaded when scrolled to).
      await commune.locator('iframe.mail-html').scrollIntoViewIfNeeded();
      await expect(commune.frameLocator('iframe.mail-html').locator('body').innerText()).resolves.toContain('Kính gửi: UBND xã Bảo Lâm');
      await expect(page.locator('#mailbox-range').innerText()).resolves.toMatch(/^Thư 1–100 trong \d+ thư, mới nhất trước · Trang 1\/2$/);
      // 64 catch-up reminders, 64 manual ones and the digest: two pages; a page past the end shows the last.
      await page.goto(`${base}/admin/mailbox?page=9`);
      await expect(page.locator('#mailbox-range').innerText()).resolves.toMatch(/^Thư 101–\d+ trong \d+ thư, mới nhất trước · Trang 2\/2$/);
      await expect(page.locator('a[rel=prev]').getAttribute('href')).resolves.toBe('/admin/mailbox?page=1');
    });
  });
});
