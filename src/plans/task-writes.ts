import { EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { FieldErrors, fieldRefusal } from '../common/field-errors';
import { MilestoneDto } from './dto/timeline.dto';
import { MilestoneRecord, TasksRepository } from './tasks.repository';
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

export function milestoneErrors(errors: FieldErrors, milestones: MilestoneDto[] | null | undefined): void {
  (milestones ?? []).forEach((m, i) => errors.addAll(timelineErrors(m.timeline, `milestones.${i}.timeline`)));
}

/** Milestones as the repository stores them. */
export function milestoneRecords(milestones: MilestoneDto[]): MilestoneRecord[] {
  return milestones.map((m) => ({ title: m.title, timeline: timelineColumns(m.timeline) }));
}

/** A task cannot hang under itself or under one of its own descendants. */
export async function refuseParentCycle(
  tasks: TasksRepository,
  em: EntityManager,
  task: { id: string; code: string },
  parent: { id: string; code: string },
): Promise<void> {
  if (!(await tasks.isSelfOrAncestor(parent.id, task.id, em))) return;
  const message =
    parent.id === task.id
      ? `Nhiệm vụ "${task.code}" không thể là nhiệm vụ cha của chính nó.`
      : `Không thể đặt "${parent.code}" làm nhiệm vụ cha của "${task.code}" vì "${parent.code}" là nhiệm vụ con của "${task.code}" (sẽ tạo thành vòng lặp).`;
  throw fieldRefusal('TASK_PARENT_CYCLE', 'parentCode', message);
}
