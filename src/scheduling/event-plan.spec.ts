import { toZonedIso } from '../common/time-zone';
import { defaultReminderRules } from '../reporting/regime.types';
import { planEvents, supersededAt } from './event-plan';

const h1 = {
  opensAt: new Date('2025-12-15T00:00:00+07:00'),
  dueAt: new Date('2026-05-20T00:00:00+07:00'),
  consolidationDueAt: new Date('2026-05-30T00:00:00+07:00'),
};

describe('planEvents', () => {
  it('gives the contract reminders of the semiannual report at 08:00 ICT', () => {
    const events = planEvents(h1, defaultReminderRules('semiannual'));
    expect(events.map((e) => [e.event, e.ruleCode, toZonedIso(e.dueAt)])).toEqual([
      ['open', '', '2025-12-15T00:00:00+07:00'],
      ['reminder', 'D-7', '2026-05-13T08:00:00+07:00'],
      ['reminder', 'D-3', '2026-05-17T08:00:00+07:00'],
      ['reminder', 'D-1', '2026-05-19T08:00:00+07:00'],
      ['deadline', '', '2026-05-20T00:00:00+07:00'],
      ['reminder', 'D+1', '2026-05-21T08:00:00+07:00'],
      ['reminder', 'D+3', '2026-05-23T08:00:00+07:00'],
      ['reminder', 'D+6', '2026-05-26T08:00:00+07:00'],
      ['consolidation_reminder', 'C-3', '2026-05-27T08:00:00+07:00'],
      ['reminder', 'D+9', '2026-05-29T08:00:00+07:00'],
      ['consolidation_reminder', 'C-1', '2026-05-29T08:00:00+07:00'],
      ['consolidation_deadline', '', '2026-05-30T00:00:00+07:00'],
    ]);
    const d6 = events.find((e) => e.ruleCode === 'D+6')!;
    expect(d6.audience).toBe('agency_and_head');
  });

  it('keeps one-off reminders for at most 30 days after the deadline', () => {
    const oneOff = {
      opensAt: new Date('2026-01-01T00:00:00+07:00'),
      dueAt: new Date('2026-04-10T00:00:00+07:00'),
      consolidationDueAt: null,
    };
    const codes = planEvents(oneOff, defaultReminderRules('one-off'))
      .map((e) => e.ruleCode)
      .filter(Boolean);
    expect(codes).toEqual(['D-7', 'D-3', 'D-1', 'D+1', 'D+3', 'D+6', 'D+9', 'D+12', 'D+15', 'D+18', 'D+21', 'D+24', 'D+27', 'D+30']);
  });

  it('says a late reminder is superseded when the next one falls due or consolidation passes', () => {
    const events = planEvents(h1, defaultReminderRules('semiannual'));
    const d7 = events.find((e) => e.ruleCode === 'D-7')!;
    expect(toZonedIso(supersededAt(events, d7, h1)!)).toBe('2026-05-17T08:00:00+07:00');
    const d9 = events.find((e) => e.ruleCode === 'D+9')!;
    expect(toZonedIso(supersededAt(events, d9, h1)!)).toBe('2026-05-30T00:00:00+07:00');
    expect(supersededAt(events, events[0], h1)).toBeNull();
    const oneOff = {
      opensAt: new Date('2026-01-01T00:00:00+07:00'),
      dueAt: new Date('2026-04-10T00:00:00+07:00'),
      consolidationDueAt: null,
    };
    const oneOffEvents = planEvents(oneOff, defaultReminderRules('one-off'));
    const last = oneOffEvents.find((e) => e.ruleCode === 'D+30')!;
    expect(toZonedIso(supersededAt(oneOffEvents, last, oneOff)!)).toBe('2026-05-11T08:00:00+07:00');
  });
});
