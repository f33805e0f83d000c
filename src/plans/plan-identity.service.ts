import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { systemEpochMs } from '../common/clock';
import { APP_CONFIG } from '../config/config.module';
import { identitySettingsOf, PlanIdentity, resolvePlanIdentity } from './plan-identity';
import { PlansRepository } from './plans.repository';

/** How long a plan's identity is reused: a changed letterhead shows in the next email within this. */
const CACHE_MS = 10_000;

/** A plan's identity for documents, emails and pages; cached briefly (an email batch asks it once per email). */
@Injectable()
export class PlanIdentityService {
  private readonly cache = new Map<string, { at: number; identity: PlanIdentity }>();

  constructor(
    private readonly plans: PlansRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Drops what this process remembers of the plan, after a change to its identity or agencies here. */
  forget(planId: string): void {
    this.cache.delete(planId);
  }

  /** The identity of the plan; null when there is no such plan. */
  async forPlan(planId: string): Promise<PlanIdentity | null> {
    const hit = this.cache.get(planId);
    if (hit && systemEpochMs() - hit.at < CACHE_MS) return hit.identity;
    const row = await this.plans.identitySource(planId);
    if (!row) return null;
    const identity = resolvePlanIdentity(
      identitySettingsOf(row),
      {
        coordinating: { code: row.coordinating_code, name: row.coordinating_name, shortName: row.coordinating_short_name },
        coordinatingParent: row.parent_name ? { name: row.parent_name } : null,
        recipient: row.recipient_name ? { name: row.recipient_name, shortName: row.recipient_short_name ?? row.recipient_name } : null,
      },
      { organizationName: this.config.organizationName, mailFrom: this.config.mailFrom },
    );
    this.cache.set(planId, { at: systemEpochMs(), identity });
    return identity;
  }
}
