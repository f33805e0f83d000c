import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Clock, SystemClock } from './clock';

/** The Clock: real time, or started at APP_CLOCK_START and running forward; tests pass their own. */
@Global()
@Module({})
export class CommonModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: CommonModule,
      providers: [{ provide: Clock, useValue: clock ?? new SystemClock(config.clockStart) }],
      exports: [Clock],
    };
  }
}
