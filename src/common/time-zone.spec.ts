import { formatViDate, parseIsoDate, toZonedIso, zonedDate, zonedInstant } from './time-zone';

describe('Asia/Ho_Chi_Minh helpers', () => {
  it('place midnight ICT at 17:00 UTC the day before, whatever the process TZ', () => {
    expect(zonedInstant({ year: 2026, month: 5, day: 20 }).toISOString()).toBe('2026-05-19T17:00:00.000Z');
    expect(toZonedIso(new Date('2026-05-19T17:00:00Z'))).toBe('2026-05-20T00:00:00+07:00');
    expect(zonedDate(new Date('2026-05-19T16:59:59Z'))).toEqual({ year: 2026, month: 5, day: 19 });
  });

  it('give each instant its own offset across a change of the rules of the zone, asked again and again', () => {
    // 13/6/1975 00:00 (+08:00) became 12/6/1975 23:00 (+07:00).
    for (let i = 0; i < 3; i++) {
      expect(toZonedIso(new Date('1975-06-12T15:59:59Z'))).toBe('1975-06-12T23:59:59+08:00');
      expect(toZonedIso(new Date('1975-06-12T16:00:00Z'))).toBe('1975-06-12T23:00:00+07:00');
      expect(zonedDate(new Date('1975-06-12T15:59:59Z'))).toEqual({ year: 1975, month: 6, day: 12 });
      expect(toZonedIso(new Date('2026-05-19T16:59:59.999Z'))).toBe('2026-05-19T23:59:59+07:00');
    }
  });

  it('refuses days that do not exist', () => {
    expect(parseIsoDate('2026-02-31')).toBeNull();
    expect(parseIsoDate('2026-13-01')).toBeNull();
    expect(parseIsoDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(formatViDate({ year: 2026, month: 5, day: 19 })).toBe('19/5/2026');
  });
});
