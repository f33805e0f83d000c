import { Browser, BrowserContextOptions, chromium, Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless; never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export type SignedInPage = Page & { problems: string[] };

/**
 * A new browser context signed in as `username` through the login page, landing on `path`.
 * `problems` collects page errors and console errors (a refused form's 4xx excepted).
 */
export async function signInPage(
  browser: Browser,
  base: string,
  username: string,
  path: string,
  options: BrowserContextOptions = {},
): Promise<SignedInPage> {
  const page = (await (await browser.newContext(options)).newPage()) as SignedInPage;
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) page.problems.push(m.text());
  });
  await page.goto(`${base}${path}`);
  await page.fill('#username', username);
  await page.fill('#password', 'Demo@2026');
  await Promise.all([page.waitForURL(`${base}${path}`), page.click('button[type=submit]')]);
  return page;
}
