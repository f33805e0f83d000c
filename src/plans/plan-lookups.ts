import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';

export interface LockedPlan {
  id: string;
  code: string;
  startYear: number;
  endYear: number;
}

/**
 * The plan row, locked for the rest of the transaction: administrator writes to one plan run one
 * after another, so a check (no parent loop, targets within the years, a free code) still holds
 * when the write lands.
 */
export async function lockPlan(em: EntityManager, code: string): Promise<LockedPlan> {
  const [row] = (await em.query('SELECT id, code, start_year, end_year FROM plans WHERE code = $1 FOR UPDATE', [code])) as {
    id: string;
    code: string;
    start_year: number;
    end_year: number;
  }[];
  if (!row) throw AppError.notFound(`Không tìm thấy kế hoạch có mã "${code}".`, 'PLAN_NOT_FOUND');
  return { id: row.id, code: row.code, startYear: row.start_year, endYear: row.end_year };
}

/** Id of an agency by code, or null; the caller words the refusal for its field. */
export async function agencyIdByCode(em: EntityManager, code: string): Promise<string | null> {
  const [row] = (await em.query('SELECT id FROM agencies WHERE code = $1', [code])) as { id: string }[];
  return row?.id ?? null;
}

export async function sectionIdByCode(em: EntityManager, planId: string, code: string): Promise<string | null> {
  const [row] = (await em.query('SELECT id FROM plan_sections WHERE plan_id = $1 AND code = $2', [planId, code])) as { id: string }[];
  return row?.id ?? null;
}

export interface TaskRef {
  id: string;
  sectionId: string | null;
  parentId: string | null;
}

export async function taskByCode(em: EntityManager, planId: string, code: string): Promise<TaskRef | null> {
  const [row] = (await em.query('SELECT id, section_id, parent_id FROM tasks WHERE plan_id = $1 AND code = $2', [planId, code])) as {
    id: string;
    section_id: string | null;
    parent_id: string | null;
  }[];
  return row ? { id: row.id, sectionId: row.section_id, parentId: row.parent_id } : null;
}
