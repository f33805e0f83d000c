import { EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { FieldErrors, fieldRefusal } from '../common/field-errors';
import { MilestoneDto } from './dto/timeline.dto';
import { timelineColumns, timelineErrors } from './timeline-rules';

export interface AgencyLists {
  lead: string[];
  cooperating: string[];
  /** Field names the lists came from, so errors point at what the administrator sent. */
  leadPath: string;
  cooperatingPath: string;
}

/**
 * Resolves lead and cooperating agency codes, refusing unknown codes and an agency named in both
 * roles (one row per task and agency: uq_task_assignments_task_agency).
 */
export async function resolveAssignments(
  agencies: AgenciesService,
  errors: FieldErrors,
  lists: AgencyLists,
): Promise<{ lead: string[]; cooperating: string[] } | null> {
  const lead = await errors.absorb(agencies.resolveCodes(lists.lead, lists.leadPath));
  const cooperating = await errors.absorb(agencies.resolveCodes(lists.cooperating, lists.cooperatingPath));
  const leadCodes = new Set(lists.lead);
  lists.cooperating.forEach((code, i) => {
    if (leadCodes.has(code)) {
      errors.add(
        `${lists.cooperatingPath}.${i}`,
        `Cơ quan "${code}" đã là cơ quan chủ trì của nhiệm vụ, không thể đồng thời là cơ quan phối hợp.`,
      );
    }
  });
  return lead && cooperating ? { lead, cooperating } : null;
}

export async function replaceAssignments(em: EntityManager, taskId: string, ids: { lead: string[]; cooperating: string[] }): Promise<void> {
  await em.query('DELETE FROM task_assignments WHERE task_id = $1', [taskId]);
  await em.query(
    `INSERT INTO task_assignments (task_id, agency_id, role)
     SELECT $1::uuid, a, 'lead' FROM unnest($2::uuid[]) a UNION ALL SELECT $1::uuid, a, 'cooperating' FROM unnest($3::uuid[]) a`,
    [taskId, ids.lead, ids.cooperating],
  );
}

/** Current assignment codes of a task, for a PATCH that changes only one of the two lists. */
export async function assignmentCodes(em: EntityManager, taskId: string): Promise<{ lead: string[]; cooperating: string[] }> {
  const rows = (await em.query(
    `SELECT a.code, ta.role FROM task_assignments ta JOIN agencies a ON a.id = ta.agency_id WHERE ta.task_id = $1 ORDER BY a.code`,
    [taskId],
  )) as { code: string; role: string }[];
  return {
    lead: rows.filter((r) => r.role === 'lead').map((r) => r.code),
    cooperating: rows.filter((r) => r.role === 'cooperating').map((r) => r.code),
  };
}

export function milestoneErrors(errors: FieldErrors, milestones: MilestoneDto[] | null | undefined): void {
  (milestones ?? []).forEach((m, i) => errors.addAll(timelineErrors(m.timeline, `milestones.${i}.timeline`)));
}

export async function replaceMilestones(em: EntityManager, taskId: string, milestones: MilestoneDto[]): Promise<void> {
  await em.query('DELETE FROM task_milestones WHERE task_id = $1', [taskId]);
  for (const [i, m] of milestones.entries()) {
    await em.query(
      `INSERT INTO task_milestones (task_id, position, title, timeline_kind, timeline_year, timeline_end_year, timeline_date, timeline_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [taskId, i + 1, m.title, ...timelineColumns(m.timeline)],
    );
  }
}

/** A task cannot hang under itself or under one of its own descendants. */
export async function refuseParentCycle(
  em: EntityManager,
  task: { id: string; code: string },
  parent: { id: string; code: string },
): Promise<void> {
  const [hit] = (await em.query(
    `WITH RECURSIVE up AS (
       SELECT id, parent_id FROM tasks WHERE id = $1
       UNION SELECT t.id, t.parent_id FROM tasks t JOIN up ON t.id = up.parent_id
     ) SELECT 1 FROM up WHERE id = $2`,
    [parent.id, task.id],
  )) as unknown[];
  if (!hit) return;
  const message =
    parent.id === task.id
      ? `Nhiệm vụ "${task.code}" không thể là nhiệm vụ cha của chính nó.`
      : `Không thể đặt "${parent.code}" làm nhiệm vụ cha của "${task.code}" vì "${parent.code}" là nhiệm vụ con của "${task.code}" (sẽ tạo thành vòng lặp).`;
  throw fieldRefusal('TASK_PARENT_CYCLE', 'parentCode', message);
}

/** Next position among the siblings a task joins: after the last one. */
export async function nextTaskPosition(
  em: EntityManager,
  planId: string,
  parentId: string | null,
  sectionId: string | null,
): Promise<number> {
  const [row] = (await em.query(
    `SELECT coalesce(max(position), 0) + 1 AS next FROM tasks
     WHERE plan_id = $1 AND parent_id IS NOT DISTINCT FROM $2::uuid AND ($2::uuid IS NOT NULL OR section_id IS NOT DISTINCT FROM $3::uuid)`,
    [planId, parentId, sectionId],
  )) as { next: number }[];
  return row.next;
}
