import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AttachmentStore } from './attachment-store';
import { AdhocReportsController } from './adhoc-reports.controller';
import { AdhocReportsService } from './adhoc-reports.service';
import { PeriodStatusService } from './period-status.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [
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
  providers: [ReportsService, PeriodStatusService, AdhocReportsService, AttachmentStore],
  exports: [ReportsService, PeriodStatusService],
})
export class SubmissionsModule {}
