import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { LockedPlan, PlansRepository } from './plans.repository';

export type { LockedPlan } from './plans.repository';

/**
 * The plan row, locked for the rest of the transaction: administrator writes to one plan run one
 * after another, so a check (no parent loop, targets within the years, a free code) still holds
 * when the write lands.
 */
export async function lockPlan(plans: PlansRepository, em: EntityManager, code: string): Promise<LockedPlan> {
  const plan = await plans.lockByCode(code, em);
  if (!plan) throw AppError.notFound(`Không tìm thấy kế hoạch có mã "${code}".`, 'PLAN_NOT_FOUND');
  return plan;
}
