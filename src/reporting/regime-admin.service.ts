import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { AppError } from '../common/errors';
import { FieldErrors } from '../common/field-errors';
import { LockedPlan, lockPlan } from '../plans/plan-lookups';
import { CreateReportKindDto, UpdateReportKindDto } from './dto/report-kind.dto';
import { UpdateRegimeDto } from './dto/regime.dto';
import { ReportKind } from './report-kind.entity';
import { ReminderRule } from './regime.types';
import { defaultRulesFor, KindDraft, reportKindErrors } from './report-kind-rules';
import { RegimeView, ReportingService, ReportKindView } from './reporting.service';
import { syncPeriodsOrRefuse } from './sync-or-refuse';

const DEFAULT_REGIME_NAME = 'Chế độ báo cáo thực hiện kế hoạch';

/** jsonb keeps its own key order, so rules are compared field by field, not as stored text. */
function sameRules(a: ReminderRule[], b: ReminderRule[]): boolean {
  const canonical = (rules: ReminderRule[]) => JSON.stringify(rules.map((r) => Object.entries(r).sort(([x], [y]) => (x < y ? -1 : 1))));
  return canonical(a) === canonical(b);
}

/**
 * Administrator writes to a plan's reporting regime and report kinds. Each write re-plans the
 * periods in the same transaction, so GET /api/plans/:code/periods reflects it at once and a
 * refused rule leaves the old periods in place.
 */
