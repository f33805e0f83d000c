import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { CalendarRuleError } from './calendar';
import { syncPeriodsForPlan } from './period-sync';

/**
 * Re-plans the plan's periods inside the caller's transaction. A rule the calendar cannot apply
 * (day 30 of February after the years changed) is the administrator's input, so it answers 400
 * at `path` instead of failing the request with a 500.
 */
export async function syncPeriodsOrRefuse(em: EntityManager, planId: string, path: string): Promise<number> {
  try {
    return await syncPeriodsForPlan(em, planId);
  } catch (error) {
    if (error instanceof CalendarRuleError) {
      throw AppError.field(path, `Không lập được lịch kỳ báo cáo: ${error.message}`);
    }
    throw error;
  }
}
