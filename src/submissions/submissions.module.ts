import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PlansDataModule } from '../plans/plans-data.module';
import { ReportingDataModule } from '../reporting/reporting-data.module';
import { AdhocReportsController } from './adhoc-reports.controller';
import { AdhocReportsRepository } from './adhoc-reports.repository';
import { AdhocReportsService } from './adhoc-reports.service';
import { ReportReceipts } from './report-receipt';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { SubmissionsDataModule } from './submissions-data.module';

@Module({
  imports: [
    SubmissionsDataModule,
    ReportingDataModule,
    PlansDataModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        defParamCharset: 'utf8',
        limits: { fileSize: config.attachmentMaxBytes, files: 1, fields: 10 },
      }),
    }),
  ],
  controllers: [ReportsController, AdhocReportsController],
  providers: [ReportsService, AdhocReportsRepository, AdhocReportsService, ReportReceipts],
  exports: [ReportsService, AdhocReportsService, ReportReceipts, SubmissionsDataModule],
})
export class SubmissionsModule {}
