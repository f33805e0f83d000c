import { Module } from '@nestjs/common';
import { AdhocReportsController } from './adhoc-reports.controller';
import { AdhocReportsService } from './adhoc-reports.service';
import { PeriodStatusService } from './period-status.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportsController, AdhocReportsController],
  providers: [ReportsService, PeriodStatusService, AdhocReportsService],
  exports: [ReportsService, PeriodStatusService],
})
export class SubmissionsModule {}
