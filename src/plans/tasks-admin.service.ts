import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { AppError } from '../common/errors';
import { FieldErrors } from '../common/field-errors';
import { taskCapitalErrors } from './capital-rules';
import { CreateTaskDto, ReplaceAssignmentsDto, UpdateTaskDto } from './dto/task.dto';
import { LockedPlan, lockPlan } from './plan-lookups';
import { PlansRepository } from './plans.repository';
import { PlansService, TaskView } from './plans.service';
import { milestoneErrors, milestoneRecords, refuseParentCycle, resolveAssignments } from './task-writes';
import { TaskChanges, TaskRef, TasksRepository } from './tasks.repository';
import { timelineColumns, timelineErrors } from './timeline-rules';

/** Administrator writes to a plan's tasks, their milestones and assignments. */
@Injectable()
export class TasksAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly planRows: PlansRepository,
    private readonly tasks: TasksRepository,
    private readonly plans: PlansService,
    private readonly agencies: AgenciesService,
  ) {}

  async create(planCode: string, dto: CreateTaskDto): Promise<TaskView> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(this.planRows, em, planCode);
      const errors = new FieldErrors();
      if (dto.timeline) errors.addAll(timelineErrors(dto.timeline, 'timeline'));
      milestoneErrors(errors, dto.milestones);
      errors.addAll(
        await taskCapitalErrors(
          this.planRows,
          {
            total: dto.capitalTotal ?? null,
            stateBudget: dto.capitalStateBudget ?? null,
            nonStateBudget: dto.capitalNonStateBudget ?? null,
          },
          em,
        ),
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
      if (await this.tasks.byCode(plan.id, dto.code, em)) throw this.codeTaken(dto.code);
      const position = dto.position ?? (await this.tasks.nextPosition(plan.id, parent?.id ?? null, sectionId, em));
      const id = await this.tasks.insert(
        plan.id,
        {
          sectionId,
          parentId: parent?.id ?? null,
          code: dto.code,
          title: dto.title,
          kind: dto.kind,
          position,
          timeline: timelineColumns(dto.timeline),
          capitalTotal: dto.capitalTotal ?? null,
          capitalStateBudget: dto.capitalStateBudget ?? null,
          capitalNonStateBudget: dto.capitalNonStateBudget ?? null,
          note: dto.note || null,
        },
        em,
      );
      await this.tasks.replaceMilestones(id, milestoneRecords(dto.milestones ?? []), em);
      await this.tasks.replaceAssignments(id, ids!, em);
    });
    return this.plans.task(planCode, dto.code);
  }

  async update(planCode: string, taskCode: string, dto: UpdateTaskDto): Promise<TaskView> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(this.planRows, em, planCode);
      const task = await this.requireTask(em, plan, taskCode);
      const errors = new FieldErrors();
      if (dto.timeline) errors.addAll(timelineErrors(dto.timeline, 'timeline'));
      milestoneErrors(errors, dto.milestones);
      const capital = await this.mergedCapital(em, task.id, dto);
      errors.addAll(await taskCapitalErrors(this.planRows, capital, em));
      // undefined keeps, null clears, a code moves.
      const parent = dto.parentCode == null ? dto.parentCode : await this.parent(em, errors, plan, dto.parentCode);
      const sectionId = dto.sectionCode == null ? dto.sectionCode : await this.section(em, errors, plan, dto.sectionCode);
      const ids =
        dto.leadAgencyCodes || dto.cooperatingAgencyCodes !== undefined
          ? await this.mergedAssignments(em, errors, task.id, dto)
          : undefined;
      errors.throwIfAny();
      if (parent)
        await refuseParentCycle(this.tasks, em, { id: task.id, code: taskCode }, { id: parent.id, code: dto.parentCode as string });

      const parentId = parent === undefined ? undefined : (parent?.id ?? null);
      const changes: TaskChanges = {
        title: dto.title,
        kind: dto.kind,
        note: dto.note === undefined ? undefined : dto.note || null,
        sectionId,
        parentId,
        timeline: dto.timeline === undefined ? undefined : timelineColumns(dto.timeline),
        capital: [dto.capitalTotal, dto.capitalStateBudget, dto.capitalNonStateBudget].some((v) => v !== undefined) ? capital : undefined,
      };
      const moved = (parentId !== undefined && parentId !== task.parentId) || (sectionId !== undefined && sectionId !== task.sectionId);
      // A task that changes place goes after its new siblings unless a position is given.
      const newParentId = parentId === undefined ? task.parentId : parentId;
      const newSectionId = sectionId === undefined ? task.sectionId : sectionId;
      changes.position = dto.position ?? (moved ? await this.tasks.nextPosition(plan.id, newParentId, newSectionId, em) : undefined);
      await this.tasks.update(task.id, changes, em);
      if (dto.milestones !== undefined) await this.tasks.replaceMilestones(task.id, milestoneRecords(dto.milestones ?? []), em);
      if (ids) await this.tasks.replaceAssignments(task.id, ids, em);
    });
    return this.plans.task(planCode, taskCode);
  }

  async replaceAssignments(planCode: string, taskCode: string, dto: ReplaceAssignmentsDto): Promise<TaskView> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(this.planRows, em, planCode);
      const task = await this.requireTask(em, plan, taskCode);
      const errors = new FieldErrors();
      const ids = await resolveAssignments(this.agencies, errors, {
        lead: dto.lead,
        cooperating: dto.cooperating,
        leadPath: 'lead',
        cooperatingPath: 'cooperating',
      });
      errors.throwIfAny();
      await this.tasks.replaceAssignments(task.id, ids!, em);
    });
    return this.plans.task(planCode, taskCode);
  }

  private async requireTask(em: EntityManager, plan: LockedPlan, taskCode: string): Promise<TaskRef> {
    const task = await this.tasks.byCode(plan.id, taskCode, em);
    if (!task) throw AppError.notFound(`Không tìm thấy nhiệm vụ "${taskCode}" trong kế hoạch ${plan.code}.`, 'TASK_NOT_FOUND');
    return task;
  }

  private async parent(em: EntityManager, errors: FieldErrors, plan: LockedPlan, code: string): Promise<TaskRef | null> {
    const parent = await this.tasks.byCode(plan.id, code, em);
    if (!parent) errors.add('parentCode', `Không có nhiệm vụ nào mang mã "${code}" trong kế hoạch ${plan.code}.`);
    return parent;
  }

  private async section(em: EntityManager, errors: FieldErrors, plan: LockedPlan, code: string): Promise<string | null> {
    const id = await this.planRows.sectionIdByCode(plan.id, code, em);
    if (!id) errors.add('sectionCode', `Không có phụ lục nào mang mã "${code}" trong kế hoạch ${plan.code}.`);
    return id;
  }

  /** The capital the task will have: given fields over the stored ones, as exact decimal text. */
  private async mergedCapital(em: EntityManager, taskId: string, dto: UpdateTaskDto) {
    const stored = await this.tasks.capitalOf(taskId, em);
    const pick = (given: string | null | undefined, kept: string | null) => (given === undefined ? kept : given);
    return {
      total: pick(dto.capitalTotal, stored.total),
      stateBudget: pick(dto.capitalStateBudget, stored.stateBudget),
      nonStateBudget: pick(dto.capitalNonStateBudget, stored.nonStateBudget),
    };
  }

  private async mergedAssignments(em: EntityManager, errors: FieldErrors, taskId: string, dto: UpdateTaskDto) {
    const current = await this.tasks.assignmentCodes(taskId, em);
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
