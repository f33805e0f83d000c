import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AgenciesRepository } from '../agencies/agencies.repository';
import { AppError } from '../common/errors';
import { FieldErrors } from '../common/field-errors';
import { PeriodSync } from '../reporting/period-sync';
import { CreatePlanDto, UpdatePlanDto } from './dto/plan.dto';
import { CreateSectionDto, UpdateSectionDto } from './dto/section.dto';
import { capitalMismatchMessage } from './capital-rules';
import { lockPlan, LockedPlan } from './plan-lookups';
import { PlanIdentityService } from './plan-identity.service';
import { PlansRepository } from './plans.repository';
import { PlanDetail, PlansService, SectionView } from './plans.service';
import { EMPTY_IDENTITY, IDENTITY_KEYS, identitySettingsOf, jurisdictionFromName, PlanIdentitySettings } from './plan-identity';

/** Administrator writes to plans and their sections; every request is one transaction. */
@Injectable()
export class PlansAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PlansRepository,
    private readonly agencies: AgenciesRepository,
    private readonly periods: PeriodSync,
    private readonly plans: PlansService,
    private readonly identities: PlanIdentityService,
  ) {}

  async createPlan(dto: CreatePlanDto): Promise<PlanDetail> {
    await this.dataSource.transaction(async (em) => {
      const errors = new FieldErrors();
      if (dto.endYear < dto.startYear) errors.add('endYear', 'Năm kết thúc không được nhỏ hơn năm bắt đầu.');
      const coordinatingId = await this.agencyField(em, errors, 'coordinatingAgencyCode', dto.coordinatingAgencyCode);
      const recipientId = dto.recipientAgencyCode
        ? await this.agencyField(em, errors, 'recipientAgencyCode', dto.recipientAgencyCode)
        : null;
      errors.throwIfAny();
      if (await this.repository.codeExists(dto.code, em))
        throw AppError.conflict(`Mã kế hoạch "${dto.code}" đã tồn tại.`, 'PLAN_CODE_TAKEN');
      await this.repository.insert(
        {
          code: dto.code,
          title: dto.title,
          issuingBody: dto.issuingBody,
          legalBasis: dto.legalBasis ?? null,
          documentNumber: dto.documentNumber ?? null,
          documentDate: dto.documentDate ?? null,
          startYear: dto.startYear,
          endYear: dto.endYear,
          coordinatingAgencyId: coordinatingId!,
          recipientAgencyId: recipientId,
          identity: withStated({ ...EMPTY_IDENTITY, jurisdiction: jurisdictionFromName(dto.issuingBody) }, dto),
        },
        em,
      );
    });
    return this.plans.get(dto.code);
  }

  async updatePlan(code: string, dto: UpdatePlanDto): Promise<PlanDetail> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(this.repository, em, code);
      const startYear = dto.startYear ?? plan.startYear;
      const endYear = dto.endYear ?? plan.endYear;
      const errors = new FieldErrors();
      if (endYear < startYear)
        errors.add(
          dto.endYear !== undefined ? 'endYear' : 'startYear',
          `Năm kết thúc (${endYear}) không được nhỏ hơn năm bắt đầu (${startYear}).`,
        );
      else await this.refuseTargetsOutside(em, errors, plan, startYear, endYear);
      const coordinatingId = dto.coordinatingAgencyCode
        ? await this.agencyField(em, errors, 'coordinatingAgencyCode', dto.coordinatingAgencyCode)
        : undefined;
      const recipientId =
        dto.recipientAgencyCode === null
          ? null
          : dto.recipientAgencyCode
            ? await this.agencyField(em, errors, 'recipientAgencyCode', dto.recipientAgencyCode)
            : undefined;
      errors.throwIfAny();
      await this.repository.update(
        plan.id,
        {
          title: dto.title,
          issuingBody: dto.issuingBody,
          legalBasis: dto.legalBasis,
          documentNumber: dto.documentNumber,
          documentDate: dto.documentDate,
          startYear,
          endYear,
          coordinatingAgencyId: coordinatingId ?? undefined,
          recipientAgencyId: recipientId,
        },
        em,
      );
      if (IDENTITY_KEYS.some((k) => dto[k] !== undefined)) {
        const current = await this.repository.identitySource(plan.id, em);
        await this.repository.updateIdentity(plan.id, withStated(identitySettingsOf(current!), dto), em);
      }
      if (startYear !== plan.startYear || endYear !== plan.endYear) {
        await this.periods.syncOrRefuse(plan.id, dto.startYear !== undefined ? 'startYear' : 'endYear', em);
      }
      this.identities.forget(plan.id);
    });
    return this.plans.get(code);
  }

  async createSection(planCode: string, dto: CreateSectionDto): Promise<SectionView> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(this.repository, em, planCode);
      await this.refuseCapitalMismatch(em, dto.capitalTotal, dto.capitalStateBudget, dto.capitalNonStateBudget);
      if (await this.repository.sectionIdByCode(plan.id, dto.code, em))
        throw AppError.conflict(`Mã phụ lục "${dto.code}" đã tồn tại trong kế hoạch.`, 'SECTION_CODE_TAKEN');
      await this.repository.insertSection(
        plan.id,
        {
          code: dto.code,
          title: dto.title,
          position: dto.position ?? null,
          capitalTotal: dto.capitalTotal,
          capitalStateBudget: dto.capitalStateBudget,
          capitalNonStateBudget: dto.capitalNonStateBudget,
        },
        em,
      );
    });
    return this.section(planCode, dto.code);
  }

  async updateSection(planCode: string, sectionCode: string, dto: UpdateSectionDto): Promise<SectionView> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(this.repository, em, planCode);
      // The capital check runs on the row as it will be: given values over the stored ones.
      const row = await this.repository.sectionCapitalAfter(
        plan.id,
        sectionCode,
        { total: dto.capitalTotal ?? null, stateBudget: dto.capitalStateBudget ?? null, nonStateBudget: dto.capitalNonStateBudget ?? null },
        em,
      );
      if (!row) throw AppError.notFound(`Không tìm thấy phụ lục "${sectionCode}" trong kế hoạch ${planCode}.`, 'SECTION_NOT_FOUND');
      await this.refuseCapitalMismatch(em, row.total, row.state_budget, row.non_state_budget);
      await this.repository.updateSection(row.id, { title: dto.title ?? null, position: dto.position ?? null, capital: row }, em);
    });
    return this.section(planCode, sectionCode);
  }

  private async section(planCode: string, sectionCode: string): Promise<SectionView> {
    const section = (await this.plans.get(planCode)).sections.find((s) => s.code === sectionCode);
    if (!section) throw AppError.notFound(`Không tìm thấy phụ lục "${sectionCode}" trong kế hoạch ${planCode}.`, 'SECTION_NOT_FOUND');
    return section;
  }

  private async refuseCapitalMismatch(em: EntityManager, total: string, stateBudget: string, nonStateBudget: string): Promise<void> {
    if (!(await this.repository.capitalAddsUp(total, stateBudget, nonStateBudget, em)))
      throw AppError.field('capitalTotal', capitalMismatchMessage(total, stateBudget, nonStateBudget));
  }

  /** New years must still hold every indicator target, or the target would point at no year of the plan. */
  private async refuseTargetsOutside(
    em: EntityManager,
    errors: FieldErrors,
    plan: LockedPlan,
    startYear: number,
    endYear: number,
  ): Promise<void> {
    const hit = await this.repository.firstTargetOutside(plan.id, startYear, endYear, em);
    if (!hit) return;
    errors.add(
      hit.year < startYear ? 'startYear' : 'endYear',
      `Chỉ tiêu "${hit.code}" có mục tiêu năm ${hit.year}, nằm ngoài thời gian thực hiện mới ${startYear}–${endYear}. Hãy sửa mục tiêu của chỉ tiêu trước.`,
    );
  }

  private async agencyField(em: EntityManager, errors: FieldErrors, path: string, code: string): Promise<string | null> {
    const id = await this.agencies.idByCode(code, em);
    if (!id) errors.add(path, `Không có cơ quan nào mang mã "${code}".`);
    return id;
  }
}

/**
 * The identity settings an administrator sent over the ones there are: undefined keeps, null
 * clears (the setting is then derived again); the kind of body is never empty.
 */
function withStated(current: PlanIdentitySettings, dto: Partial<PlanIdentitySettings>): PlanIdentitySettings {
  const next = { ...current };
  for (const k of IDENTITY_KEYS) {
    const v = dto[k];
    if (v === undefined) continue;
    if (k === 'bodyKind') next.bodyKind = v === null ? 'state' : (v as PlanIdentitySettings['bodyKind']);
    else next[k] = v;
  }
  return next;
}
