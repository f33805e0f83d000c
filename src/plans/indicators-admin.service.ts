import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { AppError } from '../common/errors';
import { FieldErrors } from '../common/field-errors';
import { CreateIndicatorDto, ReplaceTargetsDto, TargetDto, UpdateIndicatorDto } from './dto/indicator.dto';
import { LockedPlan, lockPlan, taskByCode } from './plan-lookups';
import { IndicatorView, PlansService } from './plans.service';

/** Administrator writes to a plan's indicators, their owners and yearly targets. */
@Injectable()
export class IndicatorsAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly plans: PlansService,
    private readonly agencies: AgenciesService,
  ) {}

  async create(planCode: string, dto: CreateIndicatorDto): Promise<IndicatorView> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(em, planCode);
      const errors = new FieldErrors();
      const taskId = dto.taskCode ? await this.taskId(em, errors, plan, dto.taskCode) : null;
      const owners = await errors.absorb(this.agencies.resolveCodes(dto.ownerAgencyCodes, 'ownerAgencyCodes'));
      targetErrors(errors, plan, dto.targets ?? [], 'targets');
      errors.throwIfAny();
      const [taken] = (await em.query('SELECT 1 FROM indicators WHERE plan_id = $1 AND code = $2', [plan.id, dto.code])) as unknown[];
      if (taken) throw AppError.conflict(`Mã chỉ tiêu "${dto.code}" đã tồn tại trong kế hoạch.`, 'INDICATOR_CODE_TAKEN');
      const [{ id }] = (await em.query(
        `INSERT INTO indicators (plan_id, task_id, code, name, unit, aggregation, position)
         VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, (SELECT coalesce(max(position), 0) + 1 FROM indicators WHERE plan_id = $1))) RETURNING id`,
        [plan.id, taskId, dto.code, dto.name, dto.unit, dto.aggregation, dto.position ?? null],
      )) as { id: string }[];
      await replaceOwners(em, id, owners!);
      await replaceTargets(em, id, dto.targets ?? []);
    });
    return this.view(planCode, dto.code);
  }

  async update(planCode: string, code: string, dto: UpdateIndicatorDto): Promise<IndicatorView> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(em, planCode);
      const id = await this.requireIndicator(em, plan, code);
      const errors = new FieldErrors();
      const taskId = dto.taskCode == null ? dto.taskCode : await this.taskId(em, errors, plan, dto.taskCode);
      const owners = dto.ownerAgencyCodes
        ? await errors.absorb(this.agencies.resolveCodes(dto.ownerAgencyCodes, 'ownerAgencyCodes'))
        : undefined;
      if (dto.targets) targetErrors(errors, plan, dto.targets, 'targets');
      errors.throwIfAny();
      await em.query(
        `UPDATE indicators SET name = coalesce($2, name), unit = coalesce($3, unit), aggregation = coalesce($4, aggregation),
           position = coalesce($5, position), task_id = CASE WHEN $6 THEN $7::uuid ELSE task_id END
         WHERE id = $1`,
        [id, dto.name ?? null, dto.unit ?? null, dto.aggregation ?? null, dto.position ?? null, taskId !== undefined, taskId ?? null],
      );
      if (owners) await replaceOwners(em, id, owners);
      if (dto.targets !== undefined) await replaceTargets(em, id, dto.targets ?? []);
    });
    return this.view(planCode, code);
  }

  async replaceTargets(planCode: string, code: string, dto: ReplaceTargetsDto): Promise<IndicatorView> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(em, planCode);
      const id = await this.requireIndicator(em, plan, code);
      const errors = new FieldErrors();
      targetErrors(errors, plan, dto.targets, 'targets');
      errors.throwIfAny();
      await replaceTargets(em, id, dto.targets);
    });
    return this.view(planCode, code);
  }

  private async view(planCode: string, code: string): Promise<IndicatorView> {
    const found = (await this.plans.indicators(planCode)).find((i) => i.code === code);
    if (!found) throw AppError.notFound(`Không tìm thấy chỉ tiêu "${code}" trong kế hoạch ${planCode}.`, 'INDICATOR_NOT_FOUND');
    return found;
  }

  private async requireIndicator(em: EntityManager, plan: LockedPlan, code: string): Promise<string> {
    const [row] = (await em.query('SELECT id FROM indicators WHERE plan_id = $1 AND code = $2', [plan.id, code])) as { id: string }[];
    if (!row) throw AppError.notFound(`Không tìm thấy chỉ tiêu "${code}" trong kế hoạch ${plan.code}.`, 'INDICATOR_NOT_FOUND');
    return row.id;
  }

  private async taskId(em: EntityManager, errors: FieldErrors, plan: LockedPlan, code: string): Promise<string | null> {
    const task = await taskByCode(em, plan.id, code);
    if (!task) errors.add('taskCode', `Không có nhiệm vụ nào mang mã "${code}" trong kế hoạch ${plan.code}.`);
    return task?.id ?? null;
  }
}

/** A target names a year of the plan, once: the plan's years are what reports are measured against. */
function targetErrors(errors: FieldErrors, plan: LockedPlan, targets: TargetDto[], path: string): void {
  const seen = new Set<number>();
  targets.forEach((t, i) => {
    if (t.year < plan.startYear || t.year > plan.endYear) {
      errors.add(`${path}.${i}.year`, `Năm ${t.year} nằm ngoài thời gian thực hiện kế hoạch (${plan.startYear}–${plan.endYear}).`);
    } else if (seen.has(t.year)) {
      errors.add(`${path}.${i}.year`, `Năm ${t.year} đã có mục tiêu ở phần tử trước; mỗi năm chỉ một mục tiêu.`);
    }
    seen.add(t.year);
  });
}

async function replaceOwners(em: EntityManager, indicatorId: string, agencyIds: string[]): Promise<void> {
  await em.query('DELETE FROM indicator_owners WHERE indicator_id = $1', [indicatorId]);
  await em.query('INSERT INTO indicator_owners (indicator_id, agency_id) SELECT $1::uuid, unnest($2::uuid[])', [indicatorId, agencyIds]);
}

async function replaceTargets(em: EntityManager, indicatorId: string, targets: TargetDto[]): Promise<void> {
  await em.query('DELETE FROM indicator_targets WHERE indicator_id = $1', [indicatorId]);
  if (targets.length === 0) return;
  await em.query(
    `INSERT INTO indicator_targets (indicator_id, year, comparator, value, note)
     SELECT $1::uuid, t.year, t.comparator, t.value, t.note FROM jsonb_to_recordset($2::jsonb) AS t(year int, comparator text, value numeric, note text)`,
    [indicatorId, JSON.stringify(targets.map((t) => ({ year: t.year, comparator: t.comparator, value: t.value, note: t.note || null })))],
  );
}
