import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { AppError } from '../common/errors';
import { FieldErrors } from '../common/field-errors';
import { taskCapitalErrors } from './capital-rules';
import { CreateTaskDto, ReplaceAssignmentsDto, UpdateTaskDto } from './dto/task.dto';
import { LockedPlan, lockPlan, sectionIdByCode, TaskRef, taskByCode } from './plan-lookups';
import { PlansService, TaskView } from './plans.service';
import {
  assignmentCodes,
  milestoneErrors,
  nextTaskPosition,
  refuseParentCycle,
  replaceAssignments,
  replaceMilestones,
  resolveAssignments,
} from './task-writes';
import { timelineColumns, timelineErrors } from './timeline-rules';

/** Administrator writes to a plan's tasks, their milestones and assignments. */
@Injectable()
export class TasksAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly plans: PlansService,
    private readonly agencies: AgenciesService,
  ) {}

  async create(planCode: string, dto: CreateTaskDto): Promise<TaskView> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(em, planCode);
      const errors = new FieldErrors();
      if (dto.timeline) errors.addAll(timelineErrors(dto.timeline, 'timeline'));
      milestoneErrors(errors, dto.milestones);
      errors.addAll(
        await taskCapitalErrors(em, {
          total: dto.capitalTotal ?? null,
          stateBudget: dto.capitalStateBudget ?? null,
          nonStateBudget: dto.capitalNonStateBudget ?? null,
        }),
      );
      const parent = dto.parentCode ? await this.parent(em, errors, plan, dto.parentCode) : null;
      const sectionId = dto.sectionCode ? await this.section(em, errors, plan, dto.sectionCode) : (parent?.sectionId ?? null);
      const ids = await resolveAssignments(this.agencies, errors, {
        lead: dto.leadAgencyCodes,
        cooperating: dto.cooperatingAgencyCodes ?? [],
        leadPath: 'leadAgencyCodes',
        cooperatingPath: 'cooperatingAgencyCodes',
      });
      errors.throwIfAny();
      if (await taskByCode(em, plan.id, dto.code)) throw this.codeTaken(dto.code);
      const position = dto.position ?? (await nextTaskPosition(em, plan.id, parent?.id ?? null, sectionId));
      const [{ id }] = (await em.query(
        `INSERT INTO tasks (plan_id, section_id, parent_id, code, title, kind, position, timeline_kind, timeline_year, timeline_end_year,
           timeline_date, timeline_text, capital_total, capital_state_budget, capital_non_state_budget, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
        [
          plan.id,
          sectionId,
          parent?.id ?? null,
          dto.code,
          dto.title,
          dto.kind,
          position,
          ...timelineColumns(dto.timeline),
          dto.capitalTotal ?? null,
          dto.capitalStateBudget ?? null,
          dto.capitalNonStateBudget ?? null,
          dto.note || null,
        ],
      )) as { id: string }[];
      await replaceMilestones(em, id, dto.milestones ?? []);
      await replaceAssignments(em, id, ids!);
    });
    return this.plans.task(planCode, dto.code);
  }

  async update(planCode: string, taskCode: string, dto: UpdateTaskDto): Promise<TaskView> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(em, planCode);
      const task = await this.requireTask(em, plan, taskCode);
      const errors = new FieldErrors();
      if (dto.timeline) errors.addAll(timelineErrors(dto.timeline, 'timeline'));
      milestoneErrors(errors, dto.milestones);
      const capital = await this.mergedCapital(em, task.id, dto);
      errors.addAll(await taskCapitalErrors(em, capital));
      // undefined keeps, null clears, a code moves.
      const parent = dto.parentCode == null ? dto.parentCode : await this.parent(em, errors, plan, dto.parentCode);
      const sectionId = dto.sectionCode == null ? dto.sectionCode : await this.section(em, errors, plan, dto.sectionCode);
      const ids =
        dto.leadAgencyCodes || dto.cooperatingAgencyCodes !== undefined
          ? await this.mergedAssignments(em, errors, task.id, dto)
          : undefined;
      errors.throwIfAny();
      if (parent) await refuseParentCycle(em, { id: task.id, code: taskCode }, { id: parent.id, code: dto.parentCode as string });

      const sets: string[] = [];
      const params: unknown[] = [task.id];
      const set = (column: string, value: unknown) => {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      };
      if (dto.title !== undefined) set('title', dto.title);
      if (dto.kind !== undefined) set('kind', dto.kind);
      if (dto.note !== undefined) set('note', dto.note || null);
      if (sectionId !== undefined) set('section_id', sectionId);
      const parentId = parent === undefined ? undefined : (parent?.id ?? null);
      if (parentId !== undefined) set('parent_id', parentId);
      const moved = (parentId !== undefined && parentId !== task.parentId) || (sectionId !== undefined && sectionId !== task.sectionId);
      // A task that changes place goes after its new siblings unless a position is given.
      const newParentId = parentId === undefined ? task.parentId : parentId;
      const newSectionId = sectionId === undefined ? task.sectionId : sectionId;
      const position = dto.position ?? (moved ? await nextTaskPosition(em, plan.id, newParentId, newSectionId) : undefined);
      if (position !== undefined) set('position', position);
      if (dto.timeline !== undefined) {
        const [kind, year, endYear, date, text] = timelineColumns(dto.timeline);
        set('timeline_kind', kind);
        set('timeline_year', year);
        set('timeline_end_year', endYear);
        set('timeline_date', date);
        set('timeline_text', text);
      }
      if ([dto.capitalTotal, dto.capitalStateBudget, dto.capitalNonStateBudget].some((v) => v !== undefined)) {
        set('capital_total', capital.total);
        set('capital_state_budget', capital.stateBudget);
        set('capital_non_state_budget', capital.nonStateBudget);
      }
      await em.query(`UPDATE tasks SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`, params);
      if (dto.milestones !== undefined) await replaceMilestones(em, task.id, dto.milestones ?? []);
      if (ids) await replaceAssignments(em, task.id, ids);
    });
    return this.plans.task(planCode, taskCode);
  }

  async replaceAssignments(planCode: string, taskCode: string, dto: ReplaceAssignmentsDto): Promise<TaskView> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(em, planCode);
      const task = await this.requireTask(em, plan, taskCode);
      const errors = new FieldErrors();
      const ids = await resolveAssignments(this.agencies, errors, {
        lead: dto.lead,
        cooperating: dto.cooperating,
        leadPath: 'lead',
        cooperatingPath: 'cooperating',
      });
      errors.throwIfAny();
      await replaceAssignments(em, task.id, ids!);
    });
    return this.plans.task(planCode, taskCode);
  }

  private async requireTask(em: EntityManager, plan: LockedPlan, taskCode: string): Promise<TaskRef> {
    const task = await taskByCode(em, plan.id, taskCode);
    if (!task) throw AppError.notFound(`Không tìm thấy nhiệm vụ "${taskCode}" trong kế hoạch ${plan.code}.`, 'TASK_NOT_FOUND');
    return task;
  }

  private async parent(em: EntityManager, errors: FieldErrors, plan: LockedPlan, code: string): Promise<TaskRef | null> {
    const parent = await taskByCode(em, plan.id, code);
    if (!parent) errors.add('parentCode', `Không có nhiệm vụ nào mang mã "${code}" trong kế hoạch ${plan.code}.`);
    return parent;
  }

  private async section(em: EntityManager, errors: FieldErrors, plan: LockedPlan, code: string): Promise<string | null> {
    const id = await sectionIdByCode(em, plan.id, code);
    if (!id) errors.add('sectionCode', `Không có phụ lục nào mang mã "${code}" trong kế hoạch ${plan.code}.`);
    return id;
  }

  /** The capital the task will have: given fields over the stored ones, as exact decimal text. */
  private async mergedCapital(em: EntityManager, taskId: string, dto: UpdateTaskDto) {
    const [row] = (await em.query(
      `SELECT trim_scale(capital_total)::text AS total, trim_scale(capital_state_budget)::text AS state_budget,
              trim_scale(capital_non_state_budget)::text AS non_state_budget FROM tasks WHERE id = $1`,
      [taskId],
    )) as { total: string | null; state_budget: string | null; non_state_budget: string | null }[];
    const pick = (given: string | null | undefined, stored: string | null) => (given === undefined ? stored : given);
    return {
      total: pick(dto.capitalTotal, row.total),
      stateBudget: pick(dto.capitalStateBudget, row.state_budget),
      nonStateBudget: pick(dto.capitalNonStateBudget, row.non_state_budget),
    };
  }

  private async mergedAssignments(em: EntityManager, errors: FieldErrors, taskId: string, dto: UpdateTaskDto) {
    const current = await assignmentCodes(em, taskId);
    const cooperatingGiven = dto.cooperatingAgencyCodes !== undefined;
    return resolveAssignments(this.agencies, errors, {
      lead: dto.leadAgencyCodes ?? current.lead,
      // A PATCH that moves a cooperating agency into the lead list takes it out of cooperating.
      cooperating: cooperatingGiven
        ? (dto.cooperatingAgencyCodes ?? [])
        : current.cooperating.filter((c) => !dto.leadAgencyCodes?.includes(c)),
      leadPath: 'leadAgencyCodes',
      cooperatingPath: 'cooperatingAgencyCodes',
    });
  }

  private codeTaken(code: string): AppError {
    return AppError.conflict(`Mã nhiệm vụ "${code}" đã tồn tại trong kế hoạch.`, 'TASK_CODE_TAKEN');
  }
}
