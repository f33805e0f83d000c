import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CurrentUser } from '../auth/auth.types';
import { FixedClock } from '../common/clock';
import { AppError } from '../common/errors';
import type { PeriodLockRow, PeriodStateRepository } from '../reporting/period-state.repository';
import type { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { ALREADY_REMINDED_NOTE, NO_ADDRESS_NOTE, REPORT_SENT_NOTE, reminderEmailKind, ReminderKindTable } from './reminder-policy';
import type { RemindersRepository } from './reminders.repository';

// 2026-06-10 01:00 in Asia/Ho_Chi_Minh, still 9 June in UTC.
const NOW = new Date('2026-06-09T18:00:00Z');
const PERIOD = '11111111-1111-4111-8111-111111111111';
const EMAIL = '33333333-3333-4333-8333-333333333333';
const PUBLIC_URL = 'https://baocao.example.vn';

const coordinator: CurrentUser = {
  id: 'user-coordinator',
  username: 'coordinator',
  displayName: 'Cán bộ tổng hợp',
  role: 'coordinator',
  agencyId: 'agency-sxd',
  agencyCode: 'SXD',
  sessionId: 's',
};

const openPeriod = (over: Partial<PeriodLockRow> = {}): PeriodLockRow => ({
  id: PERIOD,
  plan_id: 'plan-1',
  label: '6 tháng đầu năm 2026',
  locked_at: null,
  consolidation_due_at: new Date('2026-06-25T01:00:00Z'),
  ...over,
});

/** A mock typed as the method it stands for, answering `value`. */
function answers<F extends (...args: never[]) => Promise<unknown>>(value: Awaited<ReturnType<F>>): jest.Mock<ReturnType<F>, Parameters<F>> {
  return jest.fn(async () => value) as unknown as jest.Mock<ReturnType<F>, Parameters<F>>;
}
type Outbox = OutboxRepository;
type Reminders = RemindersRepository;

function setup(clock = new FixedClock(NOW)) {
  const em = { transaction: 'the caller transaction' } as unknown as EntityManager;
  const dataSource = { transaction: jest.fn(async (work: (em: EntityManager) => Promise<unknown>) => work(em)) };
  const outbox = {
    queueReminderEmails: answers<Outbox['queueReminderEmails']>(['email-1', 'email-2']),
    queueDigest: answers<Outbox['queueDigest']>(['digest-1']),
    queueReviewNotice: answers<Outbox['queueReviewNotice']>(['notice-1']),
    deletePendingReminderEmails: answers<Outbox['deletePendingReminderEmails']>(1),
    unsentIds: answers<Outbox['unsentIds']>(['email-1', 'email-2']),
    digestPeriodIds: answers<Outbox['digestPeriodIds']>([PERIOD]),
    list: answers<Outbox['list']>([]),
    lockForRetry: answers<Outbox['lockForRetry']>({ state: 'failed', reminder_id: 'reminder-1', reported: false }),
    markPendingAgain: answers<Outbox['markPendingAgain']>(undefined),
  };
  const reminders = {
    recordAgencyReminders: answers<Reminders['recordAgencyReminders']>(3),
    recordCoordinatorReminder: answers<Reminders['recordCoordinatorReminder']>(1),
    failWithoutRecipients: answers<Reminders['failWithoutRecipients']>(0),
    cancelPendingForAgency: answers<Reminders['cancelPendingForAgency']>(2),
    reopenFailed: answers<Reminders['reopenFailed']>(undefined),
    agenciesByCode: jest.fn(async (codes: string[]) => codes.filter((c) => c !== 'NONE').map((code) => ({ id: `id-${code}`, code }))),
    periodOpensAt: answers<Reminders['periodOpensAt']>(new Date('2026-06-01T01:00:00Z')),
    remindedBetween: answers<Reminders['remindedBetween']>([]),
    statesForRule: answers<Reminders['statesForRule']>([]),
  };
  const periods = { lockForConsolidation: answers<PeriodStateRepository['lockForConsolidation']>(openPeriod()) };
  const queue = { add: jest.fn(async (ids: string[]) => ids.length), finished: jest.fn(async () => [] as string[]), requeue: jest.fn() };
  const audit = { record: jest.fn(async () => undefined) };
  const service = new OutboxService(
    dataSource as never,
    outbox as never,
    reminders as never,
    periods as never,
    queue as never,
    clock,
    audit as never,
    { publicUrl: PUBLIC_URL } as never,
  );
  return { service, em, dataSource, outbox, reminders, periods, queue, audit };
}

async function refusal(call: Promise<unknown>): Promise<AppError> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the call to be refused');
}

