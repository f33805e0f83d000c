import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { ReportingDataModule } from '../reporting/reporting-data.module';
import { IndicatorsAdminController } from './indicators-admin.controller';
import { IndicatorsAdminService } from './indicators-admin.service';
import { PlanAccessModule } from './plan-access.module';
import { PlansAdminController } from './plans-admin.controller';
import { PlansAdminService } from './plans-admin.service';
import { PlansController } from './plans.controller';
import { PlansDataModule } from './plans-data.module';
import { PlansService } from './plans.service';
import { TasksAdminController } from './tasks-admin.controller';
import { TasksAdminService } from './tasks-admin.service';

@Module({
  imports: [AgenciesModule, PlansDataModule, ReportingDataModule, PlanAccessModule],
  controllers: [PlansController, PlansAdminController, TasksAdminController, IndicatorsAdminController],
  providers: [PlansService, PlansAdminService, TasksAdminService, IndicatorsAdminService],
  exports: [PlansService, PlansDataModule],
})
export class PlansModule {}
