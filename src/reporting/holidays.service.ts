import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { parseIsoDate } from '../common/time-zone';
import { syncPeriodsForPlan } from './period-sync';

export interface HolidayView {
  date: string;
  name: string;
  dayOff: boolean;
  source: string;
}

/** The holiday table that roll-forward regimes consult; administrators keep it true to the decrees. */
@Injectable()
export class HolidaysService {
  constructor(private readonly dataSource: DataSource) {}

  async list(year?: number): Promise<HolidayView[]> {
    const rows = (await this.dataSource.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, name, day_off, source FROM holidays
       WHERE $1::int IS NULL OR extract(year FROM date) = $1 ORDER BY date`,
      [year ?? null],
    )) as { date: string; name: string; day_off: boolean; source: string }[];
    return rows.map((r) => ({ date: r.date, name: r.name, dayOff: r.day_off, source: r.source }));
  }

  async put(date: string, body: { name: string; dayOff: boolean }): Promise<HolidayView> {
    this.requireDate(date);
    await this.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO holidays (date, name, day_off, source) VALUES ($1, $2, $3, 'admin')
         ON CONFLICT (date) DO UPDATE SET name = EXCLUDED.name, day_off = EXCLUDED.day_off, source = 'admin', updated_at = now()`,
        [date, body.name.trim().normalize('NFC'), body.dayOff],
      );
      await this.resyncRollForwardPlans(em);
    });
    const [view] = (await this.list()).filter((h) => h.date === date);
    return view;
  }

  async remove(date: string): Promise<void> {
    this.requireDate(date);
    await this.dataSource.transaction(async (em) => {
      const [, removed] = (await em.query('DELETE FROM holidays WHERE date = $1', [date])) as [unknown[], number];
      if (!removed) throw AppError.notFound(`Không có ngày nghỉ ${date} trong danh sách.`, 'HOLIDAY_NOT_FOUND');
      await this.resyncRollForwardPlans(em);
    });
  }

  private requireDate(date: string): void {
    if (!parseIsoDate(date)) throw AppError.field('date', `Ngày "${date}" không có thật hoặc không đúng dạng YYYY-MM-DD.`);
  }

  /** Deadlines of regimes that roll forward depend on the table: recompute them now. */
  private async resyncRollForwardPlans(em: EntityManager): Promise<void> {
    const plans = (await em.query(`SELECT DISTINCT plan_id FROM reporting_regimes WHERE roll_forward`)) as { plan_id: string }[];
    for (const p of plans) await syncPeriodsForPlan(em, p.plan_id);
  }
}
