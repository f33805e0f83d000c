import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock, SystemClock } from './clock';

/** The Clock: real time, or started at APP_CLOCK_START and running forward. */
@Global()
@Module({
  providers: [{ provide: Clock, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new SystemClock(config.clockStart) }],
  exports: [Clock],
})
export class CommonModule {}
