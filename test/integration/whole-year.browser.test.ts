import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/app';
import { launchChromium, signInPage, SignedInPage } from '../helpers/browser';
import { waitFor } from '../helpers/wait';
import { DB_PLAN, dienBienWorkbook } from '../fixtures/dien-bien-workbook';

const ARTIFACTS = join(__dirname, '..', 'artifacts', 'whole-year');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** Serious and critical accessibility violations on the page as it is now (axe-core). */
async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's strict CSP stays as users get it.
  await page.evaluate(AXE);
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as { id: string; impact: string; nodes: { target: string[] }[] }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * The whole year in a real browser: an administrator imports a second province's plan from
 * XLSX; a commune reports on a phone; a department head reports after the deadline; the
 * coordinator returns one, reminds the late, reads the mailbox, accepts the resubmission,
 * builds, downloads and sends the consolidated report; the leader reads the dashboard. Every
 * step is checked for what the user sees, for accessibility, and saved as a screenshot.
 */
describe('the whole reporting year in the browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let periodId: string;
  let step = 0;

  beforeAll(async () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp({ now: '2026-01-12T09:00:00+07:00', env: { CALENDAR_RECONCILE_SECONDS: '3600', MAIL_RATE_PER_SECOND: '1000' } });
    base = await t.listen();
    browser = await launchChromium();
    const periods = (
      await t
        .http()
        .get('/api/plans/CB-2026-2030/periods')
        .set('Authorization', await t.bearer('coordinator'))
    ).body as { id: string; kind: string; year: number }[];
    periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function checkpoint(page: SignedInPage, name: string): Promise<void> {
    step += 1;
    await page.screenshot({ path: join(ARTIFACTS, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(page.problems).toEqual([]);
  }

  it('1. the administrator imports Điện Biên’s plan from XLSX: dry run with progress, then for real', async () => {
    const file = join(ARTIFACTS, 'dien-bien.xlsx');
    writeFileSync(file, await dienBienWorkbook());
    const page = await signInPage(browser, base, 'admin', '/admin/plans');
    await checkpoint(page, 'admin-plans');
    await page.setInputFiles('#import-file', file);
    await Promise.all([page.waitForURL(/\/admin\/imports\//), page.click('#import-submit')]);
    // The progress bar follows the job, and the page shows the result when the worker is done.
    await page.waitForSelector('#import-summary', { timeout: 30_000 });
    await expect(page.locator('#import-summary').innerText()).resolves.toMatch(/^Chạy thử: sẽ tạo \d+, sửa 0, xóa 0, giữ nguyên 0 mục\.$/);
    await expect(page.locator('#changes-created').innerText()).resolves.toContain('Nhiệm vụ PL01.I.2.(1).a');
    await checkpoint(page, 'import-dry-run');
    await Promise.all([page.waitForURL(/\/admin\/imports\//), page.click('text=Nhập chính thức')]);
    await page.waitForSelector('#import-summary', { timeout: 30_000 });
    await expect(page.locator('#import-summary').innerText()).resolves.toContain('Đã nhập: tạo');
    await checkpoint(page, 'import-done');
    await Promise.all([page.waitForNavigation(), page.click('text=Xem kế hoạch')]);
    await expect(page.locator('h1').innerText()).resolves.toContain('tỉnh Điện Biên');
    await page.goto(`${base}/calendar`);
    await expect(page.locator('body').innerText()).resolves.toContain('Báo cáo quý 1 năm 2026');
    await checkpoint(page, 'calendar-with-quarterly');

    // Search ignores diacritics and case; rows come in Vietnamese alphabetical order.
    await page.goto(`${base}/admin/agencies?q=${encodeURIComponent('muong phang')}`);
    await expect(page.locator('#agencies tbody tr').count()).resolves.toBe(1);
    await expect(page.locator('#agencies tbody').innerText()).resolves.toContain('Ủy ban nhân dân xã Mường Phăng');
    await page.goto(`${base}/admin/agencies?q=${encodeURIComponent('ĐIỆN BIÊN')}`);
    const names = await page.locator('#agencies tbody tr td:nth-child(2)').allInnerTexts();
    expect(names).toEqual([
      'Sở Tài chính tỉnh Điện Biên',
      'Sở Xây dựng tỉnh Điện Biên',
      'Ủy ban nhân dân phường Điện Biên Phủ',
      'Ủy ban nhân dân tỉnh Điện Biên',
    ]);
    await checkpoint(page, 'admin-agencies-search');
    // The imported plan as administrators check it: its regime's reminders, a task search without diacritics.
    await page.goto(`${base}/admin/plans/${DB_PLAN}?q=${encodeURIComponent('via he')}`);
    await expect(page.locator('#tasks tbody tr').allInnerTexts()).resolves.toEqual([
      expect.stringContaining('Cải tạo vỉa hè, chiếu sáng trục chính'),
    ]);
    await expect(page.locator('table.rules[data-kind="quarterly"]').innerText()).resolves.toContain('D-7');
    await checkpoint(page, 'admin-plan');
    // Holidays: a day added, then removed, each with a confirmation.
    await page.goto(`${base}/admin/holidays?year=2026`);
    await page.fill('#holiday-date', '2026-11-20');
    await page.fill('#holiday-name', 'Ngày Nhà giáo Việt Nam');
    await Promise.all([page.waitForNavigation(), page.click('#holiday-form button[type=submit]')]);
    await expect(page.locator('.notice').innerText()).resolves.toBe('Đã lưu ngày 20/11/2026: Ngày Nhà giáo Việt Nam.');
    await checkpoint(page, 'admin-holidays');
    await Promise.all([page.waitForNavigation(), page.click('tr[data-date="2026-11-20"] button')]);
    await expect(page.locator('.notice').innerText()).resolves.toBe('Đã xóa ngày 20/11/2026 khỏi danh sách ngày nghỉ.');
    await page.goto(`${base}/admin/users?q=${encodeURIComponent('bao lam')}`);
    await expect(page.locator('#users tbody').innerText()).resolves.toContain('Bảo Lâm');
    await page.context().close();
    // Cao Bằng's coordinator reads Điện Biên's plan once the administrator names them a member of it.
    await t
      .http()
      .put(`/api/plans/${DB_PLAN}/members/coordinator`)
      .set('Authorization', await t.bearer('admin'))
      .expect(204);
    const periods = (
      await t
        .http()
        .get(`/api/plans/${DB_PLAN}/periods`)
        .set('Authorization', await t.bearer('coordinator'))
    ).body as { label: string; dueAt: string }[];
    expect(periods.find((p) => p.label === 'Báo cáo quý 2 năm 2026')!.dueAt).toBe('2026-06-15T00:00:00+07:00');
  });

  async function fillLeadTasks(page: Page, percent: string): Promise<void> {
    const leads = page.locator('.entry-lead');
    const n = await leads.count();
    for (let i = 0; i < n; i += 1) {
      const entry = leads.nth(i);
      await entry.locator('select[name$="[status]"]').selectOption('on_track');
      await entry.locator('input[name$="[percentComplete]"]').fill(percent);
      await entry.locator('input[name$="[capitalAllocated]"]').fill('120,5');
      await entry.locator('textarea[name$="[workDone]"]').fill('Đã lập nhiệm vụ quy hoạch, đang lấy ý kiến cộng đồng dân cư.');
    }
  }

  it('2. a commune reporter fills and sends the half-year report on a phone, before the deadline', async () => {
    t.clock.set(new Date('2026-05-15T08:30:00+07:00'));
    const page = await signInPage(browser, base, '01290', '/my', PHONE);
    await checkpoint(page, 'commune-my-reports');
    await Promise.all([page.waitForNavigation(), page.click('text=Báo cáo 6 tháng đầu năm 2026')]);
    await fillLeadTasks(page, '40');
    await page.fill('textarea[name="summary[assessment]"]', 'Xã đã triển khai đúng tiến độ các nhiệm vụ được giao.');
    await Promise.all([page.waitForNavigation(), page.click('button[value=submit]')]);
    await expect(page.locator('.notice').innerText()).resolves.toBe('Đã gửi báo cáo tới Sở Xây dựng.');
    await expect(page.locator('#report-state').innerText()).resolves.toBe('Đã gửi, chờ xem xét');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await checkpoint(page, 'commune-sent-on-phone');
    await page.context().close();
  });

  it('3. a department head sends after the deadline: the report is marked late', async () => {
    t.clock.set(new Date('2026-05-21T10:00:00+07:00'));
    const page = await signInPage(browser, base, 'stc-ld', `/periods/${periodId}/report`);
    await fillLeadTasks(page, '55');
    await page.fill('textarea[name="summary[assessment]"]', 'Sở Tài chính đã bố trí vốn cho các dự án khởi công mới.');
    await Promise.all([page.waitForNavigation(), page.click('button[value=submit]')]);
    await expect(page.locator('.notice').innerText()).resolves.toBe('Đã gửi báo cáo tới Sở Xây dựng.');
    await checkpoint(page, 'department-sent-late');
    await page.context().close();
  });

  it('4. the coordinator returns the late report, reminds the agencies still missing, and sees the emails in the mailbox', async () => {
    t.clock.set(new Date('2026-05-22T09:00:00+07:00'));
    const page = await signInPage(browser, base, 'coordinator', `/periods/${periodId}/reports`);
    await expect(page.locator('#sum-submitted').innerText()).resolves.toBe('2');
    await expect(page.locator('tr[data-agency="STC"]').innerText()).resolves.toContain('Muộn');
    await checkpoint(page, 'coordinator-received');
    await Promise.all([page.waitForNavigation(), page.click('tr[data-agency="STC"] a')]);
    await page.fill('#comment', 'Đề nghị bổ sung số liệu giải ngân vốn đầu tư công.');
    await Promise.all([page.waitForNavigation(), page.click('button[value=return]')]);
    await expect(page.locator('.notice').innerText()).resolves.toMatch(/^Đã trả lại báo cáo/);
    await checkpoint(page, 'coordinator-returned');

    await page.goto(`${base}/periods/${periodId}/reminders`);
    await expect(page.locator('h2').first().innerText()).resolves.toBe('Đơn vị chưa gửi báo cáo (63)');
    await Promise.all([page.waitForNavigation(), page.click('#remind-all')]);
    await expect(page.locator('.notice').innerText()).resolves.toBe('Đã nhắc nhở 63 đơn vị.');
    await checkpoint(page, 'coordinator-reminded');
    await waitFor(async () => {
      await page.goto(`${base}/admin/mailbox`);
      return (await page.locator('article.mail').count()) >= 64;
    }, 30_000);
    await expect(page.locator('article.mail', { hasText: 'Tới: 01273@caobang.example' }).first().innerText()).resolves.toContain(
      'Báo cáo 6 tháng đầu năm 2026',
    );
    // The returned report's notice reached Sở Tài chính with the coordinator's comment.
    await expect(
      page.locator('article.mail', { hasText: 'Đề nghị bổ sung số liệu giải ngân vốn đầu tư công.' }).first().innerText(),
    ).resolves.toContain('stc@caobang.example');
    await checkpoint(page, 'mailbox');
    await page.context().close();
  });

  it('5. the department resubmits and the coordinator accepts it', async () => {
    const head = await signInPage(browser, base, 'stc-ld', `/periods/${periodId}/report`);
    await expect(head.locator('.alert').first().innerText()).resolves.toContain('Đề nghị bổ sung số liệu giải ngân vốn đầu tư công.');
    await head.fill('textarea[name="summary[assessment]"]', 'Đã bổ sung số liệu giải ngân đến ngày 20/5/2026.');
    await Promise.all([head.waitForNavigation(), head.click('button[value=submit]')]);
    await expect(head.locator('.notice').innerText()).resolves.toBe('Đã gửi báo cáo tới Sở Xây dựng.');
    await checkpoint(head, 'department-resubmitted');
    await head.context().close();

    const page = await signInPage(browser, base, 'coordinator', `/periods/${periodId}/reports`);
    await Promise.all([page.waitForNavigation(), page.click('tr[data-agency="STC"] a')]);
    const stcReport = page.url();
    await Promise.all([page.waitForNavigation(), page.click('button[value=accept]')]);
    // The coordinator lands on the next report waiting, and is told what was done.
    await expect(page.locator('.notice').innerText()).resolves.toMatch(
      /^Đã tiếp nhận báo cáo của Sở Tài chính\. Báo cáo tiếp theo chờ xem xét/,
    );
    await page.goto(stcReport);
    await expect(page.locator('#report-state').innerText()).resolves.toBe('Đã tiếp nhận');
    // The history speaks Vietnamese: sent, returned with the comment, sent again, accepted.
    const history = await page.locator('li', { hasText: 'Cán bộ' }).allInnerTexts();
    const actions = (await page.content()).match(/– (Gửi báo cáo|Trả lại đơn vị|Tiếp nhận|Mở lại để sửa|submitted|returned|accepted) –/g);
    expect(actions).toEqual(['– Gửi báo cáo –', '– Trả lại đơn vị –', '– Gửi báo cáo –', '– Tiếp nhận –']);
    expect(history.join('\n')).not.toMatch(/submitted|returned|accepted/);
    await checkpoint(page, 'coordinator-accepted');
    await page.context().close();
  });

  it('6. the coordinator builds the consolidated report, downloads the DOCX and marks it sent', async () => {
    t.clock.set(new Date('2026-05-27T09:00:00+07:00'));
    const page = await signInPage(browser, base, 'coordinator', `/periods/${periodId}/consolidation`, { acceptDownloads: true });
    await expect(page.locator(`tr[data-agency="01290"] td[data-period="${periodId}"]`).innerText()).resolves.toBe('Đúng hạn');
    await Promise.all([page.waitForNavigation(), page.click('#build')]);
    await expect(page.locator('.notice').first().innerText()).resolves.toBe('Đã lập bản tổng hợp phiên bản 1.');
    await checkpoint(page, 'consolidation-built');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-docx')]);
    expect(download.suggestedFilename()).toBe('bao-cao-tong-hop-v1.docx');
    await download.saveAs(join(ARTIFACTS, 'bao-cao-tong-hop-v1.docx'));
    expect(readFileSync(join(ARTIFACTS, 'bao-cao-tong-hop-v1.docx')).subarray(0, 2).toString()).toBe('PK');
    // The archive set is generated by a worker job; the page follows its progress, then offers the files.
    await Promise.all([page.waitForURL(/\/documents\//), page.click('#generate-documents')]);
    await page.waitForSelector('#documents-ready', { timeout: 30_000 });
    await checkpoint(page, 'documents-generated');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#document-xlsx')]);
    expect(xlsx.suggestedFilename()).toBe('bao-cao-tong-hop-v1.xlsx');
    await Promise.all([page.waitForNavigation(), page.click('text=← Về báo cáo tổng hợp')]);
    await page.fill('#documentNumber', '131/BC-SXD');
    await page.fill('#sentDate', '2026-05-27');
    await Promise.all([page.waitForNavigation(), page.click('button[value=finalize]')]);
    await expect(page.locator('#final-state').innerText()).resolves.toContain('Văn bản số 131/BC-SXD, gửi ngày 27/05/2026 (đúng hạn)');
    await checkpoint(page, 'consolidation-final');
    await page.context().close();
  });

  it('7. the leader reads the dashboard', async () => {
    const page = await signInPage(browser, base, 'leader', `/periods/${periodId}/consolidation`);
    await expect(page.locator('#final-state').innerText()).resolves.toContain('131/BC-SXD');
    await expect(page.locator(`tr[data-agency="STC"] td[data-period="${periodId}"]`).innerText()).resolves.toBe('Đã tiếp nhận');
    await expect(page.locator('#build').count()).resolves.toBe(0);
    await checkpoint(page, 'leader-dashboard');
    // The check above can fail: a button with no name on the same page is caught.
    await page.evaluate(() => document.querySelector('main')!.appendChild(document.createElement('button')));
    expect(await accessibilityProblems(page)).toEqual([expect.stringContaining('button-name')]);
    await page.context().close();
  });
});
