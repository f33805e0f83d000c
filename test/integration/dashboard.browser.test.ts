import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { loadConfig } from '../../src/config/app-config';
import { seedDemoReports } from '../../src/demo/demo-reports';
import { DEMO_PASSWORD, startTestApp, TestApp } from '../helpers/app';
import { launchChromium } from '../helpers/browser';
import { cloneTemplateDatabase, databaseUrl, REDIS_TEST_URL } from '../helpers/db';

const NOW = '2026-12-02T09:00:00+07:00';
const PLAN = 'CB-2026-2030';
const DASHBOARD = `/plans/${PLAN}/dashboard`;
const ARTIFACTS = join(__dirname, '..', 'artifacts', 'dashboard');
const AXE = readFileSync(require.resolve('axe-core'), 'utf8');
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

interface Summary {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
  returned: number;
  accepted: number;
}
type Opened = Page & { problems: string[] };

/** "86,9%": the share in tenths of a percent, rounded half up, with the decimal comma. */
const percent = (part: number, whole: number) => {
  const tenths = Math.round((part * 1000) / whole);
  return `${Math.floor(tenths / 10)},${tenths % 10}%`;
};

jest.setTimeout(120_000);

/**
 * The leader's home on the living demo (2/12/2026: two periods complete, the 2026 annual report in
 * progress): signed in, the leader lands on the plan's dashboard; its tiles say what the status API
 * says, its three Chart.js charts are drawn from tables holding the same figures, on a desktop and
 * a 390 px phone; an agency's reporter is refused.
 */
