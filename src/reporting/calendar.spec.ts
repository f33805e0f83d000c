import { toZonedIso } from '../common/time-zone';
import { CalendarRuleError, derivePeriodState, isOnTime, KindSchedule, planPeriods } from './calendar';

const semiannual: KindSchedule = {
  code: 'semiannual',
  frequency: 'semiannual',
  slots: [1],
  years: [],
  periodLabel: 'Báo cáo 6 tháng đầu năm {year}',
  opensRule: { monthOffset: -1, day: 15 },
  dueRule: { monthOffset: 4, day: 20 },
  dataWindow: { start: { monthOffset: -1, day: 15 }, end: { monthOffset: 4, day: 14 } },
  consolidationDueRule: { monthOffset: 4, day: 30 },
  fixedOpensDate: null,
  fixedDueDate: null,
  namedDayCounts: false,
};

describe('planPeriods', () => {
  it('gives the Cao Bằng semiannual calendar: opens 15/12 of Y-1, due 20/5 00:00 ICT, consolidation 30/5', () => {
    const periods = planPeriods(semiannual, 2026, 2030);
    expect(periods).toHaveLength(5);
    const [first] = periods;
    expect(first.label).toBe('Báo cáo 6 tháng đầu năm 2026');
    expect(toZonedIso(first.opensAt)).toBe('2025-12-15T00:00:00+07:00');
    expect(toZonedIso(first.dueAt)).toBe('2026-05-20T00:00:00+07:00');
    expect(first.dueAt.toISOString()).toBe('2026-05-19T17:00:00.000Z');
    expect(toZonedIso(first.consolidationDueAt!)).toBe('2026-05-30T00:00:00+07:00');
    expect([first.dataFrom, first.dataTo]).toEqual(['2025-12-15', '2026-05-14']);
  });

  it('moves the deadline to the end of the named day when the regime says the day counts', () => {
    const [first] = planPeriods({ ...semiannual, namedDayCounts: true }, 2026, 2026);
    expect(toZonedIso(first.dueAt)).toBe('2026-05-21T00:00:00+07:00');
  });

  it('uses Decree 09 data windows for a quarterly kind that sets none', () => {
    const quarterly: KindSchedule = {
      ...semiannual,
      frequency: 'quarterly',
      slots: [],
      dataWindow: null,
      opensRule: null,
      dueRule: { monthOffset: 2, day: 20 },
      consolidationDueRule: null,
      periodLabel: 'Quý {slot}/{year}',
    };
    const periods = planPeriods(quarterly, 2027, 2027);
    expect(periods.map((p) => p.label)).toEqual(['Quý 1/2027', 'Quý 2/2027', 'Quý 3/2027', 'Quý 4/2027']);
    expect([periods[0].dataFrom, periods[0].dataTo]).toEqual(['2026-12-15', '2027-03-14']);
    expect(toZonedIso(periods[3].dueAt)).toBe('2027-12-20T00:00:00+07:00');
  });

  it('gives a one-off kind one period that opens at the plan start', () => {
    const oneOff: KindSchedule = {
      ...semiannual,
      frequency: 'one-off',
      slots: [],
      dueRule: null,
      dataWindow: null,
      opensRule: null,
      consolidationDueRule: null,
      fixedDueDate: '2026-04-10',
      periodLabel: 'Kế hoạch triển khai',
    };
    const [p] = planPeriods(oneOff, 2026, 2030);
    expect(toZonedIso(p.opensAt)).toBe('2026-01-01T00:00:00+07:00');
    expect(toZonedIso(p.dueAt)).toBe('2026-04-10T00:00:00+07:00');
    expect(p.consolidationDueAt).toBeNull();
    expect(derivePeriodState(p, new Date('2026-11-22T00:00:00+07:00'))).toBe('due');
  });

  it('rolls a deadline forward past a weekend and a holiday only when the regime says so', () => {
    // 20/12/2026 is a Sunday: the last day on time, Saturday 19/12, moves to Monday 21/12.
    const annual: KindSchedule = {
      ...semiannual,
      dueRule: { monthOffset: 11, day: 20 },
      consolidationDueRule: { monthOffset: 11, day: 25 },
    };
    const [plain] = planPeriods(annual, 2026, 2026);
    expect(toZonedIso(plain.dueAt)).toBe('2026-12-20T00:00:00+07:00');
    const [rolled] = planPeriods(annual, 2026, 2026, { rollForward: true, daysOff: new Set(['2026-12-21']) });
    expect(toZonedIso(rolled.dueAt)).toBe('2026-12-23T00:00:00+07:00');
    expect(toZonedIso(rolled.consolidationDueAt!)).toBe('2026-12-25T00:00:00+07:00'); // Thursday 24/12 is a working day
  });

  it('refuses a rule naming a day the month does not have', () => {
    expect(() => planPeriods({ ...semiannual, dueRule: { monthOffset: 1, day: 30 } }, 2026, 2026)).toThrow(CalendarRuleError);
  });

  it('judges a report received at 19/5 23:59:59 ICT on time and one at 20/5 00:00:00 late, whatever the process TZ', () => {
    const [p] = planPeriods(semiannual, 2026, 2026);
    expect(isOnTime(new Date('2026-05-19T23:59:59.999+07:00'), p.dueAt)).toBe(true);
    expect(isOnTime(new Date('2026-05-20T00:00:00+07:00'), p.dueAt)).toBe(false);
    expect(isOnTime(new Date('2026-05-19T17:00:00Z'), p.dueAt)).toBe(false);
  });

  it('derives the state from the clock at the deadline instant', () => {
    const [p] = planPeriods(semiannual, 2026, 2026);
    expect(derivePeriodState(p, new Date('2026-05-19T23:59:59+07:00'))).toBe('open');
    expect(derivePeriodState(p, new Date('2026-05-20T00:00:00+07:00'))).toBe('due');
    expect(derivePeriodState(p, new Date('2026-05-30T00:00:00+07:00'))).toBe('closed');
    expect(derivePeriodState(p, new Date('2025-12-14T23:59:59+07:00'))).toBe('upcoming');
  });
});

