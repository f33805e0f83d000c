import Holidays from 'date-holidays';
import { EntityManager } from 'typeorm';

/**
 * Vietnam's public holidays (days off) from the date-holidays package, which computes the lunar
 * ones (Tết Nguyên Đán, Giỗ Tổ Hùng Vương). Administrators then adjust the table to the days the
 * Government actually decrees each year; existing rows are never overwritten.
 */
export async function seedHolidays(em: EntityManager, fromYear: number, toYear: number): Promise<number> {
  const vn = new Holidays('VN');
  const rows: { date: string; name: string }[] = [];
  for (let year = fromYear; year <= toYear; year += 1) {
    for (const h of vn.getHolidays(year)) {
      if (h.type !== 'public') continue;
      rows.push({ date: h.date.slice(0, 10), name: h.name.normalize('NFC') });
    }
  }
  if (rows.length === 0) return 0;
  const inserted = (await em.query(
    `INSERT INTO holidays (date, name, day_off, source)
     SELECT r.date, r.name, true, 'date-holidays' FROM jsonb_to_recordset($1::jsonb) AS r(date date, name text)
     ON CONFLICT (date) DO NOTHING RETURNING date`,
    [JSON.stringify(rows)],
  )) as unknown[];
  return inserted.length;
}
