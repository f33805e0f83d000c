import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { startTestApp, TestApp } from '../helpers/app';
import { SESSION_COOKIE } from '../../src/web/page-session';
import { DB_PLAN, dienBienWorkbook } from '../fixtures/dien-bien-workbook';

/**
 * The access matrix (issue 4 §5 and §8, issue 9 §3): every HTTP route the app documents, called as
 * every role, as the owning agency's reporter and head, and as another agency's reporter, with the
 * answer each must get according to CONTRACT.md and issue 4:
 *
 * - anonymous gets 401 everywhere but /health and the login;
 * - a role the route is not for gets 403 (the role check comes before any lookup, so a 403 never
 *   tells whether an id exists);
 * - another agency's report, revision or attachment is answered 404, as if it did not exist;
 * - an allowed role gets 2xx, or a documented 4xx (409, 422) that can only come after the role
 *   check passed: such cells say why.
 *
 * Roles are those of the contract's "who" column: reports are read by "coordinator, leader, its
 * agency"; the period status by "coordinator, leader"; the ad hoc inbox and the reminder log by
 * "coordinator"; plan, agency, regime, holiday and timer administration by the administrator;
 * reference data (plans, tasks, indicators, periods, agencies, holidays) by anyone signed in.
 *
 * Access is scoped to plans (issue 15): a second plan (Điện Biên, imported from its workbook, with
 * its own coordinating agency DB-SXD and recipient DB-UBND) has its coordinator, its leader and an
 * agency of its own (the commune DB-X01). On every route that names a Cao Bằng resource they get
 * 403 (PLAN_FORBIDDEN when their role is allowed), except another agency's report, still 404; their
 * lists hold no Cao Bằng plan, period or email.
 *
 * The list of routes comes from the OpenAPI document, so a route added without a row here fails
 * the first test. Rows run in order on one app: reads first, then the report workflow (draft,
 * attachments, submission, review), then administration, then sign-out.
 */

type Who =
  | 'anonymous'
  | 'administrator'
  | 'coordinator'
  | 'leader'
  | 'ownerReporter'
  | 'ownerHead'
  | 'otherReporter'
  | 'otherCoordinator'
  | 'otherLeader'
  | 'otherPlanAgency';
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Expected = Record<Who, number>;

const EVERYONE: Who[] = [
  'anonymous',
  'administrator',
  'coordinator',
  'leader',
  'ownerReporter',
  'ownerHead',
  'otherReporter',
  'otherCoordinator',
  'otherLeader',
  'otherPlanAgency',
];
/**
 * The owning agency is Sở Tài chính (STC); the other agency is the commune 01290. The other plan's
 * users are created by the administrator in the setup: its coordinator (Sở Xây dựng tỉnh Điện
 * Biên), its leader (UBND tỉnh Điện Biên) and a reporter of the commune Mường Phăng.
 */
const USERS: Record<Exclude<Who, 'anonymous'>, string> = {
  administrator: 'admin',
  coordinator: 'coordinator',
  leader: 'leader',
  ownerReporter: 'stc',
  ownerHead: 'stc-ld',
  otherReporter: '01290',
  otherCoordinator: 'db-coordinator',
  otherLeader: 'db-leader',
  otherPlanAgency: 'db-x01',
};
const AGENCY_USERS: Who[] = ['ownerReporter', 'ownerHead', 'otherReporter'];
/** The Cao Bằng user of the same role as each of the other plan's users. */
const COUNTERPARTS: Partial<Record<Who, Who>> = {
  otherCoordinator: 'coordinator',
  otherLeader: 'leader',
  otherPlanAgency: 'ownerReporter',
};
/** The other plan's users: refused (403) wherever a route names a Cao Bằng resource. */
const OTHER_PLAN: Who[] = ['otherCoordinator', 'otherLeader', 'otherPlanAgency'];
const OTHER_PLAN_USERS = [
  { username: 'db-coordinator', displayName: 'Cán bộ tổng hợp Sở Xây dựng Điện Biên', role: 'coordinator', agencyCode: 'DB-SXD' },
  { username: 'db-leader', displayName: 'Lãnh đạo UBND tỉnh Điện Biên', role: 'leader', agencyCode: 'DB-UBND' },
  { username: 'db-x01', displayName: 'Cán bộ xã Mường Phăng', role: 'reporter', agencyCode: 'DB-X01' },
];

const PLAN = 'CB-2026-2030';
const TASK = 'II.2.(1).a';
const INDICATOR = 'NOXH';
const KIND = 'semiannual';
const SECTION = 'PL01';
/** A seeded public holiday (Quốc khánh), put back unchanged by the administrator. */
const HOLIDAY = '2026-09-02';
/** A day the setup adds to the holiday table, for the administrator to delete. */
const SPARE_HOLIDAY = '2030-06-03';
const PDF = Buffer.from('%PDF-1.4\n% ma tran quyen\n1 0 obj << >> endobj\ntrailer\n%%EOF\n');
const PASSWORD = 'Demo@2026';
/** A password the policy accepts (12 characters or more, not common): what the routes that set one are given. */
const NEW_PASSWORD = 'Ma trận quyền năm 2026';

/** Puts a user's password back to the demo one (copied from `01273`, in no column of the matrix), after a route changed it. */
async function demoPasswordAgain(t: TestApp, usernames: string[]): Promise<void> {
  await t.db.query(
    `UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username = '01273') WHERE username = ANY($1::text[])`,
    [usernames],
  );
}

/** Everyone gets `status`, anonymous included. */
const anyone = (status: number): Expected => Object.fromEntries(EVERYONE.map((w) => [w, status])) as Expected;
/** Every signed-in user gets `status`; anonymous 401. */
const signedIn = (status: number): Expected => ({ ...anyone(status), anonymous: 401 });
/** A route naming a Cao Bằng resource: the other plan's users get 403 whatever the others get. */
const inCaoBang = (expected: Expected): Expected => ({ ...expected, ...Object.fromEntries(OTHER_PLAN.map((w) => [w, 403])) });
/** The roles listed get `status`; other signed-in users 403 (the other plan's users too); anonymous 401. */
const only = (allowed: Who[], status: number, overrides: Partial<Expected> = {}): Expected => ({
  ...anyone(403),
  anonymous: 401,
  ...Object.fromEntries(allowed.map((w) => [w, status])),
  ...overrides,
});

