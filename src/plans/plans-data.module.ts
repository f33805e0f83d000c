import { Module } from '@nestjs/common';
import { IndicatorsRepository } from './indicators.repository';
import { PlansRepository } from './plans.repository';
import { TasksRepository } from './tasks.repository';

/**
 * The plans repositories on their own, for modules of every role: the worker role does not load
 * PlansModule (its controllers' guards need the API's AuthModule), yet imports plans and reads them.
 */
@Module({
  providers: [PlansRepository, TasksRepository, IndicatorsRepository],
  exports: [PlansRepository, TasksRepository, IndicatorsRepository],
})
export class PlansDataModule {}
