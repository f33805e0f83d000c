import { DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AgenciesDataModule } from '../../agencies/agencies-data.module';
import { AuthDataModule } from '../../auth/auth-data.module';
import { ReportingDataModule } from '../../reporting/reporting-data.module';
import { PlansDataModule } from '../plans-data.module';
import { PlanDocumentReader } from './plan-document-reader';
import { PlanDocumentRepository } from './plan-document.repository';
import { PlanImporter } from './plan-import';
import { PlanImportProcessor } from './plan-import.processor';
import { PlanImportRepository } from './plan-import.repository';
import { IMPORT_MAX_BYTES, PlanImportService } from './plan-import.service';
import { PlanWorkbookController } from './plan-workbook.controller';

/** Plan import and export: the API routes in API roles, the import worker in worker roles. */
@Module({})
export class PlanWorkbookModule {
  static forRoot(options: { api: boolean; worker: boolean }): DynamicModule {
    return {
      module: PlanWorkbookModule,
      global: true,
      imports: [
        MulterModule.register({
          storage: memoryStorage(),
          defParamCharset: 'utf8',
          limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10 },
        }),
        AgenciesDataModule,
        AuthDataModule,
        PlansDataModule,
        ReportingDataModule,
      ],
      controllers: options.api ? [PlanWorkbookController] : [],
      providers: [
        PlanImportRepository,
        PlanDocumentRepository,
        PlanDocumentReader,
        PlanImporter,
        PlanImportService,
        ...(options.worker ? [PlanImportProcessor] : []),
      ],
      exports: [PlanImportService, PlanImportRepository, PlanDocumentReader],
    };
  }
}