interface Fixtures {
  periodId: string;
  ownerReportId: string;
  otherReportId: string;
  attachmentId: string;
  consolidationId: string;
  planTitle: string;
  sectionTitle: string;
  taskTitle: string;
  taskLead: string[];
  taskCooperating: string[];
  indicatorUnit: string;
  indicatorTargets: { year: number; comparator: string; value: string; note: string | null }[];
  regimeName: string;
  kindName: string;
  agencyShortName: string;
  holidayName: string;
  spareUserName: string;
}

interface Ctx {
  t: TestApp;
  f: Fixtures;
  who: Who;
  auth: Record<string, string>;
}

interface Row {
  method: Method;
  /** As in the OpenAPI document: `{name}` for each parameter. */
  path: string;
  params?: (f: Fixtures) => Record<string, string>;
  query?: string;
  body?: (ctx: Ctx) => unknown;
  /** Sends PDF as the multipart field `file`. */
  upload?: boolean;
  /** Signs in anew for the call (the route ends the session). */
  freshSession?: boolean;
  expect: Expected;
  /** Runs once before the row's calls. */
  before?: (ctx: Omit<Ctx, 'who'>) => Promise<void>;
  /** Further checks on an answer that was as expected. */
  check?: (res: Response, ctx: Ctx & { token?: string }) => Promise<void> | void;
}

