import { HttpStatus, Injectable } from '@nestjs/common';
import type { CurrentUser } from '../auth/auth.types';
import { AppError } from '../common/errors';
import { ConsolidationRepository } from '../consolidation/consolidation.repository';
import { DocumentsRepository } from '../consolidation/documents.repository';
import { OutboxRepository } from '../reminders/outbox.repository';
import { PeriodsRepository } from '../reporting/periods.repository';
import { ReportsRepository } from '../submissions/reports.repository';
import { PlanAccessRepository, PlanKey } from './plan-access.repository';
import { PlansRepository } from './plans.repository';

/** What a scoped route names: a plan by code, or a period, report, consolidated report, generated document or email by id. */
export const PLAN_RESOURCES = ['plan', 'period', 'report', 'consolidation', 'document', 'email'] as const;
export type PlanResource = (typeof PLAN_RESOURCES)[number];

export const PLAN_FORBIDDEN_CODE = 'PLAN_FORBIDDEN';
export const PLAN_FORBIDDEN_MESSAGE = 'Bạn không có quyền với kế hoạch này.';

/** The API's refusal of another plan's resource (403, stable code). */
export function planForbidden(): AppError {
  return new AppError(HttpStatus.FORBIDDEN, PLAN_FORBIDDEN_CODE, PLAN_FORBIDDEN_MESSAGE);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isAgencyUser = (user: CurrentUser): boolean => user.role === 'reporter' || user.role === 'head';

/** The plans a user sees: every plan (administrator), or these. */
export class PlanScope {
  private readonly ids: Set<string>;
  private readonly codes: Set<string>;

  constructor(readonly plans: PlanKey[] | 'all') {
    this.ids = new Set(plans === 'all' ? [] : plans.map((p) => p.id));
    this.codes = new Set(plans === 'all' ? [] : plans.map((p) => p.code));
  }

  get all(): boolean {
    return this.plans === 'all';
  }

  /** The ids of the plans seen, or null for every plan (a filter's "no filter"). */
  get planIds(): string[] | null {
    return this.plans === 'all' ? null : [...this.ids];
  }

  hasId(planId: string): boolean {
    return this.all || this.ids.has(planId);
  }

  hasCode(code: string): boolean {
    return this.all || this.codes.has(code);
  }
}

/**
 * The rules of access scoped to plans (README, "Access scoped to plans"):
 * - an administrator works on every plan;
 * - a coordinator on the plans whose coordinating agency is theirs, and those they are named a member of;
 * - a leader reads the plans whose coordinating or recipient agency is theirs, and those they are named a member of;
 * - an agency user (reporter, head) sees the periods their agency owes (`owing_agencies`), and the
 *   plans that have such a period or assign the agency a task.
 * Each resource's plan is found by its owning module's repository.
 */
@Injectable()
export class PlanAccessService {
  constructor(
    private readonly access: PlanAccessRepository,
    private readonly plans: PlansRepository,
    private readonly periods: PeriodsRepository,
    private readonly reports: ReportsRepository,
    private readonly consolidations: ConsolidationRepository,
    private readonly documents: DocumentsRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  /**
   * Whether the user may use the resource `key` (a plan code, or an id) names. A resource that
   * does not exist (or an id that is no UUID) is allowed, so that the route answers its own 404;
   * another agency's report too, which its route answers 404 as well.
   */
  async allows(user: CurrentUser, kind: PlanResource, key: string | undefined): Promise<boolean> {
    if (user.role === 'administrator' || key === undefined) return true;
    if (kind === 'plan') {
      const planId = await this.plans.idByCode(key);
      return planId === undefined || this.worksOn(user, planId);
    }
    if (!UUID.test(key)) return true;
    switch (kind) {
      case 'period':
        if (isAgencyUser(user)) return (await this.periods.owedBy(key, user.agencyId)) ?? true;
        return this.allowsPlanOf(user, await this.periods.planIdOf(key));
      case 'report':
        // An agency reads only its own reports: its route answers another agency's 404, as if it did not exist.
        if (isAgencyUser(user)) return true;
        return this.allowsPlanOf(user, await this.reports.planIdOfReport(key));
      case 'consolidation':
        return this.allowsPlanOf(user, await this.consolidations.planIdOf(key));
      case 'document':
        return this.allowsPlanOf(user, await this.documents.planIdOf(key));
      case 'email': {
        const planId = await this.outbox.planIdOf(key);
        // An email about no period belongs to no plan: only administrators act on it.
        return planId === null ? false : this.allowsPlanOf(user, planId);
      }
    }
  }

  /** Whether the user works on (or, as a leader or agency, reads) the plan. */
  async worksOn(user: CurrentUser, planId: string): Promise<boolean> {
    switch (user.role) {
      case 'administrator':
        return true;
      case 'coordinator':
        return this.access.userWorksOn(planId, user.id, user.agencyId, false);
      case 'leader':
        return this.access.userWorksOn(planId, user.id, user.agencyId, true);
      default:
        return (await this.access.assigns(planId, user.agencyId)) || (await this.periods.owesInPlan(planId, user.agencyId));
    }
  }

  /** The plans the user sees. */
  async scope(user: CurrentUser): Promise<PlanScope> {
    switch (user.role) {
      case 'administrator':
        return new PlanScope('all');
      case 'coordinator':
        return new PlanScope(await this.access.plansOfUser(user.id, user.agencyId, false));
      case 'leader':
        return new PlanScope(await this.access.plansOfUser(user.id, user.agencyId, true));
      default: {
        const [assigning, owing] = await Promise.all([
          this.access.planIdsAssigning(user.agencyId),
          this.periods.planIdsOwedBy(user.agencyId),
        ]);
        return new PlanScope(await this.access.keysOf([...new Set([...assigning, ...owing])]));
      }
    }
  }

  /** The plans a visitor sees on the public pages: every plan when not signed in. */
  async scopeOf(user: CurrentUser | null | undefined): Promise<PlanScope> {
    return user ? this.scope(user) : new PlanScope('all');
  }

  /** For an agency user, the ids of the plan's periods their agency owes; null for other roles (every period). */
  async owedPeriodIds(user: CurrentUser, planId: string): Promise<Set<string> | null> {
    if (!isAgencyUser(user)) return null;
    return new Set(await this.periods.owedPeriodIds(planId, user.agencyId));
  }

  private async allowsPlanOf(user: CurrentUser, planId: string | undefined): Promise<boolean> {
    return planId === undefined || this.worksOn(user, planId);
  }
}
