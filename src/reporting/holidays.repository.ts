import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';

export interface HolidayRow {
  date: string;
  name: string;
  day_off: boolean;
  source: string;
}

/** The holiday table that roll-forward regimes consult. */
@Injectable()
export class HolidaysRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** Holidays of a year (all when none), by date. */
  list(year?: number, em?: EntityManager): Promise<HolidayRow[]> {
    return this.rows<HolidayRow>(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, name, day_off, source FROM holidays
       WHERE $1::int IS NULL OR extract(year FROM date) = $1 ORDER BY date`,
      [year ?? null],
      em,
    );
  }

  /** Adds or changes a day, as an administrator's. */
  async upsertByAdmin(date: string, name: string, dayOff: boolean, em?: EntityManager): Promise<void> {
    await this.rows(
      `INSERT INTO holidays (date, name, day_off, source) VALUES ($1, $2, $3, 'admin')
       ON CONFLICT (date) DO UPDATE SET name = EXCLUDED.name, day_off = EXCLUDED.day_off, source = 'admin', updated_at = now()`,
      [date, name, dayOff],
      em,
    );
  }

  /** Removes a day; answers whether there was one. */
  async delete(date: string, em?: EntityManager): Promise<boolean> {
    const { affected } = await this.change('DELETE FROM holidays WHERE date = $1', [date], em);
    return affected > 0;
  }

  /** Public holidays that are days off, as YYYY-MM-DD (weekends are computed, not stored). */
  async daysOff(em?: EntityManager): Promise<Set<string>> {
    const rows = await this.rows<{ date: string }>(`SELECT to_char(date, 'YYYY-MM-DD') AS date FROM holidays WHERE day_off`, [], em);
    return new Set(rows.map((r) => r.date));
  }
}
