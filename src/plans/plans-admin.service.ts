import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { FieldErrors } from '../common/field-errors';
import { syncPeriodsOrRefuse } from '../reporting/sync-or-refuse';
import { CreatePlanDto, UpdatePlanDto } from './dto/plan.dto';
import { CreateSectionDto, UpdateSectionDto } from './dto/section.dto';
import { capitalAddsUp, capitalMismatchMessage } from './capital-rules';
import { agencyIdByCode, lockPlan, LockedPlan } from './plan-lookups';
import { PlanDetail, PlansService, SectionView } from './plans.service';

/** Administrator writes to plans and their sections; every request is one transaction. */
@Injectable()
export class PlansAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly plans: PlansService,
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
      const [taken] = (await em.query('SELECT 1 FROM plans WHERE code = $1', [dto.code])) as unknown[];
      if (taken) throw AppError.conflict(`Mã kế hoạch "${dto.code}" đã tồn tại.`, 'PLAN_CODE_TAKEN');
      await em.query(
        `INSERT INTO plans (code, title, issuing_body, legal_basis, document_number, document_date, start_year, end_year,
           coordinating_agency_id, recipient_agency_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          dto.code,
          dto.title,
          dto.issuingBody,
          dto.legalBasis ?? null,
          dto.documentNumber ?? null,
          dto.documentDate ?? null,
          dto.startYear,
          dto.endYear,
          coordinatingId,
          recipientId,
        ],
      );
    });
    return this.plans.get(dto.code);
  }

  async updatePlan(code: string, dto: UpdatePlanDto): Promise<PlanDetail> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(em, code);
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
      await em.query(
        `UPDATE plans SET
           title = coalesce($2, title), issuing_body = coalesce($3, issuing_body),
           legal_basis = CASE WHEN $4 THEN $5 ELSE legal_basis END,
           document_number = CASE WHEN $6 THEN $7 ELSE document_number END,
           document_date = CASE WHEN $8 THEN $9::date ELSE document_date END,
           start_year = $10, end_year = $11,
           coordinating_agency_id = coalesce($12, coordinating_agency_id),
           recipient_agency_id = CASE WHEN $13 THEN $14::uuid ELSE recipient_agency_id END,
           updated_at = now()
         WHERE id = $1`,
        [
          plan.id,
          dto.title ?? null,
          dto.issuingBody ?? null,
          dto.legalBasis !== undefined,
          dto.legalBasis ?? null,
          dto.documentNumber !== undefined,
          dto.documentNumber ?? null,
          dto.documentDate !== undefined,
          dto.documentDate ?? null,
          startYear,
          endYear,
          coordinatingId ?? null,
          recipientId !== undefined,
          recipientId ?? null,
        ],
      );
      if (startYear !== plan.startYear || endYear !== plan.endYear) {
        await syncPeriodsOrRefuse(em, plan.id, dto.startYear !== undefined ? 'startYear' : 'endYear');
      }
    });
    return this.plans.get(code);
  }

  async createSection(planCode: string, dto: CreateSectionDto): Promise<SectionView> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(em, planCode);
      await this.refuseCapitalMismatch(em, dto.capitalTotal, dto.capitalStateBudget, dto.capitalNonStateBudget);
      const [taken] = (await em.query('SELECT 1 FROM plan_sections WHERE plan_id = $1 AND code = $2', [plan.id, dto.code])) as unknown[];
      if (taken) throw AppError.conflict(`Mã phụ lục "${dto.code}" đã tồn tại trong kế hoạch.`, 'SECTION_CODE_TAKEN');
      await em.query(
        `INSERT INTO plan_sections (plan_id, code, title, position, capital_total, capital_state_budget, capital_non_state_budget)
         VALUES ($1, $2, $3, coalesce($4, (SELECT coalesce(max(position), 0) + 1 FROM plan_sections WHERE plan_id = $1)), $5, $6, $7)`,
        [plan.id, dto.code, dto.title, dto.position ?? null, dto.capitalTotal, dto.capitalStateBudget, dto.capitalNonStateBudget],
      );
    });
    return this.section(planCode, dto.code);
  }

  async updateSection(planCode: string, sectionCode: string, dto: UpdateSectionDto): Promise<SectionView> {
    await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(em, planCode);
      // The capital check runs on the row as it will be: given values over the stored ones.
      const [row] = (await em.query(
        `SELECT id, trim_scale(coalesce($3::numeric, capital_total))::text AS total,
                trim_scale(coalesce($4::numeric, capital_state_budget))::text AS state_budget,
                trim_scale(coalesce($5::numeric, capital_non_state_budget))::text AS non_state_budget
         FROM plan_sections WHERE plan_id = $1 AND code = $2`,
        [plan.id, sectionCode, dto.capitalTotal ?? null, dto.capitalStateBudget ?? null, dto.capitalNonStateBudget ?? null],
      )) as { id: string; total: string; state_budget: string; non_state_budget: string }[];
      if (!row) throw AppError.notFound(`Không tìm thấy phụ lục "${sectionCode}" trong kế hoạch ${planCode}.`, 'SECTION_NOT_FOUND');
      await this.refuseCapitalMismatch(em, row.total, row.state_budget, row.non_state_budget);
      await em.query(
        `UPDATE plan_sections SET title = coalesce($2, title), position = coalesce($3, position),
           capital_total = $4, capital_state_budget = $5, capital_non_state_budget = $6
         WHERE id = $1`,
        [row.id, dto.title ?? null, dto.position ?? null, row.total, row.state_budget, row.non_state_budget],
      );
    });
    return this.section(planCode, sectionCode);
  }

  private async section(planCode: string, sectionCode: string): Promise<SectionView> {
    const section = (await this.plans.get(planCode)).sections.find((s) => s.code === sectionCode);
    if (!section) throw AppError.notFound(`Không tìm thấy phụ lục "${sectionCode}" trong kế hoạch ${planCode}.`, 'SECTION_NOT_FOUND');
    return section;
  }

  private async refuseCapitalMismatch(em: EntityManager, total: string, stateBudget: string, nonStateBudget: string): Promise<void> {
    if (!(await capitalAddsUp(em, total, stateBudget, nonStateBudget)))
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
    const [hit] = (await em.query(
      `SELECT i.code, x.year FROM indicator_targets x JOIN indicators i ON i.id = x.indicator_id
       WHERE i.plan_id = $1 AND (x.year < $2 OR x.year > $3) ORDER BY x.year, i.code LIMIT 1`,
      [plan.id, startYear, endYear],
    )) as { code: string; year: number }[];
    if (!hit) return;
    errors.add(
      hit.year < startYear ? 'startYear' : 'endYear',
      `Chỉ tiêu "${hit.code}" có mục tiêu năm ${hit.year}, nằm ngoài thời gian thực hiện mới ${startYear}–${endYear}. Hãy sửa mục tiêu của chỉ tiêu trước.`,
    );
  }

  private async agencyField(em: EntityManager, errors: FieldErrors, path: string, code: string): Promise<string | null> {
    const id = await agencyIdByCode(em, code);
    if (!id) errors.add(path, `Không có cơ quan nào mang mã "${code}".`);
    return id;
  }
}
