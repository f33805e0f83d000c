import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { addDays, formatViDate, parseIsoDate, toZonedIso, zonedDate, zonedInstant } from '../common/time-zone';
import { countdown, Countdown } from '../reporting/countdown';

/**
 * Pure rendering of the outbox's emails from templates/email: a subject, an HTML body and a plain
 * text body, all from the same data. Every date is read in Asia/Ho_Chi_Minh, whatever the process
 * TZ; every result is NFC.
 */

export const EMAIL_KINDS = [
  'before_deadline',
  'overdue',
  'escalation',
  'digest',
  'consolidation',
  'returned',
  'accepted',
  'account_link',
  'chain_input',
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** A reminder to one agency (before_deadline, overdue, escalation). Instants are ISO 8601 with offset. */
export interface AgencyReminderData {
  kind?: never;
  agencyCode: string;
  agencyName: string;
  periodLabel: string;
  dueAt: string;
  consolidationDueAt: string | null;
  /** When the reminder was due (its rule's instant): the day the countdown is counted from. */
  remindedAt: string;
  rule: string;
  /** Lead tasks the agency has not reported on yet. */
  tasks: { code: string; title: string }[];
  link: string;
  headNames?: string[];
}

/** The coordinator's daily list of agencies that have not sent their report. */
export interface DigestData {
  periodLabel: string;
  dueAt: string;
  consolidationDueAt: string | null;
  /** The digest's day, as an instant (08:00 that day) or a plain YYYY-MM-DD. */
  date: string;
  expected: number;
  submitted: number;
  missing: { code: string; name: string; state: 'none' | 'draft' | 'returned' }[];
  link: string;
}

/** The coordinator's reminder of the consolidated report due to the Provincial People's Committee. */
export interface ConsolidationData {
  periodLabel: string;
  dueAt: string;
  consolidationDueAt: string;
  remindedAt: string;
  rule: string;
  expected: number;
  submitted: number;
  missing: number;
  /** The draft consolidated report built automatically at C-3, when there is one. */
  consolidationVersion?: number | null;
  link: string;
}

/** "Your report was returned / accepted". */
export interface ReviewNoticeData {
  agencyName: string;
  periodLabel: string;
  dueAt: string;
  at: string;
  reviewer: string;
  comment: string | null;
  link: string;
}

/** "Your account on the reporting system": a one-time link to choose a password (a new account, or a reset). */
export interface AccountLinkData {
  purpose: 'welcome' | 'reset';
  /** A reset its user asked for ("Quên mật khẩu?"): the current password still works until the link is used. */
  requested?: boolean;
  displayName: string;
  username: string;
  agencyName: string;
  link: string;
  /** When the link stops working (ISO 8601 instant with offset). */
  expiresAt: string;
  /** The sign-in page, for afterwards. */
  loginLink: string;
}

/** A report chain: a lower level's final consolidated report arrived as an input of the agency's report. */
export interface ChainInputData {
  agencyName: string;
  periodLabel: string;
  dueAt: string;
  fromName: string;
  fromPeriodLabel: string;
  basis: string;
  fileName: string;
  link: string;
}

export type EmailData = AgencyReminderData | DigestData | ConsolidationData | ReviewNoticeData | AccountLinkData | ChainInputData;

export interface EmailDataByKind {
  before_deadline: AgencyReminderData;
  overdue: AgencyReminderData;
  escalation: AgencyReminderData;
  digest: DigestData;
  consolidation: ConsolidationData;
  returned: ReviewNoticeData;
  accepted: ReviewNoticeData;
  account_link: AccountLinkData;
  chain_input: ChainInputData;
}

/** Who signs an email: the plan's coordinating agency, and whom it reports to (from the plan's identity). */
export interface EmailSenderView {
  name: string;
  shortName: string;
  /** Who receives the consolidated report, as a sentence names it ("UBND tỉnh"). */
  recipient: string;
  system: string;
}

/** The signature when a plan states none (the Cao Bằng deployment's defaults). */
export const EMAIL_SENDER: EmailSenderView = {
  name: 'Sở Xây dựng tỉnh Cao Bằng',
  shortName: 'Sở Xây dựng',
  recipient: 'UBND tỉnh',
  system: 'Hệ thống theo dõi báo cáo thực hiện Kế hoạch',
};

// ---------------------------------------------------------------------------------------------
// Dates and countdowns (pure; Asia/Ho_Chi_Minh)

export { daysBetween } from '../reporting/countdown';
export type DeadlineCountdown = Countdown;

/** The product's one countdown (pages say the same on the same day). */
export const deadlineCountdown = countdown;

function isMidnight(instant: Date): boolean {
  return toZonedIso(instant).slice(11, 19) === '00:00:00';
}

/** "trước ngày 20/5/2026" for a deadline at 00:00; "trước 17:00 ngày 20/5/2026" otherwise. */
export function deadlinePhrase(dueAt: Date): string {
  const day = formatViDate(zonedDate(dueAt));
  return isMidnight(dueAt) ? `trước ngày ${day}` : `trước ${toZonedIso(dueAt).slice(11, 16)} ngày ${day}`;
}

/** "hết ngày 19/5/2026" for a deadline at 20/5 00:00; null when the deadline has its own time of day. */
export function lastDayPhrase(dueAt: Date): string | null {
  return isMidnight(dueAt) ? `hết ngày ${formatViDate(addDays(zonedDate(dueAt), -1))}` : null;
}

/** "10:15 ngày 24/5/2026". */
function timeAndDay(instant: Date): string {
  return `${toZonedIso(instant).slice(11, 16)} ngày ${formatViDate(zonedDate(instant))}`;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 instant with an offset: one without would be read in the process TZ. */
function instant(value: unknown, field: string): Date {
  const parsed = typeof value === 'string' && INSTANT.test(value) ? new Date(value) : null;
  if (!parsed || Number.isNaN(parsed.getTime())) {
    throw new Error(`Email data: ${field} must be an ISO 8601 instant with an offset, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

/** The digest's day: an instant, or a plain YYYY-MM-DD taken at noon in the app zone. */
function dayInstant(value: unknown, field: string): Date {
  const day = typeof value === 'string' ? parseIsoDate(value) : null;
  return day ? zonedInstant(day, 12) : instant(value, field);
}

function str(value: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- template data are strings and numbers; anything else prints as String() prints it
  return value == null ? '' : String(value);
}

// ---------------------------------------------------------------------------------------------
// View models: what the templates see

const STATE_LABELS: Record<DigestData['missing'][number]['state'], string> = {
  none: 'chưa gửi',
  draft: 'đang soạn',
  returned: 'bị trả lại, chưa gửi lại',
};

interface DeadlineView {
  phrase: string;
  lastDay: string | null;
  countdown: DeadlineCountdown;
}

function deadlineView(dueAt: Date, at: Date): DeadlineView {
  return { phrase: deadlinePhrase(dueAt), lastDay: lastDayPhrase(dueAt), countdown: deadlineCountdown(dueAt, at) };
}

function agencyReminderView(d: AgencyReminderData) {
  const at = instant(d.remindedAt, 'remindedAt');
  const consolidationDueAt = d.consolidationDueAt == null ? null : instant(d.consolidationDueAt, 'consolidationDueAt');
  const headNames = (d.headNames ?? []).map(str).filter((n) => n.trim() !== '');
  return {
    agencyName: str(d.agencyName),
    agencyCode: str(d.agencyCode),
    periodLabel: str(d.periodLabel),
    day: formatViDate(zonedDate(at)),
    deadline: deadlineView(instant(d.dueAt, 'dueAt'), at),
    consolidationDeadline: consolidationDueAt ? deadlinePhrase(consolidationDueAt) : null,
    tasks: (d.tasks ?? []).map((t) => ({ code: str(t.code), title: str(t.title) })),
    link: str(d.link),
    headNames: headNames.join(', '),
  };
}

function digestView(d: DigestData) {
  const at = dayInstant(d.date, 'date');
  const missing = (d.missing ?? []).map((m) => ({
    code: str(m.code),
    name: str(m.name),
    state: STATE_LABELS[m.state] ?? STATE_LABELS.none,
  }));
  // As on the status page: a returned report was received (it counts as sent) and waits to be
  // sent again; only an agency that never sent is missing.
  const count = (state: string) => (d.missing ?? []).filter((m) => m.state === state).length;
  const returned = count('returned');
  const consolidationDueAt = d.consolidationDueAt == null ? null : instant(d.consolidationDueAt, 'consolidationDueAt');
  return {
    periodLabel: str(d.periodLabel),
    day: formatViDate(zonedDate(at)),
    deadline: deadlineView(instant(d.dueAt, 'dueAt'), at),
    consolidation: consolidationDueAt ? deadlineView(consolidationDueAt, at) : null,
    expected: Number(d.expected),
    submitted: Number(d.submitted),
    missingCount: missing.length - returned,
    missingBreakdown: count('draft') ? `${count('draft')} đơn vị đang soạn` : '',
    returnedCount: returned,
    missing,
    link: str(d.link),
  };
}

function consolidationView(d: ConsolidationData) {
  const at = instant(d.remindedAt, 'remindedAt');
  return {
    periodLabel: str(d.periodLabel),
    day: formatViDate(zonedDate(at)),
    deadline: deadlineView(instant(d.consolidationDueAt, 'consolidationDueAt'), at),
    agencyDeadline: deadlineView(instant(d.dueAt, 'dueAt'), at),
    expected: Number(d.expected),
    submitted: Number(d.submitted),
    missing: Number(d.missing),
    link: str(d.link),
  };
}

function reviewView(d: ReviewNoticeData) {
  const comment = str(d.comment).trim();
  return {
    agencyName: str(d.agencyName),
    periodLabel: str(d.periodLabel),
    deadline: deadlinePhrase(instant(d.dueAt, 'dueAt')),
    at: timeAndDay(instant(d.at, 'at')),
    reviewer: str(d.reviewer).trim(),
    comment: comment === '' ? null : comment,
    link: str(d.link),
  };
}

function accountLinkView(d: AccountLinkData) {
  return {
    reset: d.purpose === 'reset',
    requested: d.purpose === 'reset' && d.requested === true,
    displayName: str(d.displayName).trim(),
    username: str(d.username),
    agencyName: str(d.agencyName).trim(),
    link: str(d.link),
    expires: timeAndDay(instant(d.expiresAt, 'expiresAt')),
    loginLink: str(d.loginLink),
  };
}

function chainInputView(d: ChainInputData) {
  return {
    agencyName: str(d.agencyName),
    periodLabel: str(d.periodLabel),
    deadline: deadlinePhrase(instant(d.dueAt, 'dueAt')),
    fromName: str(d.fromName),
    fromPeriodLabel: str(d.fromPeriodLabel),
    basis: str(d.basis),
    fileName: str(d.fileName),
    link: str(d.link),
  };
}

const VIEWS: { [K in EmailKind]: (data: EmailDataByKind[K]) => object } = {
  before_deadline: agencyReminderView,
  overdue: agencyReminderView,
  escalation: agencyReminderView,
  digest: digestView,
  consolidation: consolidationView,
  returned: reviewView,
  accepted: reviewView,
  account_link: accountLinkView,
  chain_input: chainInputView,
};

// ---------------------------------------------------------------------------------------------
// Templates: one Handlebars instance per output format, each template compiled once on first use

function templatesRoot(): string {
  // Compiled code runs from dist/src/reminders, sources from src/reminders: both find <root>/templates.
  const candidates = [join(__dirname, '..', '..', 'templates'), join(__dirname, '..', '..', '..', 'templates')];
  for (const dir of candidates) {
    try {
      readdirSync(join(dir, 'email'));
      return dir;
    } catch {
      /* try the next */
    }
  }
  throw new Error(`templates/email not found near ${__dirname}`);
}

type Format = 'html' | 'text';

interface Engine {
  dir: string;
  hbs: typeof Handlebars;
  options: CompileOptions;
  layout: Handlebars.TemplateDelegate;
  templates: Map<string, Handlebars.TemplateDelegate>;
}

const engines = new Map<Format, Engine>();

function createEngine(format: Format): Engine {
  const dir = join(templatesRoot(), 'email');
  const hbs = Handlebars.create();
  // HTML escapes every {{value}}; text is not HTML and must show data as it is.
  const options: CompileOptions = format === 'html' ? { noEscape: false } : { noEscape: true };
  hbs.registerHelper('inc', (n: number) => Number(n) + 1);
  // Partials: name.hbs serves both formats, name.html.hbs / name.text.hbs one of them.
  const partialsDir = join(dir, 'partials');
  for (const file of readdirSync(partialsDir).sort()) {
    const m = /^([a-z0-9_-]+)(?:\.(html|text))?\.hbs$/.exec(file);
    if (!m || (m[2] && m[2] !== format)) continue;
    hbs.registerPartial(m[1], hbs.compile(readFileSync(join(partialsDir, file), 'utf8'), options));
  }
  const layout = hbs.compile(readFileSync(join(dir, `layout.${format}.hbs`), 'utf8'), options);
  return { dir, hbs, options, layout, templates: new Map() };
}

function engine(format: Format): Engine {
  let e = engines.get(format);
  if (!e) {
    e = createEngine(format);
    engines.set(format, e);
  }
  return e;
}

/** `<kind>.<part>.hbs`, compiled on first use; subjects are plain text. */
function template(kind: EmailKind, part: 'subject' | 'html' | 'text'): Handlebars.TemplateDelegate {
  const e = engine(part === 'html' ? 'html' : 'text');
  const name = `${kind}.${part}`;
  let t = e.templates.get(name);
  if (!t) {
    t = e.hbs.compile(readFileSync(join(e.dir, `${name}.hbs`), 'utf8'), e.options);
    e.templates.set(name, t);
  }
  return t;
}

function tidyText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .concat('\n');
}

/**
 * Renders one email of `kind`, signed by `sender` (the plan's coordinating agency; what it does
 * not say, EMAIL_SENDER's); throws when the data lacks a date it needs.
 */
export function renderEmail<K extends EmailKind>(kind: K, data: EmailDataByKind[K], sender?: Partial<EmailSenderView>): RenderedEmail {
  const build = VIEWS[kind] as ((data: EmailDataByKind[K]) => object) | undefined;
  if (!EMAIL_KINDS.includes(kind) || !build) throw new Error(`Unknown email kind ${JSON.stringify(kind)}`);
  const view = { ...build(data), sender: { ...EMAIL_SENDER, ...sender } };
  const subject = template(kind, 'subject')(view).replace(/\s+/g, ' ').trim().normalize('NFC');
  const context = { ...view, subject };
  const html = engine('html').layout({ ...context, body: new Handlebars.SafeString(template(kind, 'html')(context)) });
  const text = engine('text').layout({ ...context, body: template(kind, 'text')(context) });
  return { subject, html: html.normalize('NFC'), text: tidyText(text).normalize('NFC') };
}
