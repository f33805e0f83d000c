import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { formatViDecimal } from '../common/decimal';
import { AppError } from '../common/errors';
import { FieldErrors } from '../common/field-errors';
import { CreateIndicatorDto, ReplaceTargetsDto, TargetDto, UpdateIndicatorDto } from './dto/indicator.dto';
import { indicatorRuleErrors, IndicatorRule } from './indicator-rules';
import { compareDecimal } from './indicator-target';
import type { Aggregation } from './indicator.entity';
import { IndicatorsRepository, TargetRecord } from './indicators.repository';
import { LockedPlan, lockPlan } from './plan-lookups';
import { PlansRepository } from './plans.repository';
import { IndicatorView, PlansService } from './plans.service';
import { TasksRepository } from './tasks.repository';

/** Administrator writes to a plan's indicators, their owners and yearly targets. */
@Injectable()
export class IndicatorsAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly planRows: PlansRepository,
    private readonly tasks: TasksRepository,
    private readonly indicators: IndicatorsRepository,
    private readonly plans: PlansService,
    private readonly agencies: AgenciesService,
  ) {}

  async create(planCode: string, dto: CreateIndicatorDto): Promise<IndicatorView> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(this.planRows, em, planCode);
      const errors = new FieldErrors();
      const taskId = dto.taskCode ? await this.taskId(em, errors, plan, dto.taskCode) : null;
      const owners = await errors.absorb(this.agencies.resolveCodes(dto.ownerAgencyCodes, 'ownerAgencyCodes'));
      targetErrors(errors, plan, dto.targets ?? [], 'targets');
      ruleErrors(errors, {
        aggregation: dto.aggregation,
        question: dto.question ?? null,
        ownerCount: owners?.length ?? 0,
        targets: dto.targets ?? [],
      });
      errors.throwIfAny();
      if (await this.indicators.idByCode(plan.id, dto.code, em))
        throw AppError.conflict(`Mã chỉ tiêu "${dto.code}" đã tồn tại trong kế hoạch.`, 'INDICATOR_CODE_TAKEN');
      const id = await this.indicators.insert(
        plan.id,
        {
          taskId,
          code: dto.code,
          name: dto.name,
          unit: dto.unit,
          aggregation: dto.aggregation,
          question: dto.question || null,
          position: dto.position ?? null,
        },
        em,
      );
      await this.indicators.replaceOwners(id, owners!, em);
      await this.indicators.replaceTargets(id, targetRecords(dto.targets ?? []), em);
    });
    return this.view(planCode, dto.code);
  }

  async update(planCode: string, code: string, dto: UpdateIndicatorDto): Promise<IndicatorView> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(this.planRows, em, planCode);
      const id = await this.requireIndicator(em, plan, code);
      const errors = new FieldErrors();
      const taskId = dto.taskCode == null ? dto.taskCode : await this.taskId(em, errors, plan, dto.taskCode);
      const owners = dto.ownerAgencyCodes
        ? await errors.absorb(this.agencies.resolveCodes(dto.ownerAgencyCodes, 'ownerAgencyCodes'))
        : undefined;
      if (dto.targets) targetErrors(errors, plan, dto.targets, 'targets');
      const stored = (await this.indicators.storedRule(id, em))!;
      ruleErrors(errors, {
        aggregation: (dto.aggregation ?? stored.aggregation) as Aggregation,
        question: dto.question !== undefined ? dto.question : stored.question,
        ownerCount: owners ? owners.length : stored.owner_count,
        targets: dto.targets ?? stored.targets,
      });
      errors.throwIfAny();
      await this.indicators.update(
        id,
        {
          name: dto.name,
          unit: dto.unit,
          aggregation: dto.aggregation,
          question: dto.question === undefined ? undefined : dto.question || null,
          position: dto.position,
          taskId,
        },
        em,
      );
      if (owners) await this.indicators.replaceOwners(id, owners, em);
      if (dto.targets !== undefined) await this.indicators.replaceTargets(id, targetRecords(dto.targets ?? []), em);
    });
    return this.view(planCode, code);
  }

  async replaceTargets(planCode: string, code: string, dto: ReplaceTargetsDto): Promise<IndicatorView> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(this.planRows, em, planCode);
      const id = await this.requireIndicator(em, plan, code);
      const errors = new FieldErrors();
      targetErrors(errors, plan, dto.targets, 'targets');
      const stored = (await this.indicators.storedRule(id, em))!;
      ruleErrors(errors, {
        aggregation: stored.aggregation as Aggregation,
        question: stored.question,
        ownerCount: stored.owner_count,
        targets: dto.targets,
      });
      errors.throwIfAny();
      await this.indicators.replaceTargets(id, targetRecords(dto.targets), em);
    });
    return this.view(planCode, code);
  }

  private async view(planCode: string, code: string): Promise<IndicatorView> {
    const found = (await this.plans.indicators(planCode)).find((i) => i.code === code);
    if (!found) throw AppError.notFound(`Không tìm thấy chỉ tiêu "${code}" trong kế hoạch ${planCode}.`, 'INDICATOR_NOT_FOUND');
    return found;
  }

  private async requireIndicator(em: EntityManager, plan: LockedPlan, code: string): Promise<string> {
    const id = await this.indicators.idByCode(plan.id, code, em);
    if (!id) throw AppError.notFound(`Không tìm thấy chỉ tiêu "${code}" trong kế hoạch ${plan.code}.`, 'INDICATOR_NOT_FOUND');
    return id;
  }

  private async taskId(em: EntityManager, errors: FieldErrors, plan: LockedPlan, code: string): Promise<string | null> {
    const task = await this.tasks.byCode(plan.id, code, em);
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
    const valueTo = t.valueTo ?? null;
    if (t.comparator === 'between') {
      if (valueTo === null)
        errors.add(`${path}.${i}.valueTo`, 'Mục tiêu "trong khoảng" cần giá trị đến (valueTo), lớn hơn giá trị đầu (value).');
      else if (compareDecimal(valueTo, t.value) <= 0)
        errors.add(
          `${path}.${i}.valueTo`,
          `Giá trị đến ${formatViDecimal(valueTo)} phải lớn hơn giá trị đầu ${formatViDecimal(t.value)} của khoảng.`,
        );
    } else if (valueTo !== null) {
      errors.add(`${path}.${i}.valueTo`, 'Chỉ mục tiêu "trong khoảng" (between) mới có giá trị đến; hãy bỏ valueTo.');
    }
  });
}

/** The rule's refusals (src/plans/indicator-rules.ts) at the request's fields. */
function ruleErrors(errors: FieldErrors, rule: IndicatorRule): void {
  for (const e of indicatorRuleErrors(rule)) errors.add(e.field, e.message);
}

/** Targets as the repository stores them; an empty note is none. */
function targetRecords(targets: TargetDto[]): TargetRecord[] {
  return targets.map((t) => ({ year: t.year, comparator: t.comparator, value: t.value, valueTo: t.valueTo ?? null, note: t.note || null }));
}
