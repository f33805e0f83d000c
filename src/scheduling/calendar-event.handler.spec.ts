import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { FixedClock } from '../common/clock';
import type { ConsolidationsService } from '../consolidation/consolidations.service';
import type { OutboxService } from '../reminders/outbox.service';
import { defaultReminderRules } from '../reporting/regime.types';
import type { PeriodForEventRow, PeriodStateRepository } from '../reporting/period-state.repository';
import type { CalendarEventKind } from './calendar-event.entity';
import { CalendarEventHandler } from './calendar-event.handler';
import type { CalendarEventsRepository, EventRow } from './calendar-events.repository';

/**
 * What a due calendar event does, decided by the handler alone: the repositories, the outbox and
 * the consolidation are plain fakes that record what they were asked.
 */

const PERIOD = '11111111-1111-4111-8111-111111111111';
const EM = { fake: 'transaction' } as unknown as EntityManager;
const ict = (s: string) => new Date(`${s}+07:00`);

// The first half of 2026: opens 1/5, due 20/5, consolidated by 30/5.
const PERIOD_ROW: PeriodForEventRow = {
  opens_at: ict('2026-05-01T00:00:00'),
  due_at: ict('2026-05-20T00:00:00'),
  consolidation_due_at: ict('2026-05-30T00:00:00'),
  state: 'open',
  label: 'Báo cáo 6 tháng đầu năm 2026',
  reminder_rules: defaultReminderRules('semiannual'),
};

/** The period's reminder timers as planned (D-7, D-3, D-1 before the deadline; C-3, C-1 before the consolidation). */
const TIMERS: Record<string, { event: CalendarEventKind; rule: string; due: Date }> = {
  'D-7': { event: 'reminder', rule: 'D-7', due: ict('2026-05-13T08:00:00') },
  'D-3': { event: 'reminder', rule: 'D-3', due: ict('2026-05-17T08:00:00') },
  'D-1': { event: 'reminder', rule: 'D-1', due: ict('2026-05-19T08:00:00') },
  'C-3': { event: 'consolidation_reminder', rule: 'C-3', due: ict('2026-05-27T08:00:00') },
  'C-1': { event: 'consolidation_reminder', rule: 'C-1', due: ict('2026-05-29T08:00:00') },
  open: { event: 'open', rule: '', due: ict('2026-05-01T00:00:00') },
  deadline: { event: 'deadline', rule: '', due: ict('2026-05-20T00:00:00') },
};

function setUp(options: { now: string; period?: Partial<PeriodForEventRow>; lockedAt?: Date | null }) {
  const calls: { what: string; args: unknown[] }[] = [];
  const called = (what: string) => calls.filter((c) => c.what === what);
  const events = new Map<string, EventRow>();
  for (const [key, t] of Object.entries(TIMERS)) {
    events.set(key, { id: key, period_id: PERIOD, event: t.event, rule_code: t.rule, due_at: t.due, state: 'pending' });
  }
  const period = { ...PERIOD_ROW, ...options.period };

  const eventsRepo = {
    lockEvent: (id: string) => Promise.resolve(events.has(id) ? { ...events.get(id)! } : undefined),
    countDelivery: (id: string) => {
      calls.push({ what: 'countDelivery', args: [id] });
      return Promise.resolve();
    },
    liveSiblings: (periodId: string, event: CalendarEventKind) =>
      Promise.resolve(
        [...events.values()]
          .filter((e) => e.period_id === periodId && e.event === event)
          .map((e) => ({ event: e.event, rule_code: e.rule_code, due_at: e.due_at })),
      ),
    recordOutcome: (
      id: string,
      o: { state: 'fired' | 'skipped'; firedAt: Date; latenessMs: number; note: string | null },
      em?: EntityManager,
    ) => {
      calls.push({ what: 'recordOutcome', args: [id, o, em] });
      events.get(id)!.state = o.state;
      return Promise.resolve();
    },
  } as unknown as CalendarEventsRepository;
  const periods = {
    lockForEvent: () => Promise.resolve({ ...period }),
    lockedAt: () => Promise.resolve(options.lockedAt ?? null),
    setState: (...args: unknown[]) => {
      calls.push({ what: 'setState', args });
      return Promise.resolve();
    },
  } as unknown as PeriodStateRepository;
  const outbox = {
    recordAgencyReminders: (...args: unknown[]) => {
      calls.push({ what: 'recordAgencyReminders', args });
      return Promise.resolve(3);
    },
    recordCoordinatorReminder: (...args: unknown[]) => {
      calls.push({ what: 'recordCoordinatorReminder', args });
      return Promise.resolve(1);
    },
    reminderEmails: (...args: unknown[]) => {
      calls.push({ what: 'reminderEmails', args });
      return Promise.resolve(['email-1', 'email-2']);
    },
  } as unknown as OutboxService;
  const consolidations = {
    build: (...args: unknown[]) => {
      calls.push({ what: 'build', args });
      return Promise.resolve({ version: 1 });
    },
  } as unknown as ConsolidationsService;
  const dataSource = { transaction: (work: (em: EntityManager) => Promise<unknown>) => work(EM) } as unknown as DataSource;
  const clock = new FixedClock(ict(options.now));

  const handler = new CalendarEventHandler(dataSource, clock, eventsRepo, periods, outbox, consolidations);
  return { handler, calls, called, events };
}

