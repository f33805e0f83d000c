import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { loadConfig } from '../../src/config/app-config';
import { seedDemoReports } from '../../src/demo/demo-reports';
import { dienBienWorkbook } from '../fixtures/dien-bien-workbook';
import { DEMO_PASSWORD, startTestApp, TestApp } from '../helpers/app';
import { launchChromium } from '../helpers/browser';
import { cloneTemplateDatabase, databaseUrl, REDIS_TEST_URL } from '../helpers/db';
import { waitFor } from '../helpers/wait';

const ARTIFACTS = join(__dirname, '..', 'artifacts', 'accessibility');
const AXE = readFileSync(require.resolve('axe-core'), 'utf8');
const NOW = '2026-12-02T09:00:00+07:00';
const PLAN = 'CB-2026-2030';
const SECOND_PLAN = 'TQ-CTHD-2026-2030';
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const VIEWPORTS: { name: string; options: BrowserContextOptions }[] = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
];

interface Finding {
  page: string;
  viewport: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** A page to check: its address, or steps that bring the page there (a refused form, a finished job). */
interface Visit {
  name: string;
  path: string;
  /** Runs after the page loaded, before the check (the viewports run side by side). */
  then?: (page: Page, viewport: string) => Promise<void>;
  /** A screenshot of this page, in this viewport, under test/artifacts/accessibility. */
  screenshot?: 'desktop' | 'phone' | 'both';
}

/**
 * The serious and critical WCAG 2.1 A/AA violations on the page as it is now. axe-core is
 * evaluated through the DevTools protocol (the equivalent of addScriptTag({ path }), which the
 * page's strict CSP would refuse as an inline script), so the page keeps the CSP users get.
 * Frames are not entered: the one framed document (a mail's HTML part) is checked on its own.
 */
async function axeFindings(page: Page, name: string, viewport: string): Promise<Finding[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async (tags) => {
    type Result = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Result[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], iframes: false });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, WCAG_21_AA);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ page: name, viewport, rule: v.id, impact: v.impact!, help: v.help, targets: v.targets }));
}

/** One line per finding: what to fix, where. */
const describeFinding = (f: Finding) =>
  `${f.page} [${f.viewport}] ${f.rule} (${f.impact}): ${f.help} — ${f.targets.slice(0, 5).join(' | ')}${f.targets.length > 5 ? ` … (${f.targets.length} elements)` : ''}`;

const fileName = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

// Each role's walk signs in twice and checks a dozen pages; a loaded machine needs more than the default minute.
jest.setTimeout(150_000);

/**
 * axe-core on every page each role reaches, on the living demo near a deadline (2/12/2026: two
 * periods complete with their final consolidated reports, the 2026 annual report in progress), in
 * a desktop and a phone viewport: no serious or critical WCAG 2.1 A/AA finding on our pages. The
 * third-party pages (bull-board, Swagger UI) are checked the same way and their findings written
 * to test/artifacts/accessibility/third-party.json (README "Accessibility" lists them), not failed on.
 */