beforeAll(() => {
  Logger.overrideLogger(false);
});

const args = { periodId: PERIOD, rule: 'D+1', dueAt: NOW, state: 'pending' as const, note: null };

describe('who a reminder goes to', () => {
  it('a before-deadline or overdue reminder: the agency and its reporters, nobody in CC', async () => {
    const { service, reminders, em } = setup();
    await service.recordAgencyReminders({ ...args, audience: 'agency' }, em);
    expect(reminders.recordAgencyReminders).toHaveBeenCalledWith(
      expect.objectContaining({ audience: 'agency', recipients: { heads: false, ccCoordinators: false } }),
      em,
    );
  });

  it('an escalation: the heads too, and the coordinators in CC', async () => {
    const { service, reminders, em } = setup();
    await service.recordAgencyReminders({ ...args, rule: 'D+3', audience: 'agency_and_head' }, em);
    expect(reminders.recordAgencyReminders).toHaveBeenCalledWith(
      expect.objectContaining({ recipients: { heads: true, ccCoordinators: true } }),
      em,
    );
  });

  it('an agency whose report is sent or accepted gets none; one whose report was returned does', async () => {
    const { service, reminders } = setup();
    await service.recordAgencyReminders({ ...args, audience: 'agency' });
    const [recorded] = reminders.recordAgencyReminders.mock.calls[0] as unknown as [{ skipReportStates: string[] }];
    expect([...recorded.skipReportStates].sort()).toEqual(['accepted', 'submitted']);
    expect(recorded.skipReportStates).not.toContain('returned');
    expect(recorded.skipReportStates).not.toContain('draft');
  });
});

describe('at most one reminder per agency per day, whatever its source', () => {
  it('an automatic reminder skips, with the reason, the agencies already reminded today by hand', async () => {
    const { service, reminders, em } = setup();
    reminders.remindedBetween.mockResolvedValueOnce([
      { agency_id: 'id-STC', code: 'STC', rule: 'manual-2026-06-10', due_at: NOW, sent_at: NOW },
    ] as never);
    await service.recordAgencyReminders({ ...args, rule: 'D-1', audience: 'agency' }, em);
    expect(
      reminders.recordAgencyReminders.mock.calls.map(([a]) => [a.state, a.exceptAgencyIds ?? null, a.agencyIds ?? null, a.note]),
    ).toEqual([
      ['pending', ['id-STC'], null, null],
      ['skipped', null, ['id-STC'], ALREADY_REMINDED_NOTE],
    ]);
  });

  it('leaves automatic rules to the calendar: one sent today by another rule does not skip this one', async () => {
    const { service, reminders, em } = setup();
    reminders.remindedBetween.mockResolvedValueOnce([
      { agency_id: 'id-STC', code: 'STC', rule: 'D-3', due_at: NOW, sent_at: NOW },
    ] as never);
    await service.recordAgencyReminders({ ...args, rule: 'D-1', audience: 'agency' }, em);
    expect(reminders.recordAgencyReminders.mock.calls.map(([a]) => [a.state, a.exceptAgencyIds ?? null])).toEqual([['pending', null]]);
  });

  it('an automatic reminder with nobody reminded today, or a manual one, records as asked', async () => {
    const { service, reminders, em } = setup();
    await service.recordAgencyReminders({ ...args, rule: 'D-1', audience: 'agency' }, em);
    await service.recordAgencyReminders({ ...args, rule: 'manual-2026-06-10', audience: 'agency', exceptAgencyIds: ['id-SYT'] }, em);
    expect(reminders.recordAgencyReminders.mock.calls.map(([a]) => [a.rule, a.state, a.exceptAgencyIds ?? null])).toEqual([
      ['D-1', 'pending', null],
      ['manual-2026-06-10', 'pending', ['id-SYT']],
    ]);
    expect(reminders.remindedBetween).toHaveBeenCalledTimes(1);
  });
});

