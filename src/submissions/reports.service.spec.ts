import type { EntityManager } from 'typeorm';
import type { CurrentUser } from '../auth/auth.types';
import { FixedClock } from '../common/clock';
import type { OutboxService } from '../reminders/outbox.service';
import type { PeriodStateRepository } from '../reporting/period-state.repository';
import { AppError } from '../common/errors';
import type { StoredReportView, TaskEntryView } from './report-view';
import type { LockedReportRow, OwedPeriodRow, ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

const NOW = new Date('2026-06-10T03:00:00Z');
const PERIOD = '11111111-1111-4111-8111-111111111111';
const REPORT = '22222222-2222-4222-8222-222222222222';
const AGENCY = 'agency-1';

const user = (role: CurrentUser['role'], agencyId = AGENCY): CurrentUser => ({
  id: `user-${role}`,
  username: role,
  displayName: `Người ${role}`,
  role,
  agencyId,
  agencyCode: 'STC',
  sessionId: 's',
});
const reporter = user('reporter');
const coordinator = user('coordinator', 'agency-sxd');

const completeTask: TaskEntryView = {
  taskCode: 'II.1',
  title: 'Nhiệm vụ',
  sectionCode: 'II',
  role: 'lead',
  status: 'on_track',
  percentComplete: 40,
  capitalAllocated: null,
  capitalAllocatedStateBudget: null,
  capitalDisbursed: null,
  capitalDisbursedStateBudget: null,
  workDone: 'Đã khởi công',
  difficulties: null,
  difficultyKind: null,
  resolvingLevel: null,
  proposals: null,
  nextSteps: null,
};

function storedView(over: Partial<StoredReportView> = {}): StoredReportView {
  return {
    id: REPORT,
    periodId: PERIOD,
    periodLabel: '6 tháng đầu năm 2026',
    agencyCode: 'STC',
    agencyName: 'Sở Tài chính',
    state: 'draft',
    version: 4,
    dueAt: '2026-06-15T01:00:00.000Z',
    firstSubmittedAt: null,
    submittedAt: null,
    onTime: null,
    returnComment: null,
    officialLetterNumber: null,
    officialLetterDate: null,
    assessment: 'Cơ bản đạt',
    difficulties: null,
    proposals: null,
    tasks: [completeTask],
    indicators: [],
    attachments: [],
    ...over,
  };
}

const period = (over: Partial<OwedPeriodRow> = {}): OwedPeriodRow => ({
  id: PERIOD,
  plan_id: 'plan-1',
  opens_at: new Date('2026-06-01T01:00:00Z'),
  due_at: new Date('2026-06-15T01:00:00Z'),
  label: '6 tháng đầu năm 2026',
  locked_at: null,
  owes: true,
  form: 'tasks',
  ...over,
});

const report = (over: Partial<LockedReportRow> = {}): LockedReportRow => ({
  id: REPORT,
  agency_id: AGENCY,
  state: 'draft',
  version: 4,
  first_submitted_at: null,
  reopened_at: null,
  ...over,
});

/** A mock typed as the method it stands for, answering `value`. */
function answers<F extends (...args: never[]) => Promise<unknown>>(value: Awaited<ReturnType<F>>): jest.Mock<ReturnType<F>, Parameters<F>> {
  return jest.fn(async () => value) as unknown as jest.Mock<ReturnType<F>, Parameters<F>>;
}
type Repo = ReportsRepository;

function setup(clock = new FixedClock(NOW)) {
  const em = { transaction: 'the report transaction' } as unknown as EntityManager;
  const dataSource = { transaction: jest.fn(async (work: (em: EntityManager) => Promise<unknown>) => work(em)) };
  const reports = {
    owedPeriod: answers<Repo['owedPeriod']>(period()),
    createDraft: answers<Repo['createDraft']>(false),
    lockReport: answers<Repo['lockReport']>(report()),
    addMissingTaskEntries: answers<Repo['addMissingTaskEntries']>(undefined),
    addMissingIndicatorValues: answers<Repo['addMissingIndicatorValues']>(undefined),
    saveReport: answers<Repo['saveReport']>({ id: REPORT, view: storedView() }),
    reportView: answers<Repo['reportView']>(storedView()),
    requiresHeadSignOff: answers<Repo['requiresHeadSignOff']>(false),
    markSubmitted: answers<Repo['markSubmitted']>(undefined),
    revisionCount: answers<Repo['revisionCount']>(2),
    addRevision: answers<Repo['addRevision']>(undefined),
    addEvent: answers<Repo['addEvent']>(undefined),
    eventCount: answers<Repo['eventCount']>(1),
    lockForReview: answers<Repo['lockForReview']>({
      id: REPORT,
      period_id: PERIOD,
      state: 'submitted',
      locked_at: null,
      reopened_at: null,
      label: '6 tháng đầu năm 2026',
    }),
    markReviewed: answers<Repo['markReviewed']>(undefined),
    lockById: answers<Repo['lockById']>({ id: REPORT, period_id: PERIOD, state: 'accepted' }),
    markReopened: answers<Repo['markReopened']>(undefined),
    reportAgency: answers<Repo['reportAgency']>(AGENCY),
    revisions: answers<Repo['revisions']>([]),
    history: answers<Repo['history']>([]),
    revisionSnapshot: answers<Repo['revisionSnapshot']>({ agency_id: AGENCY, snapshot: {} }),
    addAttachment: answers<Repo['addAttachment']>('attachment-1'),
    attachmentFile: answers<Repo['attachmentFile']>(undefined),
    agencyReportStates: answers<Repo['agencyReportStates']>([]),
  };
  const store = { put: jest.fn(async () => ({ key: 'k', size: 3, sha256: 'abc' })), get: jest.fn() };
  const audit = { record: jest.fn(async () => undefined) };
  const outbox = {
    cancelPendingReminders: answers<OutboxService['cancelPendingReminders']>(undefined),
    queueReviewNotice: answers<OutboxService['queueReviewNotice']>(['email-1']),
    enqueue: answers<OutboxService['enqueue']>(undefined),
  };
  const periodStates = {
    closeWhenAllReceived: answers<PeriodStateRepository['closeWhenAllReceived']>(false),
    reopenReceived: answers<PeriodStateRepository['reopenReceived']>(undefined),
  };
  const plausibility = {
    checkSaved: jest.fn(async () => ({ errors: [], warnings: [] })),
    checkView: jest.fn(async () => ({ errors: [], warnings: [] })),
  };
  const service = new ReportsService(
    dataSource as never,
    reports as never,
    clock,
    store as never,
    audit as never,
    outbox as never,
    periodStates as never,
    plausibility as never,
  );
  return { service, em, dataSource, reports, store, audit, outbox, periodStates };
}

/** The AppError a call is refused with. */
async function refusal(call: Promise<unknown>): Promise<AppError> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the call to be refused');
}

