import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { PlansModule } from '../plans/plans.module';
import { RegimeAdminController } from './regime-admin.controller';
import { RegimeAdminService } from './regime-admin.service';
import { HolidaysController } from './holidays.controller';
import { HolidaysService } from './holidays.service';
import { ReportingDataModule } from './reporting-data.module';
import { ReportingController } from './reporting.controller';
import { ReportingService } from './reporting.service';

@Module({
  imports: [PlansModule, AgenciesModule, ReportingDataModule],
  controllers: [ReportingController, RegimeAdminController, HolidaysController],
  providers: [ReportingService, RegimeAdminService, HolidaysService],
  exports: [ReportingService, HolidaysService, ReportingDataModule],
})
export class ReportingModule {}