describe('accessibility of every page, per role, desktop and phone (axe-core, WCAG 2.1 AA)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let annualId: string;
  let semiannualId: string;
  let finalConsolidationId: string;
  let semiannualReportId: string;
  let submittedReportId: string;
  let commune: string;
  let returned: { code: string; reportId: string };
  let communePastReportId: string;

  beforeAll(async () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    const databaseName = await cloneTemplateDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl(databaseName),
      REDIS_URL: REDIS_TEST_URL,
      LOG_LEVEL: 'silent',
      REDIS_PREFIX: databaseName,
    });
    expect(await seedDemoReports(config, new Date(NOW))).toMatchObject({ consolidations: 2 });
    t = await startTestApp({ now: NOW, databaseName, env: { CALENDAR_RECONCILE_SECONDS: '3600' } });
    base = await t.listen();
    browser = await launchChromium();

    const coordinator = await t.bearer('coordinator');
    const get = async (path: string) => (await t.http().get(path).set('Authorization', coordinator).expect(200)).body;
    const periods = (await get(`/api/plans/${PLAN}/periods`)) as { id: string; kind: string; year: number }[];
    annualId = periods.find((p) => p.kind === 'annual' && p.year === 2026)!.id;
    semiannualId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
    finalConsolidationId = ((await get(`/api/periods/${semiannualId}/consolidations`)) as { id: string }[])[0].id;
    type Line = { agencyCode: string; agencyKind: string; reportId: string | null; state: string; hasDraft: boolean };
    const annual = ((await get(`/api/periods/${annualId}/status`)) as { agencies: Line[] }).agencies;
    const past = ((await get(`/api/periods/${semiannualId}/status`)) as { agencies: Line[] }).agencies;
    // A commune that has not started the open report, and also reported in the past period.
    const c = annual.find(
      (a) =>
        a.agencyKind === 'commune' && a.state === 'missing' && !a.hasDraft && past.some((p) => p.agencyCode === a.agencyCode && p.reportId),
    )!;
    commune = c.agencyCode;
    communePastReportId = past.find((p) => p.agencyCode === c.agencyCode)!.reportId!;
    const r = annual.find((a) => a.state === 'returned')!;
    returned = { code: r.agencyCode, reportId: r.reportId! };
    semiannualReportId = past.find((p) => p.state === 'accepted')!.reportId!;
    submittedReportId = annual.find((a) => a.state === 'submitted')!.reportId!;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close(false);
  });

  /** A new browser context, signed in through the sign-in page when a username is given. */
  async function openPage(username: string | null, options: BrowserContextOptions): Promise<Page> {
    const page = await (await browser.newContext(options)).newPage();
    if (!username) return page;
    await page.goto(`${base}/login`);
    await page.fill('#username', username);
    await page.fill('#password', DEMO_PASSWORD);
    await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.click('button[type=submit]')]);
    return page;
  }

  /** Visits each page in each viewport (side by side), signed in as `username` (or not signed in), and collects findings. */
  async function check(username: string | null, visits: Visit[]): Promise<Finding[]> {
    const perViewport = await Promise.all(
      VIEWPORTS.map(async ({ name: viewport, options }) => {
        const findings: Finding[] = [];
        const page = await openPage(username, options);
        try {
          for (const visit of visits) {
            if (page.url() !== `${base}${visit.path}`) await page.goto(`${base}${visit.path}`);
            if (visit.then) await visit.then(page, viewport);
            const name = `${username ?? 'visitor'} ${visit.name}`;
            if (visit.screenshot === viewport || visit.screenshot === 'both')
              await page.screenshot({ path: join(ARTIFACTS, `${fileName(name)}-${viewport}.png`), fullPage: true });
            findings.push(...(await axeFindings(page, `${name} (${new URL(page.url()).pathname})`, viewport)));
          }
        } finally {
          await page.context().close();
        }
        return findings;
      }),
    );
    return perViewport.flat();
  }

  /** Fails with every finding, one a line, so the failure says what to fix and where. */
  function expectNone(findings: Finding[]): void {
    expect(findings.map(describeFinding)).toEqual([]);
  }

  it('the pages of a visitor who is not signed in: sign-in (also refused), a bad sign-in link, 404', async () => {
    expectNone(
      await check(null, [
        { name: 'sign-in', path: '/login', screenshot: 'phone' },
        {
          name: 'sign-in refused',
          path: '/login',
          then: async (page) => {
            await page.fill('#username', 'coordinator');
            await page.fill('#password', 'not-the-password');
            await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
            await expect(page.locator('.alert').count()).resolves.toBeGreaterThan(0);
          },
        },
        { name: 'sign-in link expired', path: '/login/link/not-a-token' },
        { name: 'not found', path: '/plans/KHONG-CO' },
        { name: 'plan page', path: `/plans/${PLAN}` },
      ]),
    );
  });

  it('a commune reporter: home, calendar, its reports, the form (empty, refused), a past report, a 403', async () => {
    expectNone(
      await check(commune.toLowerCase(), [
        { name: 'my reports', path: '/my', screenshot: 'phone' },
        { name: 'home', path: '/' },
        { name: 'calendar', path: '/calendar' },
        { name: 'plan page', path: `/plans/${PLAN}` },
        { name: 'report form', path: `/periods/${annualId}/report`, screenshot: 'phone' },
        {
          name: 'report form refused',
          path: `/periods/${annualId}/report`,
          then: async (page) => {
            await Promise.all([page.waitForNavigation(), page.click('button[value=submit]')]);
            await expect(page.locator('.alert, .field-error').count()).resolves.toBeGreaterThan(0);
          },
          screenshot: 'phone',
        },
        { name: 'past report form', path: `/periods/${semiannualId}/report` },
        { name: 'past report', path: `/reports/${communePastReportId}` },
        { name: 'forbidden', path: '/admin' },
      ]),
    );
  });

  it('the reporter of a returned report: its form with the coordinator’s comment', async () => {
    expectNone(
      await check(returned.code.toLowerCase(), [
        { name: 'my reports', path: '/my' },
        { name: 'returned report form', path: `/periods/${annualId}/report` },
        { name: 'returned report', path: `/reports/${returned.reportId}` },
      ]),
    );
  });

  it('the coordinator: calendar, a period’s hub (received, reminders, consolidation, preview, documents), review, outbox, mailbox', async () => {
    expectNone(
      await check('coordinator', [
        { name: 'calendar', path: '/calendar', screenshot: 'desktop' },
        { name: 'home', path: '/' },
        { name: 'plan page', path: `/plans/${PLAN}` },
        { name: 'received', path: `/periods/${annualId}/reports`, screenshot: 'both' },
        { name: 'reminders', path: `/periods/${annualId}/reminders`, screenshot: 'desktop' },
        {
          name: 'reminders (one agency reminded)',
          path: `/periods/${annualId}/reminders`,
          then: async (page, viewport) => {
            // Each viewport reminds another agency (the first, the last), at the same time.
            const buttons = page.locator('table.late form button');
            const button = viewport === 'desktop' ? buttons.first() : buttons.last();
            await Promise.all([page.waitForNavigation(), button.click()]);
            await expect(page.locator('.notice').innerText()).resolves.toMatch(/^Đã nhắc nhở 1 đơn vị\./);
          },
        },
        { name: 'consolidation (in progress)', path: `/periods/${annualId}/consolidation` },
        {
          // A version built: the narrative editor with the report's PDF beside it (below it on a phone).
          name: 'consolidation (editor beside its PDF)',
          path: `/periods/${annualId}/consolidation`,
          then: async (page) => {
            await Promise.all([page.waitForNavigation(), page.click('#build')]);
            await page.waitForSelector('#pdf-preview-frame');
          },
          screenshot: 'both',
        },
        { name: 'consolidation (final)', path: `/periods/${semiannualId}/consolidation`, screenshot: 'both' },
        { name: 'consolidation preview', path: `/consolidations/${finalConsolidationId}/preview` },
        {
          name: 'documents',
          path: `/periods/${semiannualId}/consolidation`,
          then: async (page) => {
            await Promise.all([page.waitForURL(/\/documents\//), page.click('#generate-documents')]);
            await page.waitForSelector('#documents-ready', { timeout: 30_000 });
          },
        },
        { name: 'review (submitted: accept or return)', path: `/reports/${submittedReportId}`, screenshot: 'phone' },
        { name: 'review (returned)', path: `/reports/${returned.reportId}` },
        { name: 'review (accepted)', path: `/reports/${semiannualReportId}`, screenshot: 'desktop' },
        { name: 'outbox', path: '/admin/outbox' },
        { name: 'mailbox', path: '/admin/mailbox' },
        { name: 'forbidden', path: '/admin/users' },
      ]),
    );
  });

  it('the leader: calendar, the period hub read-only, the preview, a report', async () => {
    expectNone(
      await check('leader', [
        { name: 'home', path: '/', screenshot: 'both' },
        { name: 'calendar', path: '/calendar' },
        { name: 'received', path: `/periods/${annualId}/reports` },
        { name: 'consolidation', path: `/periods/${semiannualId}/consolidation` },
        { name: 'consolidation preview', path: `/consolidations/${finalConsolidationId}/preview` },
        { name: 'report', path: `/reports/${semiannualReportId}` },
        { name: 'forbidden', path: `/periods/${annualId}/reminders` },
      ]),
    );
  });

  it('the administrator: admin home, plans, an import, a plan, holidays, agencies, users, timers, outbox, mailbox', async () => {
    const workbook = join(ARTIFACTS, 'dien-bien.xlsx');
    writeFileSync(workbook, await dienBienWorkbook());
    // A reminder in the development mailbox, to read as HTML.
    await t
      .http()
      .post(`/api/periods/${annualId}/reminders`)
      .set('Authorization', await t.bearer('coordinator'))
      .send({ agencyCodes: [commune] })
      .expect(200);
    await waitFor(async () => ((await t.db.query('SELECT count(*)::int AS n FROM dev_mailbox'))[0].n > 0 ? true : undefined), 30_000);
    expectNone(
      await check('admin', [
        { name: 'admin', path: '/admin', screenshot: 'desktop' },
        { name: 'home', path: '/' },
        { name: 'calendar', path: '/calendar' },
        { name: 'plans', path: '/admin/plans' },
        {
          name: 'import (dry run)',
          path: '/admin/plans',
          then: async (page) => {
            await page.setInputFiles('#import-file', workbook);
            await Promise.all([page.waitForURL(/\/admin\/imports\//), page.click('#import-submit')]);
            await page.waitForSelector('#import-summary', { timeout: 30_000 });
          },
        },
        { name: 'plan (admin)', path: `/admin/plans/${PLAN}` },
        { name: 'plan (admin, second sample)', path: `/admin/plans/${SECOND_PLAN}` },
        { name: 'holidays', path: '/admin/holidays?year=2026' },
        { name: 'agencies', path: '/admin/agencies' },
        { name: 'users', path: '/admin/users' },
        { name: 'timers', path: '/admin/timers' },
        { name: 'outbox', path: '/admin/outbox' },
        { name: 'mailbox', path: '/admin/mailbox' },
        {
          // A mail's HTML part as a mail client shows it (the mailbox frames it sandboxed, scripts off).
          name: 'mail (HTML part)',
          path: '/admin/mailbox',
          then: async (page) => {
            const src = await page.locator('iframe.mail-html').first().getAttribute('src');
            expect(src).toMatch(/^\/admin\/mailbox\/.+\/html$/);
            const html = await (await page.request.get(`${base}${src}`)).text();
            await page.goto('about:blank');
            await page.setContent(html);
          },
        },
        { name: 'not found', path: '/admin/plans/KHONG-CO' },
      ]),
    );
  });

  it('bull-board and Swagger UI: the same check, findings written down (third-party markup), not failed on', async () => {
    const findings: Finding[] = [];
    for (const { name: viewport, options } of VIEWPORTS) {
      // One viewport after the other: the board polls Redis, and "networkidle" is waited for.
      const page = await openPage('admin', options);
      await page.goto(`${base}/admin/queues`);
      await page.waitForSelector('main, [role=main], nav', { timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      if (viewport === 'desktop') await page.screenshot({ path: join(ARTIFACTS, `bull-board-${viewport}.png`) });
      findings.push(...(await axeFindings(page, 'bull-board (/admin/queues)', viewport)));
      await page.goto(`${base}/api/docs`);
      await page.waitForSelector('.swagger-ui .opblock', { timeout: 30_000 });
      if (viewport === 'desktop') await page.screenshot({ path: join(ARTIFACTS, `swagger-${viewport}.png`) });
      findings.push(...(await axeFindings(page, 'Swagger UI (/api/docs)', viewport)));
      await page.context().close();
    }
    const summary = findings.map((f) => ({
      page: f.page,
      viewport: f.viewport,
      rule: f.rule,
      impact: f.impact,
      help: f.help,
      count: f.targets.length,
    }));
    writeFileSync(join(ARTIFACTS, 'third-party.json'), `${JSON.stringify({ findings: summary, details: findings }, null, 2)}\n`);
    // Printed, not failed on: the markup is the libraries' (README "Accessibility" says what and why).
    if (findings.length) console.log(`Third-party accessibility findings:\n${findings.map(describeFinding).join('\n')}`);
    // What our side does for Swagger UI holds (templates/pages/assets/swagger.css under the site's CSP:
    // the unlabelled URL bar hidden, colours at AA contrast; no deep link nested in each operation's button).
    const fixedOnSwagger = ['label', 'color-contrast', 'nested-interactive'];
    expect(findings.filter((f) => f.page.startsWith('Swagger') && fixedOnSwagger.includes(f.rule)).map(describeFinding)).toEqual([]);
  });
});
