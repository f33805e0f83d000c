import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { PlansDataModule } from '../plans/plans-data.module';
import { ReportingDataModule } from '../reporting/reporting-data.module';
import { CalendarEventHandler } from './calendar-event.handler';
import { CalendarEventsRepository } from './calendar-events.repository';
import { CalendarEventsService } from './calendar-events.service';
import { CalendarQueue } from './calendar-queue';
import { CalendarProcessor } from './calendar.processor';
import { ReconcilerService } from './reconciler.service';
import { TimersController } from './timers.controller';
import { TimersService } from './timers.service';

/** Calendar timers: the reconciler runs in every process; the processor only in worker roles. */
@Module({})
export class SchedulingModule {
  static forRoot(options: { worker: boolean; api: boolean }): DynamicModule {
    return {
      module: SchedulingModule,
      global: true,
      // The other modules' data parts (not their API modules, which the worker role does not load):
      // the plans, the period planner, and the period's state and lock writes.
      imports: [ScheduleModule.forRoot(), PlansDataModule, ReportingDataModule],
      controllers: options.api ? [TimersController] : [],
      providers: [
        CalendarEventsRepository,
        CalendarEventsService,
        CalendarQueue,
        CalendarEventHandler,
        ReconcilerService,
        TimersService,
        ...(options.worker ? [CalendarProcessor] : []),
      ],
      exports: [CalendarEventsService, CalendarQueue, CalendarEventHandler, ReconcilerService, TimersService],
    };
  }
}
