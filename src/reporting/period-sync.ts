import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { PlansRepository } from '../plans/plans.repository';
import { CalendarRuleError, planPeriods } from './calendar';
import { HolidaysRepository } from './holidays.repository';
import { PeriodsRepository } from './periods.repository';
import { RegimesRepository } from './regimes.repository';

/**
 * Makes reporting_periods match what the plan's report kinds say: inserts missing periods and
 * moves the dates of existing ones when a rule changed. One statement per kind, whatever the
 * number of years.
 */
@Injectable()
export class PeriodSync {
  constructor(
    private readonly plans: PlansRepository,
    private readonly regimes: RegimesRepository,
    private readonly periods: PeriodsRepository,
    private readonly holidays: HolidaysRepository,
  ) {}

  /** The same, built on a manager's connection, for callers outside Nest's container (seeds, the benchmark). */
  static over(em: EntityManager): PeriodSync {
    const ds = em.connection;
    return new PeriodSync(new PlansRepository(ds), new RegimesRepository(ds), new PeriodsRepository(ds), new HolidaysRepository(ds));
  }

  /** Re-plans the plan's periods in the caller's transaction; answers how many rows changed. */
  async syncPlan(planId: string, em: EntityManager): Promise<number> {
    const plan = await this.plans.yearsOf(planId, em);
    if (!plan) return 0;
    const kinds = await this.regimes.kindsOfPlan(planId, em);
    let daysOff: Set<string> | null = null;
    let changed = 0;
    for (const kind of kinds) {
      const rollForward = kind.regime?.rollForward ?? false;
      if (rollForward && !daysOff) daysOff = await this.holidays.daysOff(em);
      const periods = planPeriods(kind, plan.startYear, plan.endYear, { rollForward, daysOff: daysOff ?? undefined });
      changed += await this.periods.upsertPlanned(kind.id, planId, periods, em);
      // A period the rules no longer produce goes only while nothing has happened in it yet.
      const inUse = await this.periods.labelsInUseOutside(kind.id, periods, em);
      if (inUse.length) {
        throw AppError.conflict(
          `Không thể bỏ ${inUse.map((label) => `"${label}"`).join(', ')}: kỳ báo cáo đã mở hoặc đã có nhắc hạn, dữ liệu cần được giữ lại.`,
          'PERIOD_IN_USE',
        );
      }
      changed += await this.periods.deleteOutside(kind.id, periods, em);
    }
    return changed;
  }

  /**
   * Re-plans the plan's periods inside the caller's transaction. A rule the calendar cannot apply
   * (day 30 of February after the years changed) is the administrator's input, so it answers 400
   * at `path` instead of failing the request with a 500.
   */
  async syncOrRefuse(planId: string, path: string, em: EntityManager): Promise<number> {
    try {
      return await this.syncPlan(planId, em);
    } catch (error) {
      if (error instanceof CalendarRuleError) {
        throw AppError.field(path, `Không lập được lịch kỳ báo cáo: ${error.message}`);
      }
      throw error;
    }
  }
}

/** Re-plans one plan's periods in the caller's transaction (seeds, the benchmark, the reconciler). */
export function syncPeriodsForPlan(em: EntityManager, planId: string): Promise<number> {
  return PeriodSync.over(em).syncPlan(planId, em);
}
