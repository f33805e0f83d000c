import { Global, Module } from '@nestjs/common';
import { ReportingDataModule } from '../reporting/reporting-data.module';
import { SubmissionsDataModule } from '../submissions/submissions-data.module';
import { PlanAccessGuard } from './plan-access.guard';
import { PlanAccessRepository } from './plan-access.repository';
import { PlanAccessService } from './plan-access.service';
import { PlanMembersController } from './plan-members.controller';
import { PlanMembersService } from './plan-members.service';
import { PlansDataModule } from './plans-data.module';

/**
 * Access scoped to plans, for the API roles: the rules (PlanAccessService), the guard of
 * @PlanScoped routes, which every module's controllers use (hence global), and the
 * administrators' members API. The consolidation's and the outbox's repositories come from their
 * global modules.
 */
@Global()
@Module({
  imports: [PlansDataModule, ReportingDataModule, SubmissionsDataModule],
  controllers: [PlanMembersController],
  providers: [PlanAccessRepository, PlanAccessService, PlanAccessGuard, PlanMembersService],
  exports: [PlanAccessService, PlanAccessGuard],
})
export class PlanAccessModule {}
