import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import Handlebars from 'handlebars';
import { formatViDecimal, isDecimalString, normalizeDecimal, toMilli } from '../common/decimal';
import { formatViDatePadded, formatViDateTime, parseIsoDate, zonedDate } from '../common/time-zone';

function templatesRoot(): string {
  // Compiled code runs from dist/src/web, sources from src/web: both find <root>/templates.
  const candidates = [join(__dirname, '..', '..', 'templates'), join(__dirname, '..', '..', '..', 'templates')];
  for (const dir of candidates) {
    try {
      readdirSync(join(dir, 'pages'));
      return dir;
    } catch {
      /* try the next */
    }
  }
  throw new Error(`templates/ not found near ${__dirname}`);
}

/** Renders templates/pages with one isolated Handlebars instance, one layout and shared partials. */
@Injectable()
export class PageRenderer {
  private readonly hbs = Handlebars.create();
  private readonly layout: Handlebars.TemplateDelegate;
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  readonly root = templatesRoot();

  constructor(@Optional() @Inject(APP_CONFIG) private readonly config?: AppConfig) {
    const dir = join(this.root, 'pages');
    this.registerHelpers();
    for (const file of readdirSync(join(dir, 'partials'))) {
      if (file.endsWith('.hbs')) this.hbs.registerPartial(basename(file, '.hbs'), readFileSync(join(dir, 'partials', file), 'utf8'));
    }
    this.layout = this.hbs.compile(readFileSync(join(dir, 'layouts', 'main.hbs'), 'utf8'));
    for (const file of readdirSync(dir)) {
      if (file.endsWith('.hbs')) this.pages.set(basename(file, '.hbs'), this.hbs.compile(readFileSync(join(dir, file), 'utf8')));
    }
  }

  render(page: string, data: Record<string, unknown> & { title: string }): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`Unknown page template ${page}`);
    const body = template(data);
    return this.layout({
      organization: this.config?.organizationName ?? 'Sở Xây dựng tỉnh Cao Bằng',
      ...data,
      body: new Handlebars.SafeString(body),
    }).normalize('NFC');
  }

  asset(name: string): string | null {
    if (!/^[a-z0-9-]+\.(css|js)$/.test(name)) return null;
    try {
      return readFileSync(join(this.root, 'pages', 'assets', name), 'utf8');
    } catch {
      return null;
    }
  }

  private registerHelpers(): void {
    this.hbs.registerHelper('money', (value: string | null | undefined) => formatViDecimal(value));
    /**
     * A capital need with at least `decimals` decimals (default one), as the plan's capital table
     * writes its figures: "10276" -> "10.276,0".
     */
    this.hbs.registerHelper('capital', (value: string | null | undefined, decimals: unknown) =>
      formatViCapital(value, typeof decimals === 'number' ? decimals : 1),
    );
    /** A part's share of a whole, two decimals: ("75162.4", "93243.1") -> "80,61%". */
    this.hbs.registerHelper('share', (part: string | null | undefined, whole: string | null | undefined) => formatViShare(part, whole));
    this.hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    /** dd/mm/yyyy of an ISO date or an ISO instant (in Asia/Ho_Chi_Minh). */
    this.hbs.registerHelper('date', (value: string | null | undefined) => {
      if (!value) return '';
      const day = parseIsoDate(value.slice(0, 10));
      if (value.length <= 10) return day ? formatViDatePadded(day) : value;
      return formatViDatePadded(zonedDate(new Date(value)));
    });
    /** dd/mm/yyyy hh:mm of an ISO instant, in Asia/Ho_Chi_Minh. */
    this.hbs.registerHelper('datetime', (value: string | null | undefined) => (value ? formatViDateTime(new Date(value)) : ''));
    /** Agencies by short name (or plain strings), comma-separated. */
    this.hbs.registerHelper('join', (items: ({ shortName?: string } | string)[] | undefined) =>
      (items ?? []).map((i) => (typeof i === 'string' ? i : (i.shortName ?? ''))).join(', '),
    );
  }
}

/** Vietnamese display of a capital figure (tỷ đồng) with at least `decimals` decimals: ("0", 1) -> "0,0". */
export function formatViCapital(value: string | null | undefined, decimals = 1): string {
  const shown = formatViDecimal(value);
  if (shown === '') return shown;
  const [int, frac = ''] = shown.split(',');
  const padded = frac.padEnd(decimals, '0');
  return padded ? `${int},${padded}` : int;
}

/**
 * `part` as a percentage of `whole`, rounded half up to two decimals with a decimal comma
 * ("80,61%"), in exact decimal arithmetic; '' when either is not a decimal or the whole is zero.
 */
export function formatViShare(part: string | null | undefined, whole: string | null | undefined): string {
  const p = part == null ? null : normalizeDecimal(String(part));
  const w = whole == null ? null : normalizeDecimal(String(whole));
  if (!isDecimalString(p) || !isDecimalString(w)) return '';
  const denominator = toMilli(w);
  if (denominator === 0n) return '';
  const numerator = toMilli(p) * 10000n; // hundredths of a percent
  let hundredths = numerator / denominator;
  if ((numerator % denominator) * 2n >= denominator) hundredths += 1n;
  const frac = (hundredths % 100n).toString().padStart(2, '0');
  return `${formatViDecimal((hundredths / 100n).toString())},${frac}%`;
}
