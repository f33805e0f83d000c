import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/app';
import { launchChromium, signInPage } from '../helpers/browser';

describe('the consolidation dashboard and editor in the browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let periodId: string;
  const dir = mkdtempSync(join(tmpdir(), 'consolidation-pages-'));
  /** The text of a PDF as a reader copies it (poppler's pdftotext), whitespace collapsed. */
  const pdfText = (bytes: Buffer): string => {
    const file = join(dir, 'preview.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-19T09:00:00+07:00', env: { CALENDAR_RECONCILE_SECONDS: '3600' } });
    base = await t.listen();
    browser = await launchChromium();
    const periods = (
      await t
        .http()
        .get('/api/plans/CB-2026-2030/periods')
        .set('Authorization', await t.bearer('coordinator'))
    ).body as { id: string; kind: string; year: number }[];
    periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
    // Sở Tài chính reports on time, with a difficulty.
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
            status: 'on_track',
            percentComplete: 50,
            workDone: 'Đang triển khai.',
            capitalAllocated: '100',
            capitalDisbursed: '40',
            difficulties: 'Vướng mặt bằng.',
            difficultyKind: 'land_clearance',
            resolvingLevel: 'province',
          })),
        summary: { assessment: 'Cơ bản đạt tiến độ.' },
      })
      .expect(200);
    await t
      .http()
      .post(`/api/periods/${periodId}/my-report/attachments`)
      .set('Authorization', stc)
      .attach('file', Buffer.from('%PDF-1.4\n% cong van\n1 0 obj << >> endobj\ntrailer\n%%EOF\n'), {
        filename: 'công-văn-125.pdf',
        contentType: 'application/pdf',
      })
      .expect(201);
    await t.http().post(`/api/periods/${periodId}/my-report/submit`).set('Authorization', stc).expect(200);
    t.clock.set(new Date('2026-05-26T09:00:00+07:00'));
  }, 60000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await browser?.close();
    await t?.close();
  });

  const signIn = (username: string, path: string) => signInPage(browser, base, username, path, { acceptDownloads: true });

  it('reaches one hub per period from the calendar: received, reminders, consolidation and documents as tabs', async () => {
    const page = await signIn('coordinator', `/periods/${periodId}/reports`);
    await page.goto(`${base}/calendar`);
    const row = page.locator('tr', { hasText: 'Báo cáo 6 tháng đầu năm 2026' }).first();
    await Promise.all([page.waitForNavigation(), row.locator('a', { hasText: 'Tổng hợp' }).click()]);
    expect(new URL(page.url()).pathname).toBe(`/periods/${periodId}/consolidation`);
    const tabs = page.locator('nav.period-tabs a');
    await expect(tabs.allInnerTexts()).resolves.toEqual(['Tình hình nhận', 'Nhắc nhở', 'Tổng hợp', 'Văn bản']);
    await expect(page.locator('nav.period-tabs a[aria-current="page"]').innerText()).resolves.toBe('Tổng hợp');
    for (const [tab, path] of [
      ['Tình hình nhận', `/periods/${periodId}/reports`],
      ['Nhắc nhở', `/periods/${periodId}/reminders`],
      ['Tổng hợp', `/periods/${periodId}/consolidation`],
    ] as const) {
      await Promise.all([page.waitForNavigation(), page.locator('nav.period-tabs a', { hasText: tab }).click()]);
      expect(new URL(page.url()).pathname).toBe(path);
      await expect(page.locator('nav.period-tabs a[aria-current="page"]').innerText()).resolves.toBe(tab);
    }
    // Touch targets of at least 44 px.
    const box = await tabs.first().boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await page.context().close();
    // The read-only leader gets the same hub without the coordinator's reminders.
    const leader = await signIn('leader', `/periods/${periodId}/reports`);
    await expect(leader.locator('nav.period-tabs a').allInnerTexts()).resolves.toEqual(['Tình hình nhận', 'Tổng hợp', 'Văn bản']);
    await leader.context().close();
  });

  it('lets the coordinator build, edit, download and send the report; the period locks', async () => {
    const page = await signIn('coordinator', `/periods/${periodId}/consolidation`);
    await expect(page.locator(`tr[data-agency="STC"] td[data-period="${periodId}"]`).innerText()).resolves.toBe('Đúng hạn');
    await expect(page.locator(`tr[data-agency="01290"] td[data-period="${periodId}"]`).innerText()).resolves.toBe('Chưa gửi');
    await Promise.all([page.waitForNavigation(), page.click('#build')]);
    await expect(page.locator('.notice').first().innerText()).resolves.toBe('Đã lập bản tổng hợp phiên bản 1.');
    await expect(page.locator('#capital-total').innerText()).resolves.toContain('Nhu cầu vốn cả Kế hoạch: 93.243,1');
    await expect(page.locator('.difficulty-group[data-kind="land_clearance"] h3').innerText()).resolves.toContain('Giải phóng mặt bằng');

    await page.fill('#narrative_keyTasks', 'Tập trung giải phóng mặt bằng các dự án giao thông.');
    // Once saved, the page comes back with the PDF beside the editor, made from the text just saved.
    await Promise.all([page.waitForNavigation(), page.click('button[value=save]')]);
    await expect(page.locator('.notice').first().innerText()).resolves.toBe('Đã lưu nội dung báo cáo tổng hợp.');
    await expect(page.locator('#narrative_keyTasks').inputValue()).resolves.toBe('Tập trung giải phóng mặt bằng các dự án giao thông.');
    const frame = page.locator('#pdf-preview-frame');
    await expect(frame.getAttribute('title')).resolves.toBe('Bản PDF của báo cáo tổng hợp phiên bản 1');
    const pdf = await page.request.get(`${base}${(await frame.getAttribute('src'))!.replace(/#.*$/, '')}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdfText(await pdf.body())).toContain('IV. NHIỆM VỤ TRỌNG TÂM KỲ TỚI Tập trung giải phóng mặt bằng các dự án giao thông.');
    // Beside the editor on a desktop, below it on a phone, where the plain link opens it.
    const [editorBox, frameBox] = [await page.locator('#editor').boundingBox(), await frame.boundingBox()];
    expect(frameBox!.x).toBeGreaterThan(editorBox!.x + editorBox!.width - 1);
    await page.setViewportSize({ width: 390, height: 844 });
    const [phoneEditor, phoneFrame] = [await page.locator('#editor').boundingBox(), await frame.boundingBox()];
    expect(phoneFrame!.y).toBeGreaterThan(phoneEditor!.y + phoneEditor!.height - 1);
    await expect(page.locator('#pdf-preview-link').getAttribute('href')).resolves.toBe(new URL(pdf.url()).pathname);
    await page.setViewportSize({ width: 1280, height: 720 });

    await Promise.all([page.waitForNavigation(), page.click('#preview')]);
    await expect(page.locator('.doc-head').innerText()).resolves.toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    await expect(page.locator('.doc-preview').innerText()).resolves.toContain('Tập trung giải phóng mặt bằng các dự án giao thông.');
    // Signed-in pages are never cached (no-store): back is a fresh load of the consolidation page.
    await page.goto(`${base}/periods/${periodId}/consolidation`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-docx')]);
    expect(download.suggestedFilename()).toBe('bao-cao-tong-hop-v1.docx');
    const path = await download.path();
    expect(path).toBeTruthy();

    // Sending without a document number is refused, and what was typed stays.
    await page.fill('#narrative_proposals', 'Đề nghị UBND tỉnh bố trí vốn đối ứng.');
    await Promise.all([page.waitForNavigation(), page.click('button[value=finalize]')]);
    await expect(page.locator('#form-error').innerText()).resolves.toContain('Cần nhập số văn bản');
    await expect(page.locator('#narrative_proposals').inputValue()).resolves.toBe('Đề nghị UBND tỉnh bố trí vốn đối ứng.');

    await page.fill('#documentNumber', '125/BC-SXD');
    await page.fill('#sentDate', '2026-05-26');
    await Promise.all([page.waitForNavigation(), page.click('button[value=finalize]')]);
    await expect(page.locator('.notice').first().innerText()).resolves.toBe(
      'Đã ghi nhận báo cáo tổng hợp gửi UBND tỉnh; kỳ báo cáo đã khóa.',
    );
    await expect(page.locator('#final-state').innerText()).resolves.toContain('Văn bản số 125/BC-SXD, gửi ngày 26/05/2026 (đúng hạn)');
    await expect(page.locator('#editor').count()).resolves.toBe(0);
    expect(page.problems).toEqual([]);
  });

  it('shows the leader the same report, read-only', async () => {
    const page = await signIn('leader', `/periods/${periodId}/consolidation`);
    await expect(page.locator('#editor').count()).resolves.toBe(0);
    await expect(page.locator('#build').count()).resolves.toBe(0);
    await expect(page.locator('.narrative').nth(2).innerText()).resolves.toBe('Tập trung giải phóng mặt bằng các dự án giao thông.');
    const res = await page.request.get(
      `${base}/consolidations/${await page
        .locator('#download-xlsx')
        .getAttribute('href')
        .then((h) => h!.split('/')[2])}/report.xlsx`,
    );
    expect(res.status()).toBe(200);
  });

  it('lets a signed-in page user download an attachment from the review screen, and nobody else', async () => {
    const reportId = (
      (
        await t
          .http()
          .get(`/api/periods/${periodId}/my-report`)
          .set('Authorization', await t.bearer('stc'))
      ).body as { id: string }
    ).id;
    const page = await signIn('leader', `/reports/${reportId}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.attachment')]);
    expect(download.suggestedFilename().normalize('NFC')).toBe('công-văn-125.pdf');
    const href = (await page.locator('a.attachment').getAttribute('href'))!;
    const other = await signIn('01290', '/my');
    const refused = await other.request.get(`${base}${href}`);
    expect(refused.status()).toBe(404);
  });
});