beforeAll(() => {
  // The late-event warning is expected in some cases; keep the test output quiet.
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
});

describe('CalendarEventHandler.fire', () => {
  it('a D-7 reminder due now records the reminders of the agencies that owe the report and their emails', async () => {
    const { handler, called } = setUp({ now: '2026-05-13T08:00:00' });
    const outcome = await handler.fire('D-7');

    expect(outcome).toEqual({ kind: 'fired', emails: ['email-1', 'email-2'] });
    expect(called('recordAgencyReminders').map((c) => c.args)).toEqual([
      [{ periodId: PERIOD, rule: 'D-7', audience: 'agency', dueAt: TIMERS['D-7'].due, state: 'pending', note: null }, EM],
    ]);
    expect(called('reminderEmails').map((c) => c.args)).toEqual([[EM, PERIOD, 'D-7']]);
    expect(called('recordCoordinatorReminder')).toHaveLength(0);
    expect(called('build')).toHaveLength(0);
    expect(called('recordOutcome').map((c) => c.args)).toEqual([
      ['D-7', { state: 'fired', firedAt: ict('2026-05-13T08:00:00'), latenessMs: 0, note: null }, EM],
    ]);
  });

  it('an escalation rule (D+3) goes to the agencies and their heads', async () => {
    const { handler, called, events } = setUp({ now: '2026-05-23T08:00:00' });
    events.set('D+3', {
      id: 'D+3',
      period_id: PERIOD,
      event: 'reminder',
      rule_code: 'D+3',
      due_at: ict('2026-05-23T08:00:00'),
      state: 'pending',
    });
    await handler.fire('D+3');
    expect(called('recordAgencyReminders')[0].args[0]).toMatchObject({ rule: 'D+3', audience: 'agency_and_head', state: 'pending' });
  });

  it('a reminder handled after the next one fell due is superseded: logged as skipped, no email, no consolidation', async () => {
    // D-7 was due on 13/5; the process only gets to it on 18/5, after D-3 (17/5).
    const { handler, called } = setUp({ now: '2026-05-18T09:00:00' });
    const outcome = await handler.fire('D-7');

    expect(outcome).toEqual({ kind: 'skipped', emails: [] });
    const [recorded] = called('recordAgencyReminders');
    expect(recorded.args[0]).toMatchObject({ rule: 'D-7', state: 'skipped' });
    expect((recorded.args[0] as { note: string }).note).toMatch(/^Không gửi: đến .* mới xử lý được, đã qua /);
    expect(called('reminderEmails')).toHaveLength(0);
    const [outcomeCall] = called('recordOutcome');
    expect(outcomeCall.args[1]).toMatchObject({ state: 'skipped', note: (recorded.args[0] as { note: string }).note });
  });

  it.each(['fired', 'skipped'])('an event already %s does nothing but count the delivery', async (state) => {
    const { handler, calls, events } = setUp({ now: '2026-05-13T08:05:00' });
    events.get('D-7')!.state = state;
    const outcome = await handler.fire('D-7');

    expect(outcome).toEqual({ kind: 'duplicate' });
    expect(calls).toEqual([{ what: 'countDelivery', args: ['D-7'] }]);
  });

  it('a second delivery of a fired event is not fired again', async () => {
    const { handler, called } = setUp({ now: '2026-05-13T08:00:00' });
    expect((await handler.fire('D-7')).kind).toBe('fired');
    expect((await handler.fire('D-7')).kind).toBe('duplicate');
    expect(called('countDelivery')).toHaveLength(2);
    expect(called('recordAgencyReminders')).toHaveLength(1);
    expect(called('reminderEmails')).toHaveLength(1);
    expect(called('recordOutcome')).toHaveLength(1);
  });

  it('an unknown event is answered as such', async () => {
    const { handler, calls } = setUp({ now: '2026-05-13T08:00:00' });
    expect(await handler.fire('nope')).toEqual({ kind: 'unknown' });
    expect(calls).toEqual([]);
  });

  it('an event delivered before its instant waits, and records nothing', async () => {
    const { handler, called } = setUp({ now: '2026-05-13T07:59:00' });
    expect(await handler.fire('D-7')).toEqual({ kind: 'early', waitMs: 60_000 });
    expect(called('recordAgencyReminders')).toHaveLength(0);
    expect(called('recordOutcome')).toHaveLength(0);
  });

  it('a late event that still matters is fired, and its lateness recorded and logged', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    warn.mockClear();
    // D-7 two hours late: still before D-3, so still worth sending.
    const { handler, called } = setUp({ now: '2026-05-13T10:00:00' });
    const outcome = await handler.fire('D-7');

    expect(outcome.kind).toBe('fired');
    expect(called('reminderEmails')).toHaveLength(1);
    expect(called('recordOutcome')[0].args[1]).toMatchObject({ state: 'fired', latenessMs: 2 * 3600 * 1000 });
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'D-7', latenessMs: 2 * 3600 * 1000 }),
      'Calendar event fired late',
    );
  });

  it('logs one warning for the first late event and one summary line for those caught up with it', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const warn = jest.spyOn(Logger.prototype, 'warn');
      warn.mockClear();
      // A start after a long stop: the deadline and C-3 of the half-year fire days late, one after another.
      const { handler } = setUp({ now: '2026-05-27T10:00:00', period: { state: 'due' } });
      await handler.fire('deadline');
      await handler.fire('C-3');
      expect(warn.mock.calls.map((c) => c[1])).toEqual(['Calendar event fired late']);
      jest.advanceTimersByTime(10_000);
      expect(warn.mock.calls.map((c) => c[1])).toEqual(['Calendar event fired late', '1 more calendar events fired late (caught up)']);
      expect(warn.mock.calls[1][0]).toMatchObject({ count: 1, rules: ['C-3'] });
    } finally {
      jest.useRealTimers();
    }
  });

  it('the C-3 reminder goes to the coordinator and builds the draft consolidated report once', async () => {
    const { handler, called } = setUp({ now: '2026-05-27T08:00:00', period: { state: 'due' } });
    const first = await handler.fire('C-3');
    const second = await handler.fire('C-3');

    expect(first).toEqual({ kind: 'fired', emails: ['email-1', 'email-2'] });
    expect(second).toEqual({ kind: 'duplicate' });
    expect(called('recordCoordinatorReminder').map((c) => c.args)).toEqual([
      [{ periodId: PERIOD, rule: 'C-3', dueAt: TIMERS['C-3'].due, state: 'pending', note: null }, EM],
    ]);
    expect(called('recordAgencyReminders')).toHaveLength(0);
    expect(called('build').map((c) => c.args)).toEqual([[PERIOD, null, 'auto', EM]]);
  });

  it('the C-3 reminder of a period already locked (its report final) builds nothing', async () => {
    const { handler, called } = setUp({ now: '2026-05-27T08:00:00', period: { state: 'due' }, lockedAt: ict('2026-05-26T10:00:00') });
    expect((await handler.fire('C-3')).kind).toBe('fired');
    expect(called('recordCoordinatorReminder')).toHaveLength(1);
    expect(called('build')).toHaveLength(0);
  });

  it('the C-1 reminder builds no consolidated report', async () => {
    const { handler, called } = setUp({ now: '2026-05-29T08:00:00', period: { state: 'due' } });
    expect((await handler.fire('C-1')).kind).toBe('fired');
    expect(called('build')).toHaveLength(0);
  });

  it("the period's own events move its state forward, never back", async () => {
    const opening = setUp({ now: '2026-05-01T00:00:00', period: { state: 'upcoming' } });
    expect(await opening.handler.fire('open')).toEqual({ kind: 'fired', emails: [] });
    expect(opening.called('setState').map((c) => c.args)).toEqual([[PERIOD, 'open', ict('2026-05-01T00:00:00'), EM]]);
    expect(opening.called('recordAgencyReminders')).toHaveLength(0);

    // The deadline timer handled after the consolidation deadline: the period is closed already.
    const late = setUp({ now: '2026-05-31T00:00:00', period: { state: 'closed' } });
    expect((await late.handler.fire('deadline')).kind).toBe('fired');
    expect(late.called('setState')).toHaveLength(0);
    expect(late.called('recordOutcome')).toHaveLength(1);
  });
});
