import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { AppError } from '../common/errors';
import { FieldErrors } from '../common/field-errors';
import { LockedPlan, lockPlan } from '../plans/plan-lookups';
import { PlansRepository } from '../plans/plans.repository';
import { CreateReportKindDto, UpdateReportKindDto } from './dto/report-kind.dto';
import { UpdateRegimeDto } from './dto/regime.dto';
import { ReportKind } from './report-kind.entity';
import { KindFeed, ReminderRule } from './regime.types';
import { ReportChains } from './report-chains';
import { PeriodSync } from './period-sync';
import { RegimesRepository } from './regimes.repository';
import { defaultRulesFor, KindDraft, reportKindErrors } from './report-kind-rules';
import { RegimeView, ReportingService, ReportKindView } from './reporting.service';

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
    private readonly plans: PlansRepository,
    private readonly regimes: RegimesRepository,
    private readonly periods: PeriodSync,
    private readonly reporting: ReportingService,
    private readonly agencies: AgenciesService,
    private readonly chains: ReportChains,
  ) {}

  async updateRegime(planCode: string, dto: UpdateRegimeDto): Promise<RegimeView[]> {
    const planId = await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(this.plans, em, planCode);
      const regimeId = await this.ensureRegime(em, plan, dto);
      await this.regimes.updateRegime(regimeId, { name: dto.name, legalBasis: dto.legalBasis, rollForward: dto.rollForward }, em);
      await this.periods.syncOrRefuse(plan.id, 'rollForward', em);
      return plan.id;
    });
    return this.reporting.regimes(planId);
  }

  async createKind(planCode: string, dto: CreateReportKindDto): Promise<ReportKindView> {
    const planId = await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(this.plans, em, planCode);
      const agencyCodes = dto.agencyCodes ?? [];
      const schedule = {
        code: dto.code,
        frequency: dto.frequency,
        slots: dto.slots ?? [],
        years: dto.years ?? [],
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
        form: dto.form ?? 'tasks',
        owedBy: dto.owedBy ?? (agencyCodes.length ? 'listed' : 'task_agencies'),
        agencyCodes,
        reminderRules: dto.reminderRules ?? defaultRulesFor(schedule),
      };
      const agencyIds = await this.check(plan, draft);
      const regimeId = await this.ensureRegime(em, plan, {});
      if (await this.regimes.kindCodeTaken(regimeId, dto.code, em))
        throw AppError.conflict(`Mã loại báo cáo "${dto.code}" đã tồn tại trong chế độ báo cáo của kế hoạch.`, 'REPORT_KIND_CODE_TAKEN');
      const id = await this.regimes.insertKind(regimeId, dto.name, draft, dto.position ?? null, em);
      await this.regimes.replaceKindAgencies(id, agencyIds, em);
      if (dto.feeds) await this.writeFeed(em, plan, id, draft, dto.feeds);
      await this.periods.syncOrRefuse(plan.id, 'dueRule', em);
      return plan.id;
    });
    return this.kindView(planId, planCode, dto.code);
  }

  async updateKind(planCode: string, kindCode: string, dto: UpdateReportKindDto): Promise<ReportKindView> {
    const planId = await this.dataSource.transaction(async (em) => {
      const plan = await lockPlan(this.plans, em, planCode);
      const stored = await this.storedKind(em, plan, kindCode);
      const storedDraft = await this.draftOf(em, stored);
      const pick = <K extends keyof KindDraft>(key: K, given: KindDraft[K] | null | undefined, whenNull: KindDraft[K]): KindDraft[K] =>
        given === undefined ? storedDraft[key] : given === null ? whenNull : given;
      const schedule = {
        code: stored.code,
        frequency: pick('frequency', dto.frequency, storedDraft.frequency),
        slots: pick('slots', dto.slots, []),
        years: pick('years', dto.years, []),
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
        form: pick('form', dto.form, 'tasks'),
        owedBy: pick('owedBy', dto.owedBy, storedDraft.owedBy),
        agencyCodes: pick('agencyCodes', dto.agencyCodes, []),
        reminderRules:
          dto.reminderRules ?? (rulesWereDefault || dto.reminderRules === null ? defaultRulesFor(schedule) : storedDraft.reminderRules),
      };
      const agencyIds = await this.check(plan, draft);
      await this.regimes.updateKind(stored.id, dto.name ?? null, draft, dto.position ?? null, em);
      await this.regimes.replaceKindAgencies(stored.id, agencyIds, em);
      // undefined keeps the chain (checked again against the kind as it now is), null clears it.
      const feeds =
        dto.feeds === undefined
          ? (await this.regimes.kindDraftsOf(stored.regimeId, em)).find((k) => k.code === stored.code)?.feeds
          : dto.feeds;
      if (feeds) await this.writeFeed(em, plan, stored.id, draft, feeds);
      else await this.regimes.setKindFeed(stored.id, null, em);
      await this.periods.syncOrRefuse(plan.id, 'dueRule', em);
      return plan.id;
    });
    return this.kindView(planId, planCode, kindCode);
  }

  /** Sets the kind's report chain, or refuses it (422 at `feeds`) with the reason. */
  private async writeFeed(em: EntityManager, plan: LockedPlan, kindId: string, draft: KindDraft, feeds: KindFeed): Promise<void> {
    const source = {
      planId: plan.id,
      planCode: plan.code,
      kindCode: draft.code,
      frequency: draft.frequency,
      form: draft.form,
      recipient: await this.regimes.planRecipient(plan.id, em),
    };
    const resolved = await this.chains.resolve(source, { planCode: feeds.planCode, kindCode: feeds.kindCode }, em);
    if ('error' in resolved) throw AppError.validation([{ path: 'feeds', message: resolved.error }]);
    await this.regimes.setKindFeed(kindId, resolved.kindId, em);
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
    const regime = await this.regimes.firstRegimeOf(plan.id, em);
    if (regime) return regime.id;
    return this.regimes.insertRegime(
      plan.id,
      { code: 'DEFAULT', name: dto.name ?? DEFAULT_REGIME_NAME, legalBasis: dto.legalBasis ?? null, rollForward: dto.rollForward ?? false },
      em,
    );
  }

  private async storedKind(em: EntityManager, plan: LockedPlan, code: string): Promise<ReportKind> {
    const kind = await this.regimes.kindByCode(plan.id, code, em);
    if (!kind) throw AppError.notFound(`Không tìm thấy loại báo cáo "${code}" trong kế hoạch ${plan.code}.`, 'REPORT_KIND_NOT_FOUND');
    return kind;
  }

  private async draftOf(em: EntityManager, k: ReportKind): Promise<KindDraft> {
    const agencyCodes = await this.regimes.kindAgencyCodes(k.id, em);
    return {
      code: k.code,
      frequency: k.frequency,
      slots: k.slots,
      years: k.years,
      form: k.form,
      periodLabel: k.periodLabel,
      opensRule: k.opensRule,
      dueRule: k.dueRule,
      dataWindow: k.dataWindow,
      consolidationDueRule: k.consolidationDueRule,
      fixedOpensDate: k.fixedOpensDate,
      fixedDueDate: k.fixedDueDate,
      namedDayCounts: k.namedDayCounts,
      owedBy: k.owedBy,
      agencyCodes,
      reminderRules: k.reminderRules,
    };
  }

  private async kindView(planId: string, planCode: string, code: string): Promise<ReportKindView> {
    for (const regime of await this.reporting.regimes(planId)) {
      const kind = regime.kinds.find((k) => k.code === code);
      if (kind) return kind;
    }
    throw AppError.notFound(`Không tìm thấy loại báo cáo "${code}" trong kế hoạch ${planCode}.`, 'REPORT_KIND_NOT_FOUND');
  }
}