describe('ReportsService.save', () => {
  it('answers a stale version with 409 STALE_VERSION naming the current version', async () => {
    const { service, reports } = setup();
    reports.saveReport.mockResolvedValue({ error: 'STALE_VERSION', version: 7 });
    const error = await refusal(service.save(PERIOD, reporter, { version: 5 }));
    expect(error.status).toBe(409);
    expect(error.code).toBe('STALE_VERSION');
    expect(error.message).toContain('phiên bản 7');
  });

  it('sends only the parts the client sent, blank answers as null', async () => {
    const { service, reports } = setup();
    await service.save(PERIOD, reporter, {
      version: 3,
      summary: { assessment: '  ', difficulties: 'Thiếu vốn' },
      tasks: [{ taskCode: 'II.1', status: 'on_track', workDone: '', percentComplete: null }],
      indicators: [{ indicatorCode: 'CT1', value: '12' }, { indicatorCode: 'CT2' }],
    });
    expect(reports.saveReport).toHaveBeenCalledTimes(1);
    expect(reports.saveReport.mock.calls[0][0]).toEqual({
      periodId: PERIOD,
      agencyId: AGENCY,
      version: 3,
      officialLetter: null,
      summary: { assessment: null, difficulties: 'Thiếu vốn', proposals: undefined },
      tasks: [
        {
          taskCode: 'II.1',
          fields: ['status', 'percent_complete', 'work_done'],
          data: { status: 'on_track', percent_complete: null, work_done: null },
        },
      ],
      indicators: [
        { indicatorCode: 'CT1', value: '12', set: true },
        { indicatorCode: 'CT2', value: null, set: false },
      ],
    });
  });

  it('creates the draft of a report never read, then saves once more', async () => {
    const { service, reports } = setup();
    reports.saveReport.mockResolvedValueOnce({ error: 'NO_REPORT' });
    const view = await service.save(PERIOD, reporter, { version: 0 });
    expect(reports.createDraft).toHaveBeenCalledWith(PERIOD, AGENCY, expect.anything());
    expect(reports.saveReport).toHaveBeenCalledTimes(2);
    expect(view.id).toBe(REPORT);
  });

  it('names each unknown task and indicator code at its path', async () => {
    const { service, reports } = setup();
    reports.saveReport.mockResolvedValue({
      error: 'UNKNOWN_CODES',
      tasks: [{ index: 1, code: 'X.9' }],
      indicators: [{ index: 0, code: 'CT9' }],
    });
    const error = await refusal(service.save(PERIOD, reporter, { version: 1 }));
    expect(error.status).toBe(400);
    expect(error.errors.map((e) => e.path)).toEqual(['tasks.1.taskCode', 'indicators.0.indicatorCode']);
  });

  it('refuses to change a report already sent or accepted, each with its own code', async () => {
    const { service, reports } = setup();
    reports.saveReport.mockResolvedValueOnce({ error: 'NOT_EDITABLE', state: 'submitted' });
    expect((await refusal(service.save(PERIOD, reporter, { version: 1 }))).code).toBe('ALREADY_SUBMITTED');
    reports.saveReport.mockResolvedValueOnce({ error: 'NOT_EDITABLE', state: 'accepted' });
    expect((await refusal(service.save(PERIOD, reporter, { version: 1 }))).code).toBe('ALREADY_ACCEPTED');
  });

  it('lets only an agency user save, and never asks the database about a malformed period id', async () => {
    const { service, reports } = setup();
    expect((await refusal(service.save(PERIOD, coordinator, { version: 1 }))).status).toBe(403);
    expect((await refusal(service.save('not-a-period', reporter, { version: 1 }))).code).toBe('PERIOD_NOT_FOUND');
    expect(reports.saveReport).not.toHaveBeenCalled();
  });
});

