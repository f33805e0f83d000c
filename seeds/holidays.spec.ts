import { vietnamDaysOff } from './holidays';

describe('vietnamDaysOff', () => {
  it('gives every day of the Tết break, not only its first day', async () => {
    const days = new Map((await vietnamDaysOff(2027, 2027)).map((d) => [d.date, d.name]));
    // date-holidays: "Giao thừa Tết Nguyên Đán" from 5/2/2027 for five days, "Tết Nguyên Đán" on 6/2.
    expect(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09'].map((d) => days.has(d))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(days.has('2027-02-10')).toBe(false);
    expect(days.get('2027-02-06')).toBe('Tết Nguyên Đán');
    expect(days.get('2027-09-02')).toBe('Quốc khánh');
  });

  it('lists each day once, in order', async () => {
    const dates = (await vietnamDaysOff(2026, 2028)).map((d) => d.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
  });
});