describe('which email a reminder becomes', () => {
  it('before the deadline a reminder, after it an overdue notice; an escalation and a consolidation reminder whenever', () => {
    expect(reminderEmailKind('agency', true)).toBe('before_deadline');
    expect(reminderEmailKind('agency', false)).toBe('overdue');
    expect(reminderEmailKind('agency_and_head', true)).toBe('escalation');
    expect(reminderEmailKind('agency_and_head', false)).toBe('escalation');
    expect(reminderEmailKind('coordinator', false)).toBe('consolidation');
  });

  it('marks reminders with no address failed with the note first, then queues an email per reminder of that kind', async () => {
    const { service, outbox, reminders, em } = setup();
    const ids = await service.reminderEmails(em, PERIOD, 'D+1');
    expect(ids).toEqual(['email-1', 'email-2']);
    expect(reminders.failWithoutRecipients).toHaveBeenCalledWith(PERIOD, 'D+1', NO_ADDRESS_NOTE, em);
    expect(NO_ADDRESS_NOTE).toContain('Không có địa chỉ email');
    expect(reminders.failWithoutRecipients.mock.invocationCallOrder[0]).toBeLessThan(
      outbox.queueReminderEmails.mock.invocationCallOrder[0],
    );
    const [queued, queuedEm] = outbox.queueReminderEmails.mock.calls[0] as unknown as [
      { periodId: string; rule: string; kinds: ReminderKindTable; publicUrl: string; now: Date },
      EntityManager,
    ];
    expect(queuedEm).toBe(em);
    expect(queued).toMatchObject({ periodId: PERIOD, rule: 'D+1', publicUrl: PUBLIC_URL, now: NOW });
    expect(queued.kinds).toEqual({
      agency: { before: 'before_deadline', after: 'overdue' },
      agency_and_head: { before: 'escalation', after: 'escalation' },
      coordinator: { before: 'consolidation', after: 'consolidation' },
    });
  });
});

describe('a sent report', () => {
  it("withdraws the agency's unsent reminder emails, then cancels its pending reminders, in the caller's transaction", async () => {
    const { service, outbox, reminders, em } = setup();
    await service.cancelPendingReminders(PERIOD, 'agency-1', em);
    expect(outbox.deletePendingReminderEmails).toHaveBeenCalledWith(PERIOD, 'agency-1', em);
    expect(reminders.cancelPendingForAgency).toHaveBeenCalledWith(PERIOD, 'agency-1', REPORT_SENT_NOTE, em);
    // Emails first: deleting them locks the rows a worker might be claiming.
    expect(outbox.deletePendingReminderEmails.mock.invocationCallOrder[0]).toBeLessThan(
      reminders.cancelPendingForAgency.mock.invocationCallOrder[0],
    );
  });

  it('review notices link to the public address', async () => {
    const { service, outbox, em } = setup();
    const notice = { reportId: 'r', action: 'returned' as const, sequence: 1, reviewer: 'X', comment: 'Y', now: NOW };
    expect(await service.queueReviewNotice(notice, em)).toEqual(['notice-1']);
    expect(outbox.queueReviewNotice).toHaveBeenCalledWith({ ...notice, publicUrl: PUBLIC_URL }, em);
  });
});

