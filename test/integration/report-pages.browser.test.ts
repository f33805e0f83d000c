import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/app';
import { launchChromium } from '../helpers/browser';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

const ARTIFACTS = join(__dirname, '..', 'artifacts', 'report-form');

describe('reporting in the browser: two agencies send, the coordinator returns one and accepts the other', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let periodId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-18T09:00:00+07:00' });
    base = await t.listen();
    browser = await launchChromium();
    const periods = (
      await t
        .http()
        .get('/api/plans/CB-2026-2030/periods')
        .set('Authorization', await t.bearer('coordinator'))
    ).body as { id: string; kind: string; year: number }[];
    periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(username: string, path: string, phone = false): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {});
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}${path}`);
    await page.fill('#username', username);
    await page.fill('#password', 'Demo@2026');
    await Promise.all([page.waitForURL(`${base}${path}`), page.click('button[type=submit]')]);
    expect(problems).toEqual([]);
    return { context, page };
  }

  async function fillLeadTasks(page: Page): Promise<void> {
    const leads = page.locator('.entry-lead');
    const n = await leads.count();
    for (let i = 0; i < n; i += 1) {
      const entry = leads.nth(i);
      await entry.locator('select[name$="[status]"]').selectOption('on_track');
      await entry.locator('input[name$="[percentComplete]"]').fill('45');
      await entry.locator('input[name$="[capitalAllocated]"]').fill('1.200,5');
      await entry.locator('textarea[name$="[workDone]"]').fill('Đã phê duyệt nhiệm vụ, đang lập đồ án.');
    }
  }

  it('lets Sở Tài chính fill its report on a phone, shows what is missing, keeps what was typed, then sends it', async () => {
    const { context, page } = await signedIn('stc', '/my', true);
    await page.click('text=Báo cáo 6 tháng đầu năm 2026');
    await page.waitForURL(`${base}/periods/${periodId}/report`);
    // The signed letter can go with the report, from the form itself.
    await page.setInputFiles('#attachment-form input[type=file]', {
      name: 'bao-cao-da-ky.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    });
    await Promise.all([page.waitForNavigation(), page.click('#attachment-form button[type=submit]')]);
    await expect(page.locator('.notice').innerText()).resolves.toBe('Đã đính kèm tệp "bao-cao-da-ky.pdf".');
    await expect(page.locator('#attachments a').innerText()).resolves.toBe('bao-cao-da-ky.pdf');
    // Its own tasks first, then the ones it cooperates on, each a single text box.
    await expect(page.locator('.entry').first().getAttribute('class')).resolves.toContain('entry-lead');
    const leadCount = await page.locator('.entry-lead').count();
    await expect(page.locator('.entry-coop select[name$="[status]"]').count()).resolves.toBe(0);
    // The progress bar says how far it is and links to what is missing.
    await expect(page.locator('#progress-count').innerText()).resolves.toBe(`0/${leadCount}`);
    const firstLead = await page.locator('.entry-lead').first().getAttribute('data-task');
    await expect(page.locator('#progress-rest a').first().innerText()).resolves.toBe(firstLead);
    await expect(page.locator('#progress-rest a').last().getAttribute('href')).resolves.toBe('#summary-assessment');
    await fillLeadTasks(page);
    await expect(page.locator('#progress-count').innerText()).resolves.toBe(`${leadCount}/${leadCount}`);
    await expect(page.locator('#progress-rest').innerText()).resolves.toBe(' — còn thiếu: Đánh giá chung');
    await Promise.all([page.waitForNavigation(), page.click('button[value=submit]')]);
    await expect(page.locator('#form-error').innerText()).resolves.toContain('Báo cáo còn thiếu 1 nội dung bắt buộc');
    // Every missing item listed, in plain words, with a link to its field.
    const listed = page.locator('#form-error .error-list a');
    await expect(listed.allInnerTexts()).resolves.toEqual(['Đánh giá chung: Chưa có đánh giá chung về kết quả thực hiện.']);
    await expect(listed.first().getAttribute('href')).resolves.toBe('#summary-assessment');
    await expect(page.locator('.field-error').first().innerText()).resolves.toBe('Chưa có đánh giá chung về kết quả thực hiện.');
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report-form-missing-items.png') });
    await expect(page.locator('.entry-lead textarea[name$="[workDone]"]').first().inputValue()).resolves.toBe(
      'Đã phê duyệt nhiệm vụ, đang lập đồ án.',
    );

    await listed.first().click();
    await page.keyboard.type('Cơ bản đạt tiến độ đề ra.');
    // The stale message goes as soon as the field is filled; nothing is left missing.
    await expect(page.locator('.field-error').count()).resolves.toBe(0);
    await expect(page.locator('#form-error').count()).resolves.toBe(0);
    await expect(page.locator('#progress-rest').innerText()).resolves.toBe('; có thể gửi báo cáo.');
    await Promise.all([page.waitForNavigation(), page.click('button[value=submit]')]);
    await expect(page.locator('.notice').innerText()).resolves.toBe('Đã gửi báo cáo tới Sở Xây dựng.');
    await expect(page.locator('#report-state').innerText()).resolves.toBe('Đã gửi, chờ xem xét');
    // A receipt: to whom, when, its reference and a PDF copy.
    const receipt = await page.locator('#receipt').innerText();
    expect(receipt).toContain('Sở Xây dựng');
    expect(receipt).toMatch(/\d{2}:\d{2} \d{2}\/05\/2026|\d{2}\/05\/2026 \d{2}:\d{2}/);
    await expect(page.locator('#receipt-reference').innerText()).resolves.toMatch(/^STC-/);
    await expect(page.locator('#receipt a').getAttribute('href')).resolves.toMatch(/\/report\.pdf$/);
    await page.screenshot({ path: join(ARTIFACTS, 'report-form-receipt.png') });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();

    const report = (
      await t
        .http()
        .get(`/api/periods/${periodId}/my-report`)
        .set('Authorization', await t.bearer('stc'))
    ).body;
    expect(report.tasks.find((x: { role: string }) => x.role === 'lead')).toMatchObject({
      status: 'on_track',
      percentComplete: 45,
      capitalAllocated: '1200.5',
    });
  });

  it('saves a draft by itself while the commune types, then the commune sends it', async () => {
    const { context, page } = await signedIn('01290', `/periods/${periodId}/report`);
    await page.fill('textarea[name="summary[assessment]"]', 'Xã đã hoàn thành lập quy hoạch chung.');
    await page.waitForFunction(() => (document.getElementById('autosave-status')?.textContent ?? '').startsWith('Đã tự động lưu'), null, {
      timeout: 15000,
    });
    const draft = (
      await t
        .http()
        .get(`/api/periods/${periodId}/my-report`)
        .set('Authorization', await t.bearer('01290'))
    ).body;
    expect(draft.summary.assessment).toBe('Xã đã hoàn thành lập quy hoạch chung.');
    await fillLeadTasks(page);
    await Promise.all([page.waitForNavigation(), page.click('button[value=submit]')]);
    await expect(page.locator('.notice').innerText()).resolves.toBe('Đã gửi báo cáo tới Sở Xây dựng.');
    await context.close();
  });

  it('lets the coordinator return one with a comment and accept the other; the status says exactly that', async () => {
    const { context, page } = await signedIn('coordinator', `/periods/${periodId}/reports`);
    await expect(page.locator('#sum-submitted').innerText()).resolves.toBe('2');
    await Promise.all([page.waitForNavigation(), page.click('tr[data-agency="STC"] a')]);
    // The decision is at hand above the report's content.
    const bar = await page.locator('.review-bar').boundingBox();
    expect(bar!.y).toBeLessThan(600);
    await page.fill('#comment', 'Đề nghị bổ sung số liệu giải ngân.');
    await Promise.all([page.waitForNavigation(), page.click('button[value=return]')]);
    // … and lands on the next report waiting, the commune's.
    await expect(page.locator('.notice').innerText()).resolves.toBe(
      'Đã trả lại báo cáo của Sở Tài chính. Báo cáo tiếp theo chờ xem xét (còn 1 báo cáo chờ, kể cả báo cáo này).',
    );
    await expect(page.locator('h1').innerText()).resolves.toBe('UBND xã Bảo Lâm');

    await page.goto(`${base}/periods/${periodId}/reports`);
    await Promise.all([page.waitForNavigation(), page.click('tr[data-agency="01290"] a')]);
    await Promise.all([page.waitForNavigation(), page.click('button[value=accept]')]);
    await expect(page.locator('#report-state').innerText()).resolves.toBe('Đã tiếp nhận');
    await expect(page.locator('.notice').innerText()).resolves.toBe(
      'Đã tiếp nhận báo cáo. Không còn báo cáo nào chờ xem xét trong kỳ này.',
    );
    await context.close();

    const status = (
      await t
        .http()
        .get(`/api/periods/${periodId}/status`)
        .set('Authorization', await t.bearer('coordinator'))
        .expect(200)
    ).body;
    expect(status.summary).toEqual({ expected: 64, submitted: 2, onTime: 2, late: 0, missing: 62, returned: 1, accepted: 1 });
    const states = new Map((status.agencies as { agencyCode: string; state: string }[]).map((a) => [a.agencyCode, a.state]));
    expect(states.get('STC')).toBe('returned');
    expect(states.get('01290')).toBe('accepted');
    expect([...states].filter(([code]) => code !== 'STC' && code !== '01290').every(([, s]) => s === 'missing')).toBe(true);
  });

  it('shows Sở Tài chính the coordinator’s comment; the coordinator sees what changed when it is sent again', async () => {
    const { context, page } = await signedIn('stc', `/periods/${periodId}/report`);
    await expect(page.locator('.alert').first().innerText()).resolves.toContain('Đề nghị bổ sung số liệu giải ngân.');
    await page.fill('textarea[name="summary[assessment]"]', 'Đã bổ sung số liệu giải ngân quý I.');
    await Promise.all([page.waitForNavigation(), page.click('button[value=submit]')]);
    await expect(page.locator('.notice').innerText()).resolves.toBe('Đã gửi báo cáo tới Sở Xây dựng.');
    await context.close();

    const reportId = (
      await t
        .http()
        .get(`/api/periods/${periodId}/my-report`)
        .set('Authorization', await t.bearer('stc'))
    ).body.id as string;
    const coordinator = await signedIn('coordinator', `/reports/${reportId}`);
    const changes = await coordinator.page.locator('table.changes').innerText();
    expect(changes).toContain('Cơ bản đạt tiến độ đề ra.');
    expect(changes).toContain('Đã bổ sung số liệu giải ngân quý I.');
    await coordinator.context.close();
  });
});
