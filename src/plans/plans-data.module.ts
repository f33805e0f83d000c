import { Module } from '@nestjs/common';
import { AgencyGroupsRepository } from './agency-groups.repository';
import { CapitalPhasesRepository } from './capital-phases.repository';
import { IndicatorsRepository } from './indicators.repository';
import { PlanIdentityService } from './plan-identity.service';
import { PlansRepository } from './plans.repository';
import { TasksRepository } from './tasks.repository';

/**
 * The plans repositories on their own, for modules of every role: the worker role does not load
 * PlansModule (its controllers' guards need the API's AuthModule), yet imports plans and reads them.
 */
@Module({
  providers: [AgencyGroupsRepository, CapitalPhasesRepository, PlansRepository, TasksRepository, IndicatorsRepository, PlanIdentityService],
  exports: [AgencyGroupsRepository, CapitalPhasesRepository, PlansRepository, TasksRepository, IndicatorsRepository, PlanIdentityService],
})
export class PlansDataModule {}
