import { Module } from '@nestjs/common';
import { PeriodStatusService } from './period-status.service';
import { AttachmentStore } from './attachment-store';
import { PlausibilityRepository } from './plausibility.repository';
import { PlausibilityService } from './plausibility.service';
import { ReportInputs } from './report-inputs';
import { ReportsRepository } from './reports.repository';

/**
 * The reports repository and the period status on their own, for modules of every role: the
 * worker role does not load SubmissionsModule (its controllers' guards need the API's AuthModule),
 * yet builds the consolidation, which reads who reported.
 */
@Module({
  providers: [ReportsRepository, PeriodStatusService, AttachmentStore, ReportInputs, PlausibilityRepository, PlausibilityService],
  exports: [ReportsRepository, PeriodStatusService, AttachmentStore, ReportInputs, PlausibilityService],
})
export class SubmissionsDataModule {}
