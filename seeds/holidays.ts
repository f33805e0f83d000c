import { EntityManager } from 'typeorm';
import { loadDateHolidays } from '../src/common/lazy-modules';
import { addDays, formatIsoDate, parseIsoDate } from '../src/common/time-zone';

/**
 * Vietnam's public holidays (days off) from the date-holidays package, which computes the lunar
 * ones (Tết Nguyên Đán, Giỗ Tổ Hùng Vương), one row per day: the Tết break is one entry spanning
 * five days there. A day's own holiday names it before a span that covers it.
 */
export async function vietnamDaysOff(fromYear: number, toYear: number): Promise<{ date: string; name: string }[]> {
  const Holidays = await loadDateHolidays();
  const vn = new Holidays('VN');
  const own = new Map<string, string>();
  const covered = new Map<string, string>();
  for (let year = fromYear; year <= toYear; year += 1) {
    for (const h of vn.getHolidays(year)) {
      if (h.type !== 'public') continue;
      const first = parseIsoDate(h.date.slice(0, 10));
      if (!first) continue;
      const name = h.name.normalize('NFC');
      own.set(formatIsoDate(first), name);
      const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
      for (let i = 1; i < days; i += 1) {
        const date = formatIsoDate(addDays(first, i));
        if (!covered.has(date)) covered.set(date, name);
      }
    }
  }
  const all = new Map([...covered, ...own]);
  return [...all.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, name]) => ({ date, name }));
}

/**
 * Seeds the years whose public holidays were never seeded; administrators then adjust them to the
 * decrees: rows are never overwritten, and a year once seeded is left as they made it (a day they
 * removed is not added back at the next start, and a working day they added does not keep the
 * year's holidays out). A start that finds every year seeded loads no holiday tables.
 */
export async function seedHolidays(em: EntityManager, fromYear: number, toYear: number): Promise<number> {
  const missing = await em.query<{ year: number }[]>(
    `SELECT y AS year FROM generate_series($1::int, $2::int) y
     WHERE NOT EXISTS (SELECT 1 FROM holidays h WHERE h.source = 'date-holidays' AND h.date >= make_date(y, 1, 1) AND h.date < make_date(y + 1, 1, 1))
     ORDER BY y`,
    [fromYear, toYear],
  );
  if (missing.length === 0) return 0;
  const rows: { date: string; name: string }[] = [];
  for (const { year } of missing) rows.push(...(await vietnamDaysOff(year, year)));
  if (rows.length === 0) return 0;
  const inserted = await em.query<unknown[]>(
    `INSERT INTO holidays (date, name, day_off, source)
     SELECT r.date, r.name, true, 'date-holidays' FROM jsonb_to_recordset($1::jsonb) AS r(date date, name text)
     ON CONFLICT (date) DO NOTHING RETURNING date`,
    [JSON.stringify(rows)],
  );
  return inserted.length;
}