describe('ReportsService.submit', () => {
  it('refuses an incomplete report with 422 naming each missing field, and writes nothing', async () => {
    const { service, reports, outbox } = setup();
    reports.reportView.mockResolvedValue(storedView({ assessment: null, tasks: [{ ...completeTask, status: null }] }));
    const error = await refusal(service.submit(PERIOD, reporter));
    expect(error.status).toBe(422);
    expect(error.code).toBe('REPORT_INCOMPLETE');
    expect(error.errors.map((e) => e.path)).toEqual(['tasks.0.status', 'summary.assessment']);
    expect(reports.markSubmitted).not.toHaveBeenCalled();
    expect(outbox.cancelPendingReminders).not.toHaveBeenCalled();
  });

  it('sends a complete report: on time, the next revision as it was sent, and the pending reminders cancelled in the same transaction', async () => {
    const { service, reports, outbox, audit, em } = setup();
    await service.submit(PERIOD, reporter);
    expect(reports.markSubmitted).toHaveBeenCalledWith(REPORT, NOW, reporter.id, true, em);
    const [revision, revisionEm] = reports.addRevision.mock.calls[0];
    expect(revisionEm).toBe(em);
    expect(revision).toMatchObject({ reportId: REPORT, number: 3, at: NOW, by: reporter.id });
    expect(revision.snapshot).toMatchObject({ state: 'submitted', version: 5, onTime: true, submittedAt: '2026-06-10T10:00:00+07:00' });
    expect(reports.addEvent).toHaveBeenCalledWith(
      { reportId: REPORT, action: 'submitted', actorId: reporter.id, comment: null, revision: 3, at: NOW },
      em,
    );
    expect(audit.record).toHaveBeenCalledWith(em, expect.objectContaining({ action: 'report.submitted', entityId: REPORT }));
    expect(outbox.cancelPendingReminders).toHaveBeenCalledWith(PERIOD, AGENCY, em);
  });

  it('judges lateness by the first submission: late now, on time when first sent before the deadline', async () => {
    const late = setup(new FixedClock(new Date('2026-06-20T03:00:00Z')));
    await late.service.submit(PERIOD, reporter);
    expect(late.reports.markSubmitted.mock.calls[0][3]).toBe(false);

    const resent = setup(new FixedClock(new Date('2026-06-20T03:00:00Z')));
    resent.reports.lockReport.mockResolvedValue(report({ state: 'returned', first_submitted_at: new Date('2026-06-12T03:00:00Z') }));
    await resent.service.submit(PERIOD, reporter);
    expect(resent.reports.markSubmitted.mock.calls[0][3]).toBe(true);
  });

  it("lets only the head send the report of an agency that requires the head's sign-off", async () => {
    const { service, reports } = setup();
    reports.requiresHeadSignOff.mockResolvedValue(true);
    expect((await refusal(service.submit(PERIOD, reporter))).status).toBe(403);
    expect(reports.createDraft).not.toHaveBeenCalled();
    await service.submit(PERIOD, user('head'));
    expect(reports.markSubmitted).toHaveBeenCalled();
  });

  it('refuses before the period opens (422) and for an agency that does not owe it (403)', async () => {
    const early = setup(new FixedClock(new Date('2026-05-31T03:00:00Z')));
    expect((await refusal(early.service.submit(PERIOD, reporter))).code).toBe('PERIOD_NOT_OPEN');
    const notOwed = setup();
    notOwed.reports.owedPeriod.mockResolvedValue(period({ owes: false }));
    expect((await refusal(notOwed.service.submit(PERIOD, reporter))).status).toBe(403);
    expect(notOwed.reports.markSubmitted).not.toHaveBeenCalled();
  });

  it('refuses a report already sent (409), and a locked period unless the report was reopened since', async () => {
    const sent = setup();
    sent.reports.lockReport.mockResolvedValue(report({ state: 'submitted' }));
    expect((await refusal(sent.service.submit(PERIOD, reporter))).code).toBe('ALREADY_SUBMITTED');

    const locked = setup();
    locked.reports.owedPeriod.mockResolvedValue(period({ locked_at: new Date('2026-06-09T00:00:00Z') }));
    expect((await refusal(locked.service.submit(PERIOD, reporter))).code).toBe('PERIOD_LOCKED');

    const reopened = setup();
    reopened.reports.owedPeriod.mockResolvedValue(period({ locked_at: new Date('2026-06-09T00:00:00Z') }));
    reopened.reports.lockReport.mockResolvedValue(report({ state: 'returned', reopened_at: new Date('2026-06-09T05:00:00Z') }));
    await reopened.service.submit(PERIOD, reporter);
    expect(reopened.reports.markSubmitted).toHaveBeenCalled();
  });
});

