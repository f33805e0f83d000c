import { DynamicModule, Module } from '@nestjs/common';
import { ConsolidationsController } from './consolidations.controller';
import { ConsolidationsService } from './consolidations.service';
import { DocumentsProcessor, DocumentsService } from './documents.service';

/** The service in every role (the worker builds the C-3 snapshot); the routes only in the API; document jobs run in workers. */
@Module({})
export class ConsolidationModule {
  static forRoot(options: { api: boolean; worker: boolean }): DynamicModule {
    return {
      module: ConsolidationModule,
      global: true,
      controllers: options.api ? [ConsolidationsController] : [],
      providers: [ConsolidationsService, DocumentsService, ...(options.worker ? [DocumentsProcessor] : [])],
      exports: [ConsolidationsService, DocumentsService],
    };
  }
}