@Injectable()
export class RegimeAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reporting: ReportingService,
    private readonly agencies: AgenciesService,
  ) {}

  async updateRegime(planCode: string, dto: UpdateRegimeDto): Promise<RegimeView[]> {
    const planId = await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(em, planCode);
      const regimeId = await this.ensureRegime(em, plan, dto);
      await em.query(
        `UPDATE reporting_regimes SET name = coalesce($2, name), legal_basis = CASE WHEN $3 THEN $4 ELSE legal_basis END,
           roll_forward = coalesce($5, roll_forward), updated_at = now() WHERE id = $1`,
        [regimeId, dto.name ?? null, dto.legalBasis !== undefined, dto.legalBasis ?? null, dto.rollForward ?? null],
      );
      await syncPeriodsOrRefuse(em, plan.id, 'rollForward');
      return plan.id;
    });
    return this.reporting.regimes(planId);
  }

  async createKind(planCode: string, dto: CreateReportKindDto): Promise<ReportKindView> {
    const planId = await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(em, planCode);
      const agencyCodes = dto.agencyCodes ?? [];
      const schedule = {
        code: dto.code,
        frequency: dto.frequency,
        slots: dto.slots ?? [],
        periodLabel: dto.periodLabel,
        opensRule: dto.opensRule ?? null,
        dueRule: dto.dueRule ?? null,
        dataWindow: dto.dataWindow ?? null,
        consolidationDueRule: dto.consolidationDueRule ?? null,
        fixedOpensDate: dto.fixedOpensDate ?? null,
        fixedDueDate: dto.fixedDueDate ?? null,
        namedDayCounts: dto.namedDayCounts ?? false,
      };
      const draft: KindDraft = {
        ...schedule,
        owedBy: dto.owedBy ?? (agencyCodes.length ? 'listed' : 'task_agencies'),
        agencyCodes,
        reminderRules: dto.reminderRules ?? defaultRulesFor(schedule),
      };
      const agencyIds = await this.check(plan, draft);
      const regimeId = await this.ensureRegime(em, plan, {});
      const [taken] = (await em.query('SELECT 1 FROM report_kinds WHERE regime_id = $1 AND code = $2', [regimeId, dto.code])) as unknown[];
      if (taken)
        throw AppError.conflict(`Mã loại báo cáo "${dto.code}" đã tồn tại trong chế độ báo cáo của kế hoạch.`, 'REPORT_KIND_CODE_TAKEN');
      const [{ id }] = (await em.query(
        `INSERT INTO report_kinds (regime_id, code, name, frequency, slots, period_label, opens_rule, due_rule, data_window,
           consolidation_due_rule, fixed_opens_date, fixed_due_date, named_day_counts, owed_by, reminder_rules, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
                 coalesce($16, (SELECT coalesce(max(position), 0) + 1 FROM report_kinds WHERE regime_id = $1)))
         RETURNING id`,
        [regimeId, dto.code, dto.name, ...this.columns(draft), dto.position ?? null],
      )) as { id: string }[];
      await this.replaceAgencies(em, id, agencyIds);
      await syncPeriodsOrRefuse(em, plan.id, 'dueRule');
      return plan.id;
    });
    return this.kindView(planId, planCode, dto.code);
  }

  async updateKind(planCode: string, kindCode: string, dto: UpdateReportKindDto): Promise<ReportKindView> {
    const planId = await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(em, planCode);
      const stored = await this.storedKind(em, plan, kindCode);
      const storedDraft = await this.draftOf(em, stored);
      const pick = <K extends keyof KindDraft>(key: K, given: KindDraft[K] | null | undefined, whenNull: KindDraft[K]): KindDraft[K] =>
        given === undefined ? storedDraft[key] : given === null ? whenNull : given;
      const schedule = {
        code: stored.code,
        frequency: pick('frequency', dto.frequency, storedDraft.frequency),
        slots: pick('slots', dto.slots, []),
        periodLabel: pick('periodLabel', dto.periodLabel, storedDraft.periodLabel),
        opensRule: pick('opensRule', dto.opensRule, null),
        dueRule: pick('dueRule', dto.dueRule, null),
        dataWindow: pick('dataWindow', dto.dataWindow, null),
        consolidationDueRule: pick('consolidationDueRule', dto.consolidationDueRule, null),
        fixedOpensDate: pick('fixedOpensDate', dto.fixedOpensDate, null),
        fixedDueDate: pick('fixedDueDate', dto.fixedDueDate, null),
        namedDayCounts: pick('namedDayCounts', dto.namedDayCounts, storedDraft.namedDayCounts),
      };
      // Rules still at their defaults follow the kind (a new frequency, a consolidation deadline added).
      const rulesWereDefault = sameRules(storedDraft.reminderRules, defaultRulesFor(storedDraft));
      const draft: KindDraft = {
        ...schedule,
        owedBy: pick('owedBy', dto.owedBy, storedDraft.owedBy),
        agencyCodes: pick('agencyCodes', dto.agencyCodes, []),
        reminderRules:
          dto.reminderRules ?? (rulesWereDefault || dto.reminderRules === null ? defaultRulesFor(schedule) : storedDraft.reminderRules),
      };
      const agencyIds = await this.check(plan, draft);
      await em.query(
        `UPDATE report_kinds SET name = coalesce($2, name), frequency = $3, slots = $4, period_label = $5, opens_rule = $6, due_rule = $7,
           data_window = $8, consolidation_due_rule = $9, fixed_opens_date = $10, fixed_due_date = $11, named_day_counts = $12,
           owed_by = $13, reminder_rules = $14, position = coalesce($15, position), updated_at = now()
         WHERE id = $1`,
        [stored.id, dto.name ?? null, ...this.columns(draft), dto.position ?? null],
      );
      await this.replaceAgencies(em, stored.id, agencyIds);
      await syncPeriodsOrRefuse(em, plan.id, 'dueRule');
      return plan.id;
    });
    return this.kindView(planId, planCode, kindCode);
  }

  /** Refuses the draft with every reason at once; answers the owing agencies' ids. */
  private async check(plan: LockedPlan, draft: KindDraft): Promise<string[]> {
    const errors = new FieldErrors();
    errors.addAll(reportKindErrors(draft, plan.startYear, plan.endYear));
    const ids = await errors.absorb(this.agencies.resolveCodes(draft.agencyCodes, 'agencyCodes'));
    errors.throwIfAny();
    return ids ?? [];
  }

  /** The plan's regime (the first, when an imported plan has several), created as DEFAULT when it has none. */
  private async ensureRegime(em: EntityManager, plan: LockedPlan, dto: UpdateRegimeDto): Promise<string> {
    const [row] = (await em.query('SELECT id FROM reporting_regimes WHERE plan_id = $1 ORDER BY created_at, code LIMIT 1', [plan.id])) as {
      id: string;
    }[];
    if (row) return row.id;
    const [created] = (await em.query(
      `INSERT INTO reporting_regimes (plan_id, code, name, legal_basis, roll_forward) VALUES ($1, 'DEFAULT', $2, $3, $4) RETURNING id`,
      [plan.id, dto.name ?? DEFAULT_REGIME_NAME, dto.legalBasis ?? null, dto.rollForward ?? false],
    )) as { id: string }[];
    return created.id;
  }

  private async storedKind(em: EntityManager, plan: LockedPlan, code: string): Promise<ReportKind> {
    const [row] = (await em.query(
      `SELECT k.id FROM report_kinds k JOIN reporting_regimes r ON r.id = k.regime_id
       WHERE r.plan_id = $1 AND k.code = $2 ORDER BY r.created_at, r.code LIMIT 1`,
      [plan.id, code],
    )) as { id: string }[];
    const kind = row ? await em.getRepository(ReportKind).findOneBy({ id: row.id }) : null;
    if (!kind) throw AppError.notFound(`Không tìm thấy loại báo cáo "${code}" trong kế hoạch ${plan.code}.`, 'REPORT_KIND_NOT_FOUND');
    return kind;
  }

  private async draftOf(em: EntityManager, k: ReportKind): Promise<KindDraft> {
    const rows = (await em.query(
      'SELECT a.code FROM report_kind_agencies ka JOIN agencies a ON a.id = ka.agency_id WHERE ka.report_kind_id = $1 ORDER BY a.code',
      [k.id],
    )) as { code: string }[];
    return {
      code: k.code,
      frequency: k.frequency,
      slots: k.slots,
      periodLabel: k.periodLabel,
      opensRule: k.opensRule,
      dueRule: k.dueRule,
      dataWindow: k.dataWindow,
      consolidationDueRule: k.consolidationDueRule,
      fixedOpensDate: k.fixedOpensDate,
      fixedDueDate: k.fixedDueDate,
      namedDayCounts: k.namedDayCounts,
      owedBy: k.owedBy,
      agencyCodes: rows.map((r) => r.code),
      reminderRules: k.reminderRules,
    };
  }

  /** Columns frequency .. reminder_rules in INSERT/UPDATE order; rules as JSON text. */
  private columns(d: KindDraft): unknown[] {
    const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
    return [
      d.frequency,
      d.slots,
      d.periodLabel,
      json(d.opensRule),
      json(d.dueRule),
      json(d.dataWindow),
      json(d.consolidationDueRule),
      d.fixedOpensDate,
      d.fixedDueDate,
      d.namedDayCounts,
      d.owedBy,
      JSON.stringify(d.reminderRules),
    ];
  }

  private async replaceAgencies(em: EntityManager, kindId: string, agencyIds: string[]): Promise<void> {
    await em.query('DELETE FROM report_kind_agencies WHERE report_kind_id = $1', [kindId]);
    await em.query('INSERT INTO report_kind_agencies (report_kind_id, agency_id) SELECT $1::uuid, unnest($2::uuid[])', [kindId, agencyIds]);
  }

  private async kindView(planId: string, planCode: string, code: string): Promise<ReportKindView> {
    for (const regime of await this.reporting.regimes(planId)) {
      const kind = regime.kinds.find((k) => k.code === code);
      if (kind) return kind;
    }
    throw AppError.notFound(`Không tìm thấy loại báo cáo "${code}" trong kế hoạch ${planCode}.`, 'REPORT_KIND_NOT_FOUND');
  }
}