describe('ReportsService.review', () => {
  it('lets only the coordinator return or accept a report', async () => {
    const { service, dataSource } = setup();
    for (const who of [reporter, user('head'), user('leader')]) {
      expect((await refusal(service.review(REPORT, who, 'returned', 'Bổ sung số liệu'))).status).toBe(403);
    }
    expect(dataSource.transaction).not.toHaveBeenCalled();
  });

  it('returns with the comment and queues the n-th "returned" notice, enqueued after the transaction', async () => {
    const { service, reports, outbox, em } = setup();
    reports.eventCount.mockResolvedValue(2);
    await service.review(REPORT, coordinator, 'returned', 'Bổ sung số liệu giải ngân');
    expect(reports.markReviewed).toHaveBeenCalledWith(
      REPORT,
      { state: 'returned', comment: 'Bổ sung số liệu giải ngân', at: NOW, by: coordinator.id },
      em,
    );
    expect(reports.eventCount).toHaveBeenCalledWith(REPORT, 'returned', em);
    expect(outbox.queueReviewNotice).toHaveBeenCalledWith(
      {
        reportId: REPORT,
        action: 'returned',
        sequence: 2,
        reviewer: coordinator.displayName,
        comment: 'Bổ sung số liệu giải ngân',
        now: NOW,
      },
      em,
    );
    expect(outbox.enqueue).toHaveBeenCalledWith(['email-1']);
  });

  it('accepts without keeping a return comment, and queues the "accepted" notice', async () => {
    const { service, reports, outbox } = setup();
    await service.review(REPORT, coordinator, 'accepted', null);
    expect(reports.markReviewed.mock.calls[0][1]).toMatchObject({ state: 'accepted', comment: null });
    expect(outbox.queueReviewNotice.mock.calls[0][0]).toMatchObject({ action: 'accepted' });
  });

  it('refuses a report not waiting for review, or in a locked period, and queues no notice', async () => {
    const { service, reports, outbox } = setup();
    reports.lockForReview.mockResolvedValueOnce({
      id: REPORT,
      period_id: PERIOD,
      state: 'draft',
      locked_at: null,
      reopened_at: null,
      label: 'Kỳ',
    });
    expect((await refusal(service.review(REPORT, coordinator, 'accepted', null))).code).toBe('REPORT_NOT_SUBMITTED');
    reports.lockForReview.mockResolvedValueOnce({
      id: REPORT,
      period_id: PERIOD,
      state: 'submitted',
      locked_at: NOW,
      reopened_at: null,
      label: 'Kỳ',
    });
    expect((await refusal(service.review(REPORT, coordinator, 'accepted', null))).code).toBe('PERIOD_LOCKED');
    reports.lockForReview.mockResolvedValueOnce(undefined);
    expect((await refusal(service.review(REPORT, coordinator, 'accepted', null))).code).toBe('REPORT_NOT_FOUND');
    expect(reports.markReviewed).not.toHaveBeenCalled();
    expect(outbox.queueReviewNotice).not.toHaveBeenCalled();
  });
});

