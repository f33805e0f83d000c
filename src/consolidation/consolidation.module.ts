import { DynamicModule, Module } from '@nestjs/common';
import { PlansDataModule } from '../plans/plans-data.module';
import { ReportingDataModule } from '../reporting/reporting-data.module';
import { SubmissionsDataModule } from '../submissions/submissions-data.module';
import { ConsolidationRepository } from './consolidation.repository';
import { ConsolidationsController } from './consolidations.controller';
import { ConsolidationsService } from './consolidations.service';
import { DocumentsRepository } from './documents.repository';
import { DocumentsProcessor, DocumentsService } from './documents.service';
import { RollupService } from './rollup';
import { RollupRepository } from './rollup.repository';

/** The service in every role (the worker builds the C-3 snapshot); the routes only in the API; document jobs run in workers. */
@Module({})
export class ConsolidationModule {
  static forRoot(options: { api: boolean; worker: boolean }): DynamicModule {
    return {
      module: ConsolidationModule,
      global: true,
      // The other modules' data parts (not their API modules, which the worker role does not load):
      // who reported (the roll-up reads it) and the period's lock.
      imports: [SubmissionsDataModule, ReportingDataModule, PlansDataModule],
      controllers: options.api ? [ConsolidationsController] : [],
      providers: [
        ConsolidationRepository,
        DocumentsRepository,
        RollupRepository,
        RollupService,
        ConsolidationsService,
        DocumentsService,
        ...(options.worker ? [DocumentsProcessor] : []),
      ],
      // The repositories also answer which plan a consolidated report or a document is of (plan scoping).
      exports: [ConsolidationsService, DocumentsService, ConsolidationRepository, DocumentsRepository],
    };
  }
}