describe('OutboxService.remindNow', () => {
  it("reminds under the day's manual rule (local date), and tells apart reminded, no address and already reminded today", async () => {
    const { service, reminders, queue, audit, em } = setup();
    // STC was reminded at 00:30 today: it counts toward the one a day, whatever sent it.
    reminders.remindedBetween.mockResolvedValue([
      { agency_id: 'id-STC', code: 'STC', rule: 'manual-2026-06-10', due_at: new Date('2026-06-09T17:30:00Z'), sent_at: null },
    ]);
    reminders.statesForRule.mockResolvedValue([
      { code: 'SNV', state: 'failed' },
      { code: 'STC', state: 'pending' },
      { code: 'SYT', state: 'pending' },
    ]);
    const result = await service.remindNow(PERIOD, coordinator);
    expect(result).toEqual({ rule: 'manual-2026-06-10', reminded: ['SYT'], noAddress: ['SNV'], alreadyToday: ['STC'] });
    expect(reminders.recordAgencyReminders).toHaveBeenCalledWith(
      expect.objectContaining({
        rule: 'manual-2026-06-10',
        audience: 'agency',
        dueAt: NOW,
        state: 'pending',
        note: 'Nhắc nhở do Cán bộ tổng hợp gửi.',
        agencyIds: undefined,
        exceptAgencyIds: ['id-STC'],
        recipients: { heads: false, ccCoordinators: false },
      }),
      em,
    );
    // From the start of 10/6 in Asia/Ho_Chi_Minh (17:00 UTC on 9/6).
    expect(reminders.remindedBetween).toHaveBeenCalledWith(PERIOD, new Date('2026-06-09T17:00:00Z'), expect.any(Date), em);
    expect(audit.record).toHaveBeenCalledWith(
      em,
      expect.objectContaining({ detail: { rule: 'manual-2026-06-10', agencies: ['SNV', 'SYT'] } }),
    );
    expect(queue.add).toHaveBeenCalledWith(['email-1', 'email-2']);
  });

  it('reminds only the agencies named, and names the codes that match none', async () => {
    const { service, reminders } = setup();
    reminders.statesForRule.mockResolvedValue([
      { code: 'STC', state: 'pending' },
      { code: 'SYT', state: 'pending' },
    ]);
    const result = await service.remindNow(PERIOD, coordinator, ['SYT']);
    expect(result.reminded).toEqual(['SYT']);
    expect(reminders.recordAgencyReminders.mock.calls[0][0]).toMatchObject({ agencyIds: ['id-SYT'] });

    const error = await refusal(service.remindNow(PERIOD, coordinator, ['SYT', 'NONE']));
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([{ path: 'agencyCodes', message: 'Không có đơn vị mã NONE.' }]);
  });

  it('refuses a locked period, one not open yet, and one whose consolidated report is due; records nothing', async () => {
    const locked = setup();
    locked.periods.lockForConsolidation.mockResolvedValue(openPeriod({ locked_at: NOW }));
    expect((await refusal(locked.service.remindNow(PERIOD, coordinator))).code).toBe('PERIOD_LOCKED');

    const early = setup();
    early.reminders.periodOpensAt.mockResolvedValue(new Date('2026-06-20T01:00:00Z'));
    expect((await refusal(early.service.remindNow(PERIOD, coordinator))).code).toBe('PERIOD_NOT_OPEN');

    const closed = setup();
    closed.periods.lockForConsolidation.mockResolvedValue(openPeriod({ consolidation_due_at: NOW }));
    expect((await refusal(closed.service.remindNow(PERIOD, coordinator))).code).toBe('PERIOD_CLOSED');

    const missing = setup();
    missing.periods.lockForConsolidation.mockResolvedValue(undefined);
    expect((await refusal(missing.service.remindNow(PERIOD, coordinator))).code).toBe('PERIOD_NOT_FOUND');

    for (const s of [locked, early, closed, missing]) expect(s.reminders.recordAgencyReminders).not.toHaveBeenCalled();
  });
});

describe('OutboxService.retry', () => {
  it('puts a failed email and its reminder back to pending, with a fresh job', async () => {
    const { service, outbox, reminders, queue, em } = setup();
    await service.retry(EMAIL, coordinator);
    expect(outbox.markPendingAgain).toHaveBeenCalledWith(EMAIL, em);
    expect(reminders.reopenFailed).toHaveBeenCalledWith('reminder-1', em);
    expect(queue.requeue).toHaveBeenCalledWith(EMAIL);
  });

  it('refuses an email not failed, and a reminder whose agency has sent its report since', async () => {
    const { service, outbox } = setup();
    outbox.lockForRetry.mockResolvedValueOnce({ state: 'sent', reminder_id: null, reported: false });
    expect((await refusal(service.retry(EMAIL, coordinator))).code).toBe('EMAIL_NOT_FAILED');
    outbox.lockForRetry.mockResolvedValueOnce({ state: 'failed', reminder_id: 'reminder-1', reported: true });
    expect((await refusal(service.retry(EMAIL, coordinator))).code).toBe('ALREADY_REPORTED');
    expect(outbox.markPendingAgain).not.toHaveBeenCalled();
  });
});

describe('OutboxService.reconcile', () => {
  it('writes no digest before 08:00 local time, and one per period of the local day from then; jobs for every unsent row', async () => {
    const early = setup(new FixedClock(new Date('2026-06-10T00:59:00Z'))); // 07:59 +07:00
    expect(await early.service.reconcile()).toEqual({ digests: 0, jobsAdded: 2, requeued: 0 });
    expect(early.outbox.digestPeriodIds).not.toHaveBeenCalled();

    const { service, outbox, queue } = setup(new FixedClock(new Date('2026-06-10T01:00:00Z'))); // 08:00 +07:00
    queue.finished.mockResolvedValue(['email-2']);
    expect(await service.reconcile()).toEqual({ digests: 1, jobsAdded: 2, requeued: 1 });
    expect(outbox.queueDigest.mock.calls[0][0]).toMatchObject({ periodId: PERIOD, day: '2026-06-10', publicUrl: PUBLIC_URL });
    expect(queue.requeue).toHaveBeenCalledWith('email-2');
    expect(queue.add).toHaveBeenCalledWith(['digest-1']);
  });
});