describe('ReportsService.reopen', () => {
  it('reopens an accepted report with the reason recorded, and refuses one still with the agency', async () => {
    const { service, reports, em } = setup();
    await service.reopen(REPORT, coordinator, 'Sửa số liệu vốn');
    expect(reports.markReopened).toHaveBeenCalledWith(REPORT, 'Sửa số liệu vốn', NOW, em);
    expect(reports.addEvent).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'reopened', comment: 'Sửa số liệu vốn', revision: 2 }),
      em,
    );

    reports.lockById.mockResolvedValue({ id: REPORT, period_id: PERIOD, state: 'returned' });
    expect((await refusal(service.reopen(REPORT, coordinator, 'Lý do'))).code).toBe('REPORT_NOT_SUBMITTED');
  });
});

describe('ReportsService reads', () => {
  it("answers another agency's report as not found, so ids cannot be probed", async () => {
    const { service } = setup();
    const error = await refusal(service.get(REPORT, user('reporter', 'agency-2')));
    expect(error.status).toBe(404);
    expect(error.code).toBe('REPORT_NOT_FOUND');
    await expect(service.get(REPORT, user('leader', 'agency-ubnd'))).resolves.toMatchObject({ id: REPORT });
  });

  it('refuses an attachment whose content is none of the accepted types (415), storing nothing', async () => {
    const { service, store } = setup();
    const error = await refusal(service.addAttachment(PERIOD, reporter, { originalname: 'a.exe', buffer: Buffer.from('MZ\x90\x00') }));
    expect(error.status).toBe(415);
    expect(store.put).not.toHaveBeenCalled();
  });
});
