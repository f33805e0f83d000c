import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { CalendarEventHandler } from './calendar-event.handler';
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
      imports: [ScheduleModule.forRoot()],
      controllers: options.api ? [TimersController] : [],
      providers: [
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