describe("the leader's dashboard in the browser", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let leader: string;
  let periods: { id: string; kind: string; year: number; label: string; state: string }[];
  let annualId: string;
  let semiannualId: string;

  beforeAll(async () => {
    const databaseName = await cloneTemplateDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl(databaseName),
      REDIS_URL: REDIS_TEST_URL,
      LOG_LEVEL: 'silent',
      REDIS_PREFIX: databaseName,
    });
    expect(await seedDemoReports(config, new Date(NOW))).toMatchObject({ periods: 3 });
    t = await startTestApp({ now: NOW, databaseName, env: { CALENDAR_RECONCILE_SECONDS: '3600' } });
    base = await t.listen();
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    leader = await t.bearer('leader');
    periods = (await t.http().get(`/api/plans/${PLAN}/periods`).set('Authorization', leader).expect(200)).body;
    annualId = periods.find((p) => p.kind === 'annual' && p.year === 2026)!.id;
    semiannualId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close(false);
  });

  const summaryOf = async (periodId: string): Promise<Summary> =>
    (await t.http().get(`/api/periods/${periodId}/status`).set('Authorization', leader).expect(200)).body.summary;

  /** Signs in through the sign-in page from the home page; answers the page where the sign-in lands. */
  async function signIn(username: string, options: BrowserContextOptions, landing: RegExp): Promise<Opened> {
    const page = (await (await browser.newContext(options)).newPage()) as Opened;
    page.problems = [];
    page.on('pageerror', (e) => page.problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) page.problems.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().includes('/login')) page.problems.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${base}/login`);
    await page.fill('#username', username);
    await page.fill('#password', DEMO_PASSWORD);
    await Promise.all([page.waitForURL(landing), page.click('button[type=submit]')]);
    return page;
  }

  /** The three charts once drawn: Chart.js's instance per canvas, its legend, its data, and whether it painted pixels. */
  async function charts(page: Page) {
    await page.waitForFunction(() => {
      const Chart = (window as unknown as { Chart?: { getChart(c: HTMLCanvasElement): unknown } }).Chart;
      const canvases = [...document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]')];
      return Chart !== undefined && canvases.length === 3 && canvases.every((c) => Chart.getChart(c) !== undefined);
    });
    // Painted: some pixel of each canvas is not transparent (after any animation).
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]')].every((c) => {
        const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
        return false;
      }),
    );
    return page.evaluate(() => {
      type ChartLike = {
        config: { type: string };
        legend: { legendItems: { text: string }[] };
        data: { labels: unknown[]; datasets: { label: string; data: number[] }[] };
      };
      const Chart = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): ChartLike } }).Chart;
      return Object.fromEntries(
        [...document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]')].map((c) => {
          const chart = Chart.getChart(c);
          return [
            c.dataset.chart!,
            {
              type: chart.config.type,
              role: c.getAttribute('role'),
              ariaLabel: c.getAttribute('aria-label') ?? '',
              width: c.getBoundingClientRect().width,
              legend: chart.legend.legendItems.map((i) => i.text),
              datasets: chart.data.datasets.map((d) => ({ label: d.label, data: d.data })),
            },
          ];
        }),
      );
    });
  }

  /** A chart's table: per body row, its heading and its cells' data-value (raw) and text. */
  const table = (page: Page, name: string) =>
    page.$$eval(`table[data-chart-table="${name}"] tbody tr`, (rows) =>
      rows.map((tr) => ({
        key: tr.getAttribute('data-period') ?? tr.getAttribute('data-section') ?? tr.getAttribute('data-status'),
        head: tr.querySelector('th')!.textContent.trim(),
        values: [...tr.querySelectorAll('td[data-value]')].map((td) => Number(td.getAttribute('data-value'))),
        texts: [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
      })),
    );

  /** Serious and critical WCAG 2.1 A/AA findings of axe-core on the page (none expected). */
  async function axe(page: Page): Promise<string[]> {
    await page.evaluate(AXE);
    return page.evaluate(async () => {
      type Result = { id: string; impact: string | null; nodes: { target: unknown[] }[] };
      const run = (window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: Result[] }> } }).axe;
      const r = await run.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
  }

  it('lands the leader on the dashboard of the open period; the tiles say what the status API says', async () => {
    const page = await signIn('leader', DESKTOP, new RegExp(`${DASHBOARD}$`));
    await expect(page.locator('h1').innerText()).resolves.toBe('Bảng theo dõi thực hiện Kế hoạch');
    // The current period: the open one whose deadline comes next (the 2026 annual report, due 20/12).
    await expect(page.locator('#period').inputValue()).resolves.toBe(annualId);
    await expect(page.locator('#period option').allInnerTexts()).resolves.toEqual(
      periods.filter((p) => p.state !== 'upcoming').map((p) => p.label),
    );
    const s = await summaryOf(annualId);
    expect(s.submitted).toBeGreaterThan(10);
    await expect(page.locator('#kpi-received').innerText()).resolves.toBe(`${s.submitted}/${s.expected}`);
    await expect(page.locator('#kpi-accepted').innerText()).resolves.toBe(`Đã tiếp nhận ${s.accepted} · bị trả lại ${s.returned}`);
    await expect(page.locator('#kpi-on-time').innerText()).resolves.toBe(percent(s.onTime, s.submitted));
    await expect(page.locator('#kpi-on-time-note').innerText()).resolves.toBe(`${s.onTime}/${s.submitted} báo cáo đã nhận gửi đúng hạn`);
    await expect(page.locator('#kpi-agencies').innerText()).resolves.toBe(`${s.missing} / ${s.late}`);

    // Capital and tasks behind: the figures a consolidated report built now would carry, and the lead entries behind schedule.
    const coordinator = await t.bearer('coordinator');
    const built = (await t.http().post(`/api/periods/${annualId}/consolidations`).set('Authorization', coordinator).expect(201)).body;
    const capital = built.figures.capital as {
      disbursementRate: string;
      sections: { code: string; allocated: { total: string }; disbursed: { total: string } }[];
    };
    expect(capital.disbursementRate).toMatch(/^\d+\.\d$/);
    await expect(page.locator('#kpi-disbursement').innerText()).resolves.toBe(`${capital.disbursementRate.replace('.', ',')}%`);
    const [entries] = await t.db.query(
      `SELECT count(*) FILTER (WHERE e.status = 'behind_schedule')::int AS behind, count(DISTINCT e.task_id) FILTER (WHERE e.status = 'behind_schedule')::int AS tasks,
              count(*) FILTER (WHERE e.status = 'on_track')::int AS on_track, count(*) FILTER (WHERE e.status = 'completed')::int AS completed,
              count(*) FILTER (WHERE e.status = 'not_started')::int AS not_started, count(*) FILTER (WHERE e.status = 'suspended')::int AS suspended
       FROM report_task_entries e JOIN agency_reports r ON r.id = e.report_id
       WHERE r.period_id = $1 AND r.state IN ('submitted', 'accepted') AND e.role = 'lead'`,
      [annualId],
    );
    expect(entries.behind).toBeGreaterThan(0);
    await expect(page.locator('#kpi-behind').innerText()).resolves.toBe(String(entries.behind));
    await expect(page.locator('#kpi-behind-note').innerText()).resolves.toContain(`thuộc ${entries.tasks} nhiệm vụ`);

    // The charts: Chart.js instances with their legends, drawn from the tables, accessible.
    const drawn = await charts(page);
    expect(drawn.receipt).toMatchObject({ type: 'bar', role: 'img', legend: ['Đúng hạn', 'Muộn', 'Chưa gửi'] });
    expect(drawn.capital).toMatchObject({ type: 'bar', role: 'img', legend: ['Vốn giao (tỷ đồng)', 'Đã giải ngân (tỷ đồng)'] });
    expect(drawn.tasks).toMatchObject({
      type: 'doughnut',
      role: 'img',
      legend: ['Đúng tiến độ', 'Chậm tiến độ', 'Hoàn thành', 'Chưa triển khai', 'Tạm dừng'],
    });
    for (const c of Object.values(drawn)) expect(c.ariaLabel.length).toBeGreaterThan(40);
    expect(drawn.receipt.ariaLabel).toContain(
      `Báo cáo năm 2026: ${s.onTime} đúng hạn, ${s.late} muộn, ${s.missing} chưa gửi trên ${s.expected}`,
    );
    await expect(page.locator('figure.chart > figcaption').count()).resolves.toBe(3);
    await expect(page.locator('figure.chart details > summary').allInnerTexts()).resolves.toEqual(Array(3).fill('Xem số liệu dạng bảng'));

    // Chart 1: each period so far, as the status API counts it.
    const receipt = await table(page, 'receipt');
    const opened = periods.filter((p) => p.state !== 'upcoming');
    expect(receipt.map((r) => r.key)).toEqual(opened.map((p) => p.id));
    for (const p of opened) {
      const ps = await summaryOf(p.id);
      expect([p.label, receipt.find((r) => r.key === p.id)!.values]).toEqual([p.label, [ps.onTime, ps.late, ps.missing]]);
    }
    expect(drawn.receipt.datasets.map((d) => d.data)).toEqual([0, 1, 2].map((i) => receipt.map((r) => r.values[i])));

    // Chart 2: capital by section, the consolidated report's figures (raw in the chart, with the decimal comma in the table).
    const sections = await table(page, 'capital');
    expect(sections.map((r) => [r.key, ...r.values])).toEqual(
      capital.sections.map((x) => [x.code, Number(x.allocated.total), Number(x.disbursed.total)]),
    );
    expect(sections.some((r) => r.values[0] > 0)).toBe(true);
    const money = (v: string) => {
      const [i, f] = v.split('.');
      return i.replace(/\B(?=(\d{3})+(?!\d))/g, '.') + (f ? `,${f}` : '');
    };
    expect(sections.map((r) => r.texts.slice(0, 2))).toEqual(
      capital.sections.map((x) => [money(x.allocated.total), money(x.disbursed.total)]),
    );
    expect(drawn.capital.datasets.map((d) => d.data)).toEqual([0, 1].map((i) => sections.map((r) => r.values[i])));

    // Chart 3: lead entries by status.
    const statuses = await table(page, 'tasks');
    expect(statuses.map((r) => [r.key, r.values[0]])).toEqual([
      ['on_track', entries.on_track],
      ['behind_schedule', entries.behind],
      ['completed', entries.completed],
      ['not_started', entries.not_started],
      ['suspended', entries.suspended],
    ]);
    expect(drawn.tasks.datasets[0].data).toEqual(statuses.map((r) => r.values[0]));

    await page.screenshot({ path: join(ARTIFACTS, 'leader-desktop.png'), fullPage: true });
    await page.locator('#chart-capital details > summary').click();
    await page.locator('#chart-capital').screenshot({ path: join(ARTIFACTS, 'leader-desktop-capital-table.png') });
    expect(await axe(page)).toEqual([]);
    expect(page.problems).toEqual([]);
    await page.context().close();
  });

  it('fits a 390 px phone: no horizontal overflow, the charts drawn to its width', async () => {
    const page = await signIn('leader', PHONE, new RegExp(`${DASHBOARD}$`));
    const drawn = await charts(page);
    for (const c of Object.values(drawn)) {
      expect(c.width).toBeGreaterThan(250);
      expect(c.width).toBeLessThanOrEqual(390);
    }
    // What the leader sees on landing, then the whole page in one picture: a viewport as tall as the
    // page (a full-page capture would resize the canvases mid-shot and catch them blank).
    await page.screenshot({ path: join(ARTIFACTS, 'leader-phone.png') });
    await page.setViewportSize({ width: 390, height: await page.evaluate(() => document.documentElement.scrollHeight) });
    await charts(page);
    await page.screenshot({ path: join(ARTIFACTS, 'leader-phone-full.png') });
    // With every table open, still nothing wider than the phone: the tables scroll inside their own region.
    for (const summary of await page.locator('figure.chart details > summary').all()) await summary.click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axe(page)).toEqual([]);
    expect(page.problems).toEqual([]);
    await page.context().close();
  });

  it('gives a browser without JavaScript the tables, and no empty chart boxes', async () => {
    const page = await signIn('leader', { ...DESKTOP, javaScriptEnabled: false }, new RegExp(`${DASHBOARD}$`));
    await expect(page.locator('.chart-box').evaluateAll((boxes) => boxes.map((b) => (b as HTMLElement).hidden))).resolves.toEqual([
      true,
      true,
      true,
    ]);
    for (const summary of await page.locator('figure.chart details > summary').all()) await summary.click();
    const s = await summaryOf(annualId);
    await expect(page.locator(`table[data-chart-table="receipt"] tr[data-period="${annualId}"]`).innerText()).resolves.toBe(
      `Báo cáo năm 2026\t${s.onTime}\t${s.late}\t${s.missing}\t${s.expected}`,
    );
    await expect(page.locator('table[data-chart-table="tasks"] tfoot').innerText()).resolves.toMatch(/^Tổng cộng\t\d+$/);
    expect(page.problems).toEqual([]);
    await page.context().close();
  });

  it('switches to another period with ?period=; an unknown one is a 404 page', async () => {
    const page = await signIn('leader', DESKTOP, new RegExp(`${DASHBOARD}$`));
    await page.selectOption('#period', semiannualId);
    await Promise.all([page.waitForURL(`${base}${DASHBOARD}?period=${semiannualId}`), page.click('#period-pick button[type=submit]')]);
    const s = await summaryOf(semiannualId);
    expect(s).toMatchObject({ expected: 64, submitted: 63, missing: 1, accepted: 63 });
    await expect(page.locator('#period-facts').innerText()).resolves.toContain('Báo cáo 6 tháng đầu năm 2026: đã kết thúc.');
    await expect(page.locator('#kpi-received').innerText()).resolves.toBe('63/64');
    await expect(page.locator('#kpi-agencies').innerText()).resolves.toBe(`1 / ${s.late}`);
    await expect(page.locator('#kpi-on-time').innerText()).resolves.toBe(percent(s.onTime, 63));
    await expect(page.locator('#link-consolidation').getAttribute('href')).resolves.toBe(`/periods/${semiannualId}/consolidation`);
    expect((await charts(page)).receipt.legend).toEqual(['Đúng hạn', 'Muộn', 'Chưa gửi']);
    expect(page.problems).toEqual([]);
    page.problems.length = 0;
    const res = await page.goto(`${base}${DASHBOARD}?period=00000000-0000-4000-8000-000000000000`);
    expect(res!.status()).toBe(404);
    await expect(page.locator('main').innerText()).resolves.toContain('Không tìm thấy kỳ báo cáo của kế hoạch này.');
    await page.context().close();
  });

  it("refuses an agency's reporter with the Vietnamese 403 page; the coordinator's home links each plan to its dashboard", async () => {
    const reporter = await signIn('stc', DESKTOP, /\/my$/);
    const res = await reporter.goto(`${base}${DASHBOARD}`);
    expect(res!.status()).toBe(403);
    await expect(reporter.locator('h1').innerText()).resolves.toBe('Không có quyền truy cập');
    await expect(reporter.locator('main').innerText()).resolves.toContain('Bảng theo dõi dành cho lãnh đạo');
    await reporter.context().close();

    const coordinator = await signIn('coordinator', DESKTOP, new RegExp(`${base}/$`));
    await Promise.all([coordinator.waitForURL(`${base}${DASHBOARD}`), coordinator.click(`a.dashboard-link[href="${DASHBOARD}"]`)]);
    await expect(coordinator.locator('#kpi-received').innerText()).resolves.toMatch(/^\d+\/64$/);
    await coordinator.context().close();
  });

  it('serves Chart.js from its own origin, and nothing else from node_modules', async () => {
    const js = await t.http().get('/assets/vendor/chart.umd.min.js').expect(200);
    expect(js.headers['content-type']).toMatch(/^application\/javascript/);
    expect(js.text).toContain('Chart.js v4');
    expect(js.text).not.toContain('sourceMappingURL');
    for (const path of ['/assets/vendor/chart.js', '/assets/vendor/..%2F..%2Fpackage.json', '/assets/vendor/chart.umd.min.js.map'])
      await t.http().get(path).expect(404);
  });
});
