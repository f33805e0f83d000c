import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { CurrentUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { toZonedIso } from '../common/time-zone';
import { PlanAccessRepository } from './plan-access.repository';
import { PlansRepository } from './plans.repository';

/** A named member of a plan. */
export interface PlanMemberView {
  username: string;
  displayName: string;
  role: string;
  agencyCode: string;
  addedAt: string;
}

/**
 * The administrator names the coordinators and leaders who work on a plan besides its
 * coordinating (and recipient) agency's users. Both writes are idempotent and audited.
 */
@Injectable()
export class PlanMembersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PlanAccessRepository,
    private readonly plans: PlansRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(code: string): Promise<PlanMemberView[]> {
    const planId = await this.planId(code);
    const rows = await this.access.members(planId);
    return rows.map((r) => ({
      username: r.username,
      displayName: r.display_name,
      role: r.role,
      agencyCode: r.agency_code,
      addedAt: toZonedIso(r.created_at),
    }));
  }

  async add(admin: CurrentUser, code: string, username: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const [planId, userId] = [await this.planId(code, em), await this.userId(username, em)];
      if (await this.access.addMember(planId, userId, this.clock.now(), em)) {
        await this.audit.record(em, {
          actor: admin,
          action: 'plan.member_added',
          entity: 'plan',
          entityId: planId,
          detail: { plan: code, username },
        });
      }
    });
  }

  async remove(admin: CurrentUser, code: string, username: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const [planId, userId] = [await this.planId(code, em), await this.userId(username, em)];
      if (await this.access.removeMember(planId, userId, em)) {
        await this.audit.record(em, {
          actor: admin,
          action: 'plan.member_removed',
          entity: 'plan',
          entityId: planId,
          detail: { plan: code, username },
        });
      }
    });
  }

  private async planId(code: string, em?: EntityManager): Promise<string> {
    const id = await this.plans.idByCode(code, em);
    if (!id) throw AppError.notFound(`Không tìm thấy kế hoạch có mã "${code}".`, 'PLAN_NOT_FOUND');
    return id;
  }

  private async userId(username: string, em: EntityManager): Promise<string> {
    const id = await this.access.userIdByUsername(username, em);
    if (!id) throw AppError.notFound(`Không có tài khoản "${username}".`, 'USER_NOT_FOUND');
    return id;
  }
}