/** A task code in a path: every character but letters and digits escaped, parentheses included. */
const encodeSegment = (value: string) =>
  encodeURIComponent(value).replace(/[().!'*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

// Another agency's report is answered 404 as if it did not exist, the other plan's agency's too (that
// comes first); the other plan's coordinator and leader are refused the Cao Bằng report (403).
const reportRead = (status: number) =>
  only(['coordinator', 'leader', 'ownerReporter', 'ownerHead'], status, { otherReporter: 404, otherPlanAgency: 404 });

const ROWS: Row[] = [
  // --- service and session -------------------------------------------------------------------
  { method: 'get', path: '/health', expect: anyone(200) },
  {
    method: 'post',
    path: '/api/auth/login',
    body: ({ who }) => ({ username: who === 'anonymous' ? 'stc' : USERS[who], password: PASSWORD }),
    expect: anyone(200),
    check: (res) => expect(res.body.accessToken).toEqual(expect.any(String)),
  },
  {
    method: 'get',
    path: '/api/auth/me',
    expect: signedIn(200),
    check: (res, { who }) => expect(res.body).toMatchObject({ username: USERS[who as Exclude<Who, 'anonymous'>] }),
  },

  // --- reference data: anyone signed in -------------------------------------------------------
  { method: 'get', path: '/api/agencies', expect: signedIn(200) },
  { method: 'get', path: '/api/agencies/{code}', params: () => ({ code: 'STC' }), expect: signedIn(200) },
  {
    // Everyone lists the plans they see: the administrator both, Cao Bằng's users Cao Bằng, the other plan's users theirs.
    method: 'get',
    path: '/api/plans',
    expect: signedIn(200),
    check: (res, { who }) => {
      const codes = (res.body as { code: string }[]).map((p) => p.code);
      if (who === 'administrator') expect(codes).toEqual(expect.arrayContaining([PLAN, DB_PLAN]));
      else if (OTHER_PLAN.includes(who)) expect(codes).toEqual([DB_PLAN]);
      else expect(codes).toEqual([PLAN]);
    },
  },
  { method: 'get', path: '/api/plans/{code}', params: () => ({ code: PLAN }), expect: inCaoBang(signedIn(200)) },
  { method: 'get', path: '/api/plans/{code}/sections', params: () => ({ code: PLAN }), expect: inCaoBang(signedIn(200)) },
  { method: 'get', path: '/api/plans/{code}/tasks', params: () => ({ code: PLAN }), expect: inCaoBang(signedIn(200)) },
  {
    method: 'get',
    path: '/api/plans/{code}/tasks/{taskCode}',
    params: () => ({ code: PLAN, taskCode: TASK }),
    expect: inCaoBang(signedIn(200)),
  },
  { method: 'get', path: '/api/plans/{code}/indicators', params: () => ({ code: PLAN }), expect: inCaoBang(signedIn(200)) },
  { method: 'get', path: '/api/plans/{code}/periods', params: () => ({ code: PLAN }), expect: inCaoBang(signedIn(200)) },
  { method: 'get', path: '/api/plans/{code}/regime', params: () => ({ code: PLAN }), expect: inCaoBang(signedIn(200)) },
  { method: 'get', path: '/api/periods/{id}', params: (f) => ({ id: f.periodId }), expect: inCaoBang(signedIn(200)) },
  { method: 'get', path: '/api/holidays', query: 'year=2026', expect: signedIn(200) },

  // --- the agency's own report: agency users only, each on its own agency's report ------------
  {
    method: 'get',
    path: '/api/periods/{id}/my-report',
    params: (f) => ({ id: f.periodId }),
    expect: only(AGENCY_USERS, 200),
    check: (res, { who, f }) => {
      // Each agency user gets its own agency's report, never another's.
      if (who === 'otherReporter') expect(res.body).toMatchObject({ id: f.otherReportId, agencyCode: '01290' });
      else expect(res.body).toMatchObject({ id: f.ownerReportId, agencyCode: 'STC' });
    },
  },
  {
    method: 'put',
    path: '/api/periods/{id}/my-report',
    params: (f) => ({ id: f.periodId }),
    body: async ({ t, f, who, auth }) => {
      if (!AGENCY_USERS.includes(who)) return { version: 1 };
      const current = await t.http().get(`/api/periods/${f.periodId}/my-report`).set('Authorization', auth[who]);
      return { version: current.body.version as number };
    },
    expect: only(AGENCY_USERS, 200),
  },
  {
    method: 'post',
    path: '/api/periods/{id}/my-report/attachments',
    params: (f) => ({ id: f.periodId }),
    upload: true,
    expect: only(AGENCY_USERS, 201),
  },
  {
    method: 'get',
    path: '/api/reports/{id}/attachments/{attachmentId}',
    params: (f) => ({ id: f.ownerReportId, attachmentId: f.attachmentId }),
    expect: reportRead(200),
    check: (res) => expect(res.headers['content-disposition']).toMatch(/^attachment;/),
  },
  {
    method: 'get',
    path: '/api/reports/{id}',
    params: (f) => ({ id: f.ownerReportId }),
    expect: reportRead(200),
    check: (res, { f }) => expect(res.body.id).toBe(f.ownerReportId),
  },

  // --- ad hoc reports: sent by agency users, read by the coordinator ---------------------------
  {
    method: 'post',
    path: '/api/plans/{code}/adhoc-reports',
    params: () => ({ code: PLAN }),
    body: () => ({
      subject: 'Vướng mắc thử (ma trận quyền)',
      body: 'Nội dung kiểm thử phân quyền.',
      difficultyKind: 'other',
      resolvingLevel: 'province',
    }),
    expect: only(AGENCY_USERS, 201),
  },
  { method: 'get', path: '/api/plans/{code}/adhoc-reports', params: () => ({ code: PLAN }), expect: only(['coordinator'], 200) },

  // --- oversight of the period -----------------------------------------------------------------
  { method: 'get', path: '/api/periods/{id}/status', params: (f) => ({ id: f.periodId }), expect: only(['coordinator', 'leader'], 200) },
  { method: 'get', path: '/api/periods/{id}/reminders', params: (f) => ({ id: f.periodId }), expect: only(['coordinator'], 200) },
  {
    method: 'post',
    path: '/api/periods/{id}/reminders',
    params: (f) => ({ id: f.periodId }),
    body: () => ({ agencyCodes: ['01290'] }),
    expect: only(['coordinator'], 200),
    check: (res) => expect(res.body.rule).toMatch(/^manual-\d{4}-\d{2}-\d{2}$/),
  },
  {
    // The other plan's coordinator reads the outbox too, but none of Cao Bằng's emails; Cao Bằng's none of theirs.
    method: 'get',
    path: '/api/outbox',
    expect: only(['coordinator', 'administrator', 'otherCoordinator'], 200),
    check: (res, { who }) => {
      const codes = (res.body as { agencyCode: string | null }[]).map((e) => e.agencyCode ?? '');
      if (who === 'otherCoordinator') expect(codes.filter((c) => !c.startsWith('DB-'))).toEqual([]);
      if (who === 'coordinator') expect(codes.filter((c) => c.startsWith('DB-'))).toEqual([]);
    },
  },
  // No email has failed: the allowed roles are told so (404) only after the role check.
  {
    method: 'post',
    path: '/api/outbox/{id}/retry',
    params: () => ({ id: randomUUID() }),
    expect: only(['coordinator', 'administrator', 'otherCoordinator'], 404),
  },

  // --- sending: STC's report is complete (setup), the commune's is not -------------------------
  {
    method: 'post',
    path: '/api/periods/{id}/my-report/submit',
    params: (f) => ({ id: f.periodId }),
    // ownerReporter sends it (200); then the head finds it sent (409 ALREADY_SUBMITTED) and the
    // commune's empty draft is refused as incomplete (422 REPORT_INCOMPLETE): both only after the role check.
    expect: only(AGENCY_USERS, 200, { ownerHead: 409, otherReporter: 422 }),
    check: (res, { who }) => {
      if (who === 'ownerHead') expect(res.body.code).toBe('ALREADY_SUBMITTED');
      if (who === 'otherReporter') expect(res.body.code).toBe('REPORT_INCOMPLETE');
    },
  },
  {
    method: 'get',
    path: '/api/reports/{id}/revisions/{number}',
    params: (f) => ({ id: f.ownerReportId, number: '1' }),
    expect: reportRead(200),
  },
  {
    method: 'get',
    path: '/api/reports/{id}/revisions/{number}/changes',
    params: (f) => ({ id: f.ownerReportId, number: '1' }),
    expect: reportRead(200),
  },
  {
    // Issue #16: the PDF copy of a report as sent, for its receipt.
    method: 'get',
    path: '/api/reports/{id}/report.pdf',
    params: (f) => ({ id: f.ownerReportId }),
    expect: reportRead(200),
    check: (res) => expect(res.headers['content-type']).toBe('application/pdf'),
  },

  {
    // Not in the contract's table; issue 9: "the coordinator can read the log of a report".
    method: 'get',
    path: '/api/reports/{id}/audit',
    params: (f) => ({ id: f.ownerReportId }),
    expect: only(['coordinator'], 200),
  },

  // --- review: the coordinator only --------------------------------------------------------------
  {
    method: 'post',
    path: '/api/reports/{id}/return',
    params: (f) => ({ id: f.ownerReportId }),
    body: () => ({ comment: 'Đề nghị bổ sung số liệu (kiểm thử phân quyền).' }),
    expect: only(['coordinator'], 200),
    check: (res, { who }) => {
      if (who === 'coordinator') expect(res.body.state).toBe('returned');
    },
  },
  {
    method: 'post',
    path: '/api/reports/{id}/accept',
    params: (f) => ({ id: f.ownerReportId }),
    // STC sends the returned report again, so the coordinator has something to accept.
    before: async ({ t, f, auth }) => {
      const report = await t.http().get(`/api/periods/${f.periodId}/my-report`).set('Authorization', auth.ownerReporter);
      if (report.body.state === 'returned') {
        await t.http().post(`/api/periods/${f.periodId}/my-report/submit`).set('Authorization', auth.ownerReporter).expect(200);
      }
    },
    expect: only(['coordinator'], 200),
    check: (res, { who }) => {
      if (who === 'coordinator') expect(res.body.state).toBe('accepted');
    },
  },

  {
    // After acceptance the coordinator may hand the report back to its agency, with a reason.
    method: 'post',
    path: '/api/reports/{id}/reopen',
    params: (f) => ({ id: f.ownerReportId }),
    body: () => ({ reason: 'Mở lại để đơn vị điều chỉnh số liệu (kiểm thử phân quyền).' }),
    expect: only(['coordinator'], 200),
    check: (res, { who }) => {
      if (who === 'coordinator') expect(res.body.state).toBe('returned');
    },
  },

  // --- the consolidated report: built and edited by the coordinator, read by the leader too ------
  { method: 'post', path: '/api/periods/{id}/consolidations', params: (f) => ({ id: f.periodId }), expect: only(['coordinator'], 201) },
  {
    method: 'get',
    path: '/api/periods/{id}/consolidations',
    params: (f) => ({ id: f.periodId }),
    expect: only(['coordinator', 'leader'], 200),
  },
  {
    method: 'get',
    path: '/api/consolidations/{id}',
    params: (f) => ({ id: f.consolidationId }),
    expect: only(['coordinator', 'leader'], 200),
  },
  // --- plan workbook: template and import for the administrator, export for the coordinator too ---
  { method: 'get', path: '/api/plans/import/template.xlsx', expect: only(['administrator'], 200) },
  // A PDF is no workbook: the administrator gets 415 (judged by content), nothing is stored.
  { method: 'post', path: '/api/plans/import', query: 'dryRun=true', upload: true, expect: only(['administrator'], 415) },
  {
    method: 'get',
    path: '/api/plans/{code}/export.xlsx',
    params: () => ({ code: 'CB-2026-2030' }),
    expect: only(['administrator', 'coordinator'], 200),
  },
  {
    method: 'get',
    path: '/api/consolidations/{id}/report.docx',
    params: (f) => ({ id: f.consolidationId }),
    expect: only(['coordinator', 'leader'], 200),
  },
  {
    method: 'get',
    path: '/api/consolidations/{id}/report.xlsx',
    params: (f) => ({ id: f.consolidationId }),
    expect: only(['coordinator', 'leader'], 200),
  },
  {
    // Issue #16: the PDF preview of the consolidated report, read as the DOCX is.
    method: 'get',
    path: '/api/consolidations/{id}/preview.pdf',
    params: (f) => ({ id: f.consolidationId }),
    expect: only(['coordinator', 'leader'], 200),
    check: (res) => expect(res.headers['content-type']).toBe('application/pdf'),
  },
  {
    method: 'patch',
    path: '/api/consolidations/{id}',
    params: (f) => ({ id: f.consolidationId }),
    body: () => ({ narrative: { keyTasks: 'Nhiệm vụ trọng tâm (kiểm thử phân quyền).' } }),
    expect: only(['coordinator'], 200),
  },
  {
    // Version 1 is no longer the latest (the coordinator built version 2 above): refused after the role check.
    method: 'post',
    path: '/api/consolidations/{id}/finalize',
    params: (f) => ({ id: f.consolidationId }),
    body: () => ({ documentNumber: '01/BC-SXD', sentDate: '2026-05-10' }),
    expect: only(['coordinator'], 409),
  },

  // --- administration: the administrator only; each write leaves the data as it was or adds
  //     something nothing else here reads --------------------------------------------------------
  {
    method: 'post',
    path: '/api/agencies',
    body: () => ({ code: 'MATRAN-01', kind: 'department', name: 'Cơ quan thử (ma trận quyền)', shortName: 'Cơ quan thử' }),
    expect: only(['administrator'], 201),
  },
  {
    method: 'patch',
    path: '/api/agencies/{code}',
    params: () => ({ code: 'STC' }),
    body: ({ f }) => ({ shortName: f.agencyShortName }),
    expect: only(['administrator'], 200),
  },
  {
    method: 'post',
    path: '/api/plans',
    body: () => ({
      code: 'MATRAN-2026',
      title: 'Kế hoạch thử (ma trận quyền)',
      issuingBody: 'UBND tỉnh',
      startYear: 2026,
      endYear: 2030,
      coordinatingAgencyCode: 'SXD',
    }),
    expect: only(['administrator'], 201),
  },
  {
    method: 'patch',
    path: '/api/plans/{code}',
    params: () => ({ code: PLAN }),
    body: ({ f }) => ({ title: f.planTitle }),
    expect: only(['administrator'], 200),
  },
  // Naming `sxd` (a reporter, in no column here: membership changes nothing for it) and removing it again.
  { method: 'get', path: '/api/plans/{code}/members', params: () => ({ code: PLAN }), expect: only(['administrator'], 200) },
  {
    method: 'put',
    path: '/api/plans/{code}/members/{username}',
    params: () => ({ code: PLAN, username: 'sxd' }),
    expect: only(['administrator'], 204),
  },
  {
    method: 'delete',
    path: '/api/plans/{code}/members/{username}',
    params: () => ({ code: PLAN, username: 'sxd' }),
    expect: only(['administrator'], 204),
    check: async (_res, { t, auth }) => {
      const members = await t.http().get(`/api/plans/${PLAN}/members`).set('Authorization', auth.administrator).expect(200);
      expect(members.body).toEqual([]);
    },
  },
  {
    method: 'post',
    path: '/api/plans/{code}/sections',
    params: () => ({ code: PLAN }),
    body: () => ({
      code: 'PL99',
      title: 'Phụ lục thử (ma trận quyền)',
      capitalTotal: '0',
      capitalStateBudget: '0',
      capitalNonStateBudget: '0',
    }),
    expect: only(['administrator'], 201),
  },
  {
    method: 'patch',
    path: '/api/plans/{code}/sections/{sectionCode}',
    params: () => ({ code: PLAN, sectionCode: SECTION }),
    body: ({ f }) => ({ title: f.sectionTitle }),
    expect: only(['administrator'], 200),
  },
  {
    method: 'post',
    path: '/api/plans/{code}/tasks',
    params: () => ({ code: PLAN }),
    // Led by Sở Xây dựng, whose report no row here reads: no report here gains an entry.
    body: () => ({ code: 'MATRAN.1', title: 'Nhiệm vụ thử (ma trận quyền)', kind: 'task', sectionCode: SECTION, leadAgencyCodes: ['SXD'] }),
    expect: only(['administrator'], 201),
  },
  {
    method: 'patch',
    path: '/api/plans/{code}/tasks/{taskCode}',
    params: () => ({ code: PLAN, taskCode: TASK }),
    body: ({ f }) => ({ title: f.taskTitle }),
    expect: only(['administrator'], 200),
  },
  {
    method: 'put',
    path: '/api/plans/{code}/tasks/{taskCode}/assignments',
    params: () => ({ code: PLAN, taskCode: TASK }),
    body: ({ f }) => ({ lead: f.taskLead, cooperating: f.taskCooperating }),
    expect: only(['administrator'], 200),
  },
  {
    method: 'post',
    path: '/api/plans/{code}/indicators',
    params: () => ({ code: PLAN }),
    body: () => ({ code: 'MATRAN', name: 'Chỉ tiêu thử (ma trận quyền)', unit: 'km', aggregation: 'sum', ownerAgencyCodes: ['SXD'] }),
    expect: only(['administrator'], 201),
  },
  {
    method: 'patch',
    path: '/api/plans/{code}/indicators/{indicatorCode}',
    params: () => ({ code: PLAN, indicatorCode: INDICATOR }),
    body: ({ f }) => ({ unit: f.indicatorUnit }),
    expect: only(['administrator'], 200),
  },
  {
    method: 'put',
    path: '/api/plans/{code}/indicators/{indicatorCode}/targets',
    params: () => ({ code: PLAN, indicatorCode: INDICATOR }),
    body: ({ f }) => ({ targets: f.indicatorTargets }),
    expect: only(['administrator'], 200),
  },
  {
    method: 'patch',
    path: '/api/plans/{code}/regime',
    params: () => ({ code: PLAN }),
    body: ({ f }) => ({ name: f.regimeName }),
    expect: only(['administrator'], 200),
  },
  {
    method: 'post',
    path: '/api/plans/{code}/report-kinds',
    params: () => ({ code: PLAN }),
    body: () => ({
      code: 'matran',
      name: 'Báo cáo thử (ma trận quyền)',
      frequency: 'quarterly',
      slots: [4],
      periodLabel: 'Báo cáo thử quý {slot} năm {year}',
      dueRule: { monthOffset: 2, day: 20 },
      consolidationDueRule: { monthOffset: 2, day: 25 },
      agencyCodes: ['SXD'],
    }),
    expect: only(['administrator'], 201),
  },
  {
    method: 'patch',
    path: '/api/plans/{code}/report-kinds/{kindCode}',
    params: () => ({ code: PLAN, kindCode: KIND }),
    body: ({ f }) => ({ name: f.kindName }),
    expect: only(['administrator'], 200),
  },
  {
    method: 'put',
    path: '/api/holidays/{date}',
    params: () => ({ date: HOLIDAY }),
    body: ({ f }) => ({ name: f.holidayName, dayOff: true }),
    expect: only(['administrator'], 200),
  },
  { method: 'delete', path: '/api/holidays/{date}', params: () => ({ date: SPARE_HOLIDAY }), expect: only(['administrator'], 204) },
  { method: 'get', path: '/api/users', expect: only(['administrator'], 200) },
  {
    method: 'post',
    path: '/api/users',
    body: () => ({
      username: 'matran-test',
      displayName: 'Người dùng thử (ma trận quyền)',
      role: 'reporter',
      agencyCode: 'SXD',
      password: NEW_PASSWORD,
    }),
    expect: only(['administrator'], 201),
  },
  {
    // `sxd` is in no column of this matrix: changing it (to the same name) disturbs nothing.
    method: 'patch',
    path: '/api/users/{username}',
    params: () => ({ username: 'sxd' }),
    body: ({ f }) => ({ displayName: f.spareUserName }),
    expect: only(['administrator'], 200),
  },
  {
    method: 'post',
    path: '/api/users/{username}/reset-password',
    params: () => ({ username: 'sxd' }),
    body: () => ({ newPassword: NEW_PASSWORD }),
    expect: only(['administrator'], 200),
    check: (_res, { t }) => demoPasswordAgain(t, ['sxd']),
  },
  { method: 'get', path: '/api/admin/timers', expect: only(['administrator'], 200) },
  { method: 'post', path: '/api/admin/timers/reconcile', expect: only(['administrator'], 200) },

  // --- last: signing out ends the session it is called with --------------------------------------
  {
    method: 'post',
    path: '/api/auth/logout',
    freshSession: true,
    expect: signedIn(200),
    check: async (res, { t, token }) => {
      await t.http().get('/api/auth/me').set('Authorization', token!).expect(401);
    },
  },
  {
    // In a session of its own: it ends the user's other sessions, so the checks after the matrix
    // sign everyone in again (with the demo password, put back: the policy refuses it as new).
    method: 'post',
    path: '/api/auth/password',
    freshSession: true,
    body: () => ({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }),
    expect: signedIn(200),
    check: (_res, { t, who }) => demoPasswordAgain(t, [who === 'anonymous' ? '' : USERS[who]]),
  },
];

/** Every refusal has the contract's error shape, and nothing answers 500. */
function expectAnswer(res: Response, status: number): void {
  const seen = { status: res.status, code: res.body?.code, message: res.body?.message };
  expect(seen).toMatchObject({ status });
  if (res.status >= 400) {
    expect(res.body).toEqual(
      expect.objectContaining({ statusCode: res.status, code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) }),
    );
    expect(String(res.body.message).length).toBeGreaterThan(0);
  }
}

describe('access matrix: every route as every role, the owning agency, another agency and another plan', () => {
  let t: TestApp;
  const auth: Record<string, string> = {};
  const f = {} as Fixtures;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-10T09:00:00+07:00' }); // the 2026-H1 period is open
    // The other plan, with its own agencies, and its users.
    const admin = await t.bearer('admin');
    await t
      .http()
      .post('/api/plans/import?dryRun=false')
      .set('Authorization', admin)
      .attach('file', await dienBienWorkbook(), { filename: 'dien-bien.xlsx', contentType: 'application/octet-stream' })
      .expect(200);
    for (const u of OTHER_PLAN_USERS) {
      await t
        .http()
        .post('/api/users')
        .set('Authorization', admin)
        .send({ ...u, password: NEW_PASSWORD })
        .expect(201);
    }
    // They sign in as every demo account does.
    await demoPasswordAgain(
      t,
      OTHER_PLAN_USERS.map((u) => u.username),
    );
    for (const [who, username] of Object.entries(USERS)) auth[who] = await t.bearer(username);
    const get = async (url: string, as = 'administrator') => (await t.http().get(url).set('Authorization', auth[as]).expect(200)).body;

    const periods = (await get(`/api/plans/${PLAN}/periods`)) as { id: string; kind: string; year: number }[];
    f.periodId = periods.find((p) => p.kind === KIND && p.year === 2026)!.id;

    // STC's report, filled so that it can be sent, with one attachment; the commune's empty draft.
    const draft = await get(`/api/periods/${f.periodId}/my-report`, 'ownerReporter');
    f.ownerReportId = draft.id;
    await t
      .http()
      .put(`/api/periods/${f.periodId}/my-report`)
      .set('Authorization', auth.ownerReporter)
      .send({
        version: draft.version,
        tasks: (draft.tasks as { taskCode: string; role: string }[])
          .filter((x) => x.role === 'lead')
          .map((x) => ({
            taskCode: x.taskCode,
            status: 'on_track',
            percentComplete: 40,
            workDone: 'Đã hoàn thành thủ tục chuẩn bị đầu tư.',
          })),
        summary: { assessment: 'Cơ bản đạt tiến độ đề ra.' },
      })
      .expect(200);
    const attached = await t
      .http()
      .post(`/api/periods/${f.periodId}/my-report/attachments`)
      .set('Authorization', auth.ownerReporter)
      .attach('file', PDF, { filename: 'bao-cao.pdf', contentType: 'application/pdf' })
      .expect(201);
    f.attachmentId = attached.body.id;
    f.otherReportId = (await get(`/api/periods/${f.periodId}/my-report`, 'otherReporter')).id;
    f.consolidationId = (
      await t.http().post(`/api/periods/${f.periodId}/consolidations`).set('Authorization', auth.coordinator).expect(201)
    ).body.id;
    expect(f.otherReportId).not.toBe(f.ownerReportId);

    // What the administrator's harmless writes send back unchanged.
    const plan = await get(`/api/plans/${PLAN}`);
    f.planTitle = plan.title;
    f.sectionTitle = (plan.sections as { code: string; title: string }[]).find((s) => s.code === SECTION)!.title;
    const task = await get(`/api/plans/${PLAN}/tasks/${encodeSegment(TASK)}`);
    f.taskTitle = task.title;
    f.taskLead = (task.lead as { code: string }[]).map((a) => a.code);
    f.taskCooperating = (task.cooperating as { code: string }[]).map((a) => a.code);
    const indicator = (
      (await get(`/api/plans/${PLAN}/indicators`)) as { code: string; unit: string; targets: Fixtures['indicatorTargets'] }[]
    ).find((i) => i.code === INDICATOR)!;
    f.indicatorUnit = indicator.unit;
    f.indicatorTargets = indicator.targets.map(({ year, comparator, value, note }) => ({ year, comparator, value, note }));
    const regimes = (await get(`/api/plans/${PLAN}/regime`)) as { name: string; kinds: { code: string; name: string }[] }[];
    f.regimeName = regimes[0].name;
    f.kindName = regimes.flatMap((r) => r.kinds).find((k) => k.code === KIND)!.name;
    f.agencyShortName = (await get('/api/agencies/STC')).shortName;
    f.spareUserName = ((await get('/api/users')) as { username: string; displayName: string }[]).find(
      (u) => u.username === 'sxd',
    )!.displayName;
    f.holidayName = ((await get('/api/holidays?year=2026')) as { date: string; name: string }[]).find((h) => h.date === HOLIDAY)!.name;
    await t
      .http()
      .put(`/api/holidays/${SPARE_HOLIDAY}`)
      .set('Authorization', auth.administrator)
      .send({ name: 'Ngày nghỉ thử (ma trận quyền)', dayOff: true })
      .expect(200);
  });
  afterAll(() => t?.close());

  it('has a row for every route in the OpenAPI document, and no row for a route it lacks', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const covered = ROWS.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
    expect(new Set(covered).size).toBe(covered.length);
    expect(covered).toEqual(documented);
  });

  describe.each(ROWS.map((row) => [`${row.method.toUpperCase()} ${row.path}`, row] as const))('%s', (_name, row) => {
    if (row.before) beforeAll(() => row.before!({ t, f, auth }));

    it.each(EVERYONE.map((who) => [who, row.expect[who]] as const))('as %s → %i', async (who, status) => {
      let url = row.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
        const value = row.params?.(f)[name];
        if (value === undefined) throw new Error(`no value for {${name}} in ${row.path}`);
        return encodeSegment(value);
      });
      if (row.query) url += `?${row.query}`;
      let token = who === 'anonymous' ? undefined : auth[who];
      if (row.freshSession && who !== 'anonymous') token = await t.bearer(USERS[who]);
      let req = t.http()[row.method](url);
      if (token) req = req.set('Authorization', token);
      if (row.upload) req = req.attach('file', PDF, { filename: 'bao-cao.pdf', contentType: 'application/pdf' });
      else if (row.body) req = req.send((await row.body({ t, f, who, auth })) as object);
      const res = await req;
      expectAnswer(res, status);
      // Where the role may use the route, the other plan's user is refused for the plan, in so many words.
      const counterpart = COUNTERPARTS[who];
      if (status === 403 && counterpart && ![401, 403].includes(row.expect[counterpart])) {
        expect(res.body).toMatchObject({ code: 'PLAN_FORBIDDEN', message: 'Bạn không có quyền với kế hoạch này.' });
      }
      if (row.check && res.status === status && status < 300) await row.check(res, { t, f, who, auth, token });
    });
  });

  describe('guessed and swapped ids are answered 404, never 200 or 500', () => {
    const randomId = randomUUID();
    // Changing a password (the matrix's last row) ended the sessions signed in before it.
    beforeAll(async () => {
      for (const [who, username] of Object.entries(USERS)) auth[who] = await t.bearer(username);
    });
    const cases: [string, Method, (f: Fixtures) => string, Exclude<Who, 'anonymous'>, number][] = [
      // Another agency's report with the owner's token (and the other way round).
      ['the commune’s report as STC’s reporter', 'get', (x) => `/api/reports/${x.otherReportId}`, 'ownerReporter', 404],
      ['the commune’s report as STC’s head', 'get', (x) => `/api/reports/${x.otherReportId}`, 'ownerHead', 404],
      ['STC’s first revision as the commune', 'get', (x) => `/api/reports/${x.ownerReportId}/revisions/1`, 'otherReporter', 404],
      [
        'STC’s attachment under the commune’s report id, as the commune',
        'get',
        (x) => `/api/reports/${x.otherReportId}/attachments/${x.attachmentId}`,
        'otherReporter',
        404,
      ],
      [
        'STC’s attachment under the commune’s report id, as STC',
        'get',
        (x) => `/api/reports/${x.otherReportId}/attachments/${x.attachmentId}`,
        'ownerReporter',
        404,
      ],
      [
        'STC’s attachment under the commune’s report id, as the coordinator',
        'get',
        (x) => `/api/reports/${x.otherReportId}/attachments/${x.attachmentId}`,
        'coordinator',
        404,
      ],
      // A random UUID.
      ['a random report as the coordinator', 'get', () => `/api/reports/${randomId}`, 'coordinator', 404],
      ['a random report as the leader', 'get', () => `/api/reports/${randomId}`, 'leader', 404],
      ['a random report as STC', 'get', () => `/api/reports/${randomId}`, 'ownerReporter', 404],
      ['a random revision as STC', 'get', () => `/api/reports/${randomId}/revisions/1`, 'ownerReporter', 404],
      ['revision 99 of STC’s report, as STC', 'get', (x) => `/api/reports/${x.ownerReportId}/revisions/99`, 'ownerReporter', 404],
      [
        'a random attachment of STC’s report, as STC',
        'get',
        (x) => `/api/reports/${x.ownerReportId}/attachments/${randomId}`,
        'ownerReporter',
        404,
      ],
      [
        'a random report’s attachment as the coordinator',
        'get',
        (x) => `/api/reports/${randomId}/attachments/${x.attachmentId}`,
        'coordinator',
        404,
      ],
      ['returning a random report', 'post', () => `/api/reports/${randomId}/return`, 'coordinator', 404],
      ['accepting a random report', 'post', () => `/api/reports/${randomId}/accept`, 'coordinator', 404],
      ['a random period', 'get', () => `/api/periods/${randomId}`, 'ownerReporter', 404],
      ['my report in a random period', 'get', () => `/api/periods/${randomId}/my-report`, 'ownerReporter', 404],
      ['saving my report in a random period', 'put', () => `/api/periods/${randomId}/my-report`, 'ownerReporter', 404],
      ['sending my report in a random period', 'post', () => `/api/periods/${randomId}/my-report/submit`, 'ownerReporter', 404],
      ['attaching to a random period', 'post', () => `/api/periods/${randomId}/my-report/attachments`, 'ownerReporter', 404],
      ['the status of a random period', 'get', () => `/api/periods/${randomId}/status`, 'coordinator', 404],
      ['the reminders of a random period', 'get', () => `/api/periods/${randomId}/reminders`, 'coordinator', 404],
      ['an unknown plan', 'get', () => '/api/plans/KHONG-CO', 'ownerReporter', 404],
      ['an unknown task', 'get', () => `/api/plans/${PLAN}/tasks/IX.9`, 'ownerReporter', 404],
      ['an unknown agency', 'get', () => '/api/agencies/KHONG-CO', 'ownerReporter', 404],
      // Ids that are not UUIDs at all.
      ['a report id that is not a UUID', 'get', () => '/api/reports/123', 'coordinator', 404],
      ['a report id that is SQL', 'get', () => `/api/reports/${encodeURIComponent("' OR 1=1 --")}`, 'coordinator', 404],
      ['a period id that is not a UUID', 'get', () => '/api/periods/123', 'ownerReporter', 404],
      ['my report in a period id that is not a UUID', 'get', () => '/api/periods/123/my-report', 'ownerReporter', 404],
      ['the status of a period id that is not a UUID', 'get', () => '/api/periods/123/status', 'coordinator', 404],
      ['the reminders of a period id that is not a UUID', 'get', () => '/api/periods/123/reminders', 'coordinator', 404],
      ['an attachment id that is not a UUID', 'get', (x) => `/api/reports/${x.ownerReportId}/attachments/123`, 'ownerReporter', 404],
      ['accepting a report id that is not a UUID', 'post', () => '/api/reports/123/accept', 'coordinator', 404],
    ];

    it.each(cases)('%s (%s)', async (_name, method, url, who, status) => {
      let req = t.http()[method](url(f)).set('Authorization', auth[who]);
      if (method === 'put') req = req.send({ version: 1 });
      if (url(f).endsWith('/attachments')) req = req.attach('file', PDF, { filename: 'bao-cao.pdf', contentType: 'application/pdf' });
      if (url(f).endsWith('/return')) req = req.send({ comment: 'Thử' });
      const res = await req;
      expectAnswer(res, status);
    });
  });

  describe("the pages of a Cao Bằng period, as the other plan's users", () => {
    const cookie = (who: Exclude<Who, 'anonymous'>) => `${SESSION_COOKIE}=${auth[who].slice('Bearer '.length)}`;
    const page = (url: string, who: Exclude<Who, 'anonymous'>) => t.http().get(url).set('Cookie', cookie(who));
    let cbLabel: string;
    let dbPeriod: { id: string; label: string };

    beforeAll(async () => {
      for (const [who, username] of Object.entries(USERS)) auth[who] = await t.bearer(username);
      cbLabel = (await t.http().get(`/api/periods/${f.periodId}`).set('Authorization', auth.administrator).expect(200)).body.label;
      const periods = (await t.http().get(`/api/plans/${DB_PLAN}/periods`).set('Authorization', auth.otherCoordinator).expect(200))
        .body as { id: string; label: string; state: string }[];
      dbPeriod = periods.find((p) => p.state === 'open')!;
      expect(dbPeriod).toBeDefined();
    });

    /** A page form post with the double-submit CSRF token a page of the user's own gave them. */
    const post = async (url: string, who: Exclude<Who, 'anonymous'>, form: Record<string, string>) => {
      const own = await page('/calendar', who).expect(200);
      const csrf = /name="csrf" value="([^"]+)"/.exec(own.text)![1];
      // A signed-in page's token is bound to the session: it may set no cookie at all.
      const csrfCookie = ((own.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]).join('; ');
      return t
        .http()
        .post(url)
        .set('Cookie', `${cookie(who)}; ${csrfCookie}`)
        .type('form')
        .send({ ...form, csrf });
    };

    it.each([
      ['/periods/{period}/consolidation', 'otherCoordinator'],
      ['/periods/{period}/consolidation', 'otherLeader'],
      ['/periods/{period}/reminders', 'otherCoordinator'],
      ['/periods/{period}/reports', 'otherLeader'],
      ['/periods/{period}/report', 'otherPlanAgency'],
      ['/reports/{report}', 'otherCoordinator'],
      ['/reports/{report}', 'otherLeader'],
      ['/consolidations/{consolidation}/preview', 'otherCoordinator'],
      ['/consolidations/{consolidation}/preview.pdf', 'otherCoordinator'],
      ['/consolidations/{consolidation}/preview.pdf', 'otherLeader'],
      ['/consolidations/{consolidation}/report.docx', 'otherLeader'],
      [`/admin/plans/${PLAN}/export.xlsx`, 'otherCoordinator'],
    ] as const)('GET %s as %s: the error page, 403', async (path, who) => {
      const url = path.replace('{period}', f.periodId).replace('{report}', f.ownerReportId).replace('{consolidation}', f.consolidationId);
      const res = await page(url, who);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('Không có quyền truy cập');
      expect(res.text).toContain('Bạn không có quyền với kế hoạch này.');
    });

    it("refuses the other plan's coordinator building a Cao Bằng consolidation from the page (403), building nothing", async () => {
      const versions = async () =>
        (await t.http().get(`/api/periods/${f.periodId}/consolidations`).set('Authorization', auth.coordinator).expect(200)).body.length;
      const before = await versions();
      const refused = await post(`/periods/${f.periodId}/consolidation`, 'otherCoordinator', { action: 'build' });
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('Bạn không có quyền với kế hoạch này.');
      expect(await versions()).toBe(before);
      // The same form as Cao Bằng's coordinator builds a version: the refusal was the plan's, not the form's.
      const built = await post(`/periods/${f.periodId}/consolidation`, 'coordinator', { action: 'build' });
      expect(built.status).toBe(200);
      expect(await versions()).toBe(before + 1);
    });

    it('refuses the read-only leader generating the archive documents from the page (403), generating nothing; the coordinator may', async () => {
      const documents = async () =>
        (
          await t.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM generated_documents WHERE consolidation_id = $1', [
            f.consolidationId,
          ])
        )[0].n;
      const before = await documents();
      const shown = await page(`/periods/${f.periodId}/consolidation`, 'leader').expect(200);
      expect(shown.text).not.toContain('id="generate-documents"');
      for (const who of ['leader', 'otherLeader', 'otherCoordinator'] as const) {
        const refused = await post(`/consolidations/${f.consolidationId}/documents`, who, {});
        expect([who, refused.status]).toEqual([who, 403]);
        expect(refused.headers['content-type']).toMatch(/^text\/html/);
      }
      expect(await documents()).toBe(before);
      expect((await page(`/periods/${f.periodId}/consolidation`, 'coordinator').expect(200)).text).toContain('id="generate-documents"');
      const generated = await post(`/consolidations/${f.consolidationId}/documents`, 'coordinator', {});
      expect(generated.status).toBe(303);
      expect(generated.headers.location).toMatch(/^\/documents\/[0-9a-f-]{36}$/);
      expect(await documents()).toBe(before + 1);
    });

    it("refuses the other plan's coordinator sending Cao Bằng reminders from the page (403)", async () => {
      const refused = await post(`/periods/${f.periodId}/reminders`, 'otherCoordinator', { agencyCode: '01290' });
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('Bạn không có quyền với kế hoạch này.');
    });

    it("lists on /my of the other plan's agency its own open period and no Cao Bằng period, and the other way round", async () => {
      const theirs = await page('/my', 'otherPlanAgency').expect(200);
      expect(theirs.text).toContain(`/periods/${dbPeriod.id}/report`);
      expect(theirs.text).not.toContain(`/periods/${f.periodId}/report`);
      expect(theirs.text).not.toContain(cbLabel);
      const stc = await page('/my', 'ownerReporter').expect(200);
      expect(stc.text).toContain(`/periods/${f.periodId}/report`);
      expect(stc.text).not.toContain(`/periods/${dbPeriod.id}/report`);
    });

    it("shows the other plan's users only their plan on the home page and the calendar; a visitor sees every plan", async () => {
      for (const who of OTHER_PLAN as Exclude<Who, 'anonymous'>[]) {
        for (const url of ['/', '/calendar']) {
          const res = await page(url, who);
          // An agency's users and a plan's leader land on their own page: /my, the plan's dashboard.
          if (url === '/' && res.status === 303) {
            expect([who, res.headers.location]).toEqual([who, expect.stringMatching(new RegExp(`^(/my|/plans/${DB_PLAN}/.*)$`))]);
            continue;
          }
          expect([who, url, res.status]).toEqual([who, url, 200]);
          expect([who, url, res.text.includes(`/plans/${DB_PLAN}`), res.text.includes(`/plans/${PLAN}"`)]).toEqual([who, url, true, false]);
        }
      }
      const coordinatorHome = await page('/', 'coordinator').expect(200);
      expect([coordinatorHome.text.includes(`/plans/${PLAN}"`), coordinatorHome.text.includes(`/plans/${DB_PLAN}`)]).toEqual([true, false]);
      const visitor = await t.http().get('/').expect(200);
      expect([visitor.text.includes(`/plans/${PLAN}"`), visitor.text.includes(`/plans/${DB_PLAN}`)]).toEqual([true, true]);
    });

    it("shows the other plan's coordinator none of Cao Bằng's emails in the outbox page", async () => {
      const all = (await t.http().get('/api/outbox').set('Authorization', auth.administrator).expect(200)).body as {
        id: string;
        agencyCode: string | null;
      }[];
      const cbEmails = all.filter((e) => !e.agencyCode?.startsWith('DB-')).map((e) => e.id);
      expect(cbEmails.length).toBeGreaterThan(0); // the reminder sent to 01290 in the matrix
      const theirs = await page('/admin/outbox', 'otherCoordinator').expect(200);
      expect(cbEmails.filter((id) => theirs.text.includes(id))).toEqual([]);
      const ours = await page('/admin/outbox', 'coordinator').expect(200);
      expect(cbEmails.filter((id) => !ours.text.includes(id))).toEqual([]);
    });
  });

  it('sends an anonymous visitor of the queue board to the login page (303)', async () => {
    const res = await t.http().get('/admin/queues');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login(\?|$)/);
  });
});
