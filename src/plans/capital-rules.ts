import { EntityManager } from 'typeorm';
import { FieldError } from '../common/errors';
import { PlansRepository } from './plans.repository';

export interface CapitalInput {
  total: string | null;
  stateBudget: string | null;
  nonStateBudget: string | null;
}

export function capitalMismatchMessage(total: string, stateBudget: string, nonStateBudget: string): string {
  return `Tổng nhu cầu vốn (${total} tỷ đồng) phải bằng vốn ngân sách nhà nước (${stateBudget}) cộng vốn ngoài ngân sách nhà nước (${nonStateBudget}).`;
}

/**
 * A task may state only its total capital need (the split unknown), or the total with both
 * sources adding up to it; a lone source would read as "the other source is 0".
 */
export async function taskCapitalErrors(plans: PlansRepository, c: CapitalInput, em?: EntityManager): Promise<FieldError[]> {
  if (c.stateBudget === null && c.nonStateBudget === null) return [];
  const missing = (['total', 'stateBudget', 'nonStateBudget'] as const).filter((k) => c[k] === null);
  if (missing.length) {
    const field = { total: 'capitalTotal', stateBudget: 'capitalStateBudget', nonStateBudget: 'capitalNonStateBudget' };
    return missing.map((k) => ({
      path: field[k],
      message: 'Khi nêu nguồn vốn, cần đủ cả tổng nhu cầu vốn, vốn ngân sách nhà nước và vốn ngoài ngân sách nhà nước.',
    }));
  }
  const [total, stateBudget, nonStateBudget] = [c.total as string, c.stateBudget as string, c.nonStateBudget as string];
  if (await plans.capitalAddsUp(total, stateBudget, nonStateBudget, em)) return [];
  return [{ path: 'capitalTotal', message: capitalMismatchMessage(total, stateBudget, nonStateBudget) }];
}