describe('reviews in chosen years', () => {
  /** "Sơ kết giữa kỳ" in 2028 only: data from 15/12/2025 (three years back) to 14/6/2028, due 20/6, consolidated by 30/6. */
  const midTerm: KindSchedule = {
    code: 'so-ket-giua-ky',
    frequency: 'annual',
    slots: [],
    years: [2028],
    periodLabel: 'Báo cáo sơ kết giữa kỳ năm {year}',
    opensRule: { monthOffset: 5, day: 1 },
    dueRule: { monthOffset: 5, day: 20 },
    dataWindow: { start: { monthOffset: -25, day: 15 }, end: { monthOffset: 5, day: 14 } },
    consolidationDueRule: { monthOffset: 5, day: 30 },
    fixedOpensDate: null,
    fixedDueDate: null,
    namedDayCounts: false,
  };

  it('yields a period only in the listed year, with a data window starting years before it', () => {
    const periods = planPeriods(midTerm, 2026, 2030);
    expect(periods).toHaveLength(1);
    const [p] = periods;
    expect(p).toMatchObject({
      year: 2028,
      slot: 1,
      label: 'Báo cáo sơ kết giữa kỳ năm 2028',
      dataFrom: '2025-12-15',
      dataTo: '2028-06-14',
    });
    expect(toZonedIso(p.opensAt)).toBe('2028-06-01T00:00:00+07:00');
    expect(toZonedIso(p.dueAt)).toBe('2028-06-20T00:00:00+07:00');
    expect(toZonedIso(p.consolidationDueAt!)).toBe('2028-06-30T00:00:00+07:00');
  });

  it('yields one period per listed year, each with its own window', () => {
    const periods = planPeriods({ ...midTerm, years: [2028, 2030] }, 2026, 2030);
    expect(periods.map((p) => [p.year, p.dataFrom, p.dataTo])).toEqual([
      [2028, '2025-12-15', '2028-06-14'],
      [2030, '2027-12-15', '2030-06-14'],
    ]);
  });

  it('keeps every year when none is listed', () => {
    expect(planPeriods({ ...midTerm, dataWindow: null, years: [] }, 2026, 2030).map((p) => p.year)).toEqual([2026, 2027, 2028, 2029, 2030]);
  });
});

describe('derivePeriodState of a period recorded as closed', () => {
  it('stays closed (a document kind once every agency has sent its letter), whatever the clock says', () => {
    const p = { opensAt: new Date('2026-01-15T00:00:00+07:00'), dueAt: new Date('2026-04-01T00:00:00+07:00'), consolidationDueAt: null };
    expect(derivePeriodState(p, new Date('2026-05-01T00:00:00+07:00'))).toBe('due');
    expect(derivePeriodState({ ...p, stored: 'closed' }, new Date('2026-03-01T00:00:00+07:00'))).toBe('closed');
    expect(derivePeriodState({ ...p, stored: 'due' }, new Date('2026-03-01T00:00:00+07:00'))).toBe('open');
  });
});
