import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { parseIsoDate } from '../common/time-zone';
import { HolidaysRepository } from './holidays.repository';
import { PeriodSync } from './period-sync';
import { RegimesRepository } from './regimes.repository';

export interface HolidayView {
  date: string;
  name: string;
  dayOff: boolean;
  source: string;
}

/** The holiday table that roll-forward regimes consult; administrators keep it true to the decrees. */
@Injectable()
export class HolidaysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly holidays: HolidaysRepository,
    private readonly regimes: RegimesRepository,
    private readonly periods: PeriodSync,
  ) {}

  async list(year?: number): Promise<HolidayView[]> {
    const rows = await this.holidays.list(year);
    return rows.map((r) => ({ date: r.date, name: r.name, dayOff: r.day_off, source: r.source }));
  }

  async put(date: string, body: { name: string; dayOff: boolean }): Promise<HolidayView> {
    this.requireDate(date);
    await this.dataSource.transaction(async (em) => {
      await this.holidays.upsertByAdmin(date, body.name.trim().normalize('NFC'), body.dayOff, em);
      await this.resyncRollForwardPlans(em);
    });
    const [view] = (await this.list()).filter((h) => h.date === date);
    return view;
  }

  async remove(date: string): Promise<void> {
    this.requireDate(date);
    await this.dataSource.transaction(async (em) => {
      if (!(await this.holidays.delete(date, em)))
        throw AppError.notFound(`Không có ngày nghỉ ${date} trong danh sách.`, 'HOLIDAY_NOT_FOUND');
      await this.resyncRollForwardPlans(em);
    });
  }

  private requireDate(date: string): void {
    if (!parseIsoDate(date)) throw AppError.field('date', `Ngày "${date}" không có thật hoặc không đúng dạng YYYY-MM-DD.`);
  }

  /** Deadlines of regimes that roll forward depend on the table: recompute them now. */
  private async resyncRollForwardPlans(em: EntityManager): Promise<void> {
    for (const planId of await this.regimes.rollForwardPlanIds(em)) await this.periods.syncPlan(planId, em);
  }
}
