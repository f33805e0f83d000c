import { DynamicModule, Module, Type } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AgenciesModule } from './agencies/agencies.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AppConfig } from './config/app-config';
import { Clock } from './common/clock';
import { ConfigModule } from './config/config.module';
import { ConsolidationModule } from './consolidation/consolidation.module';
import { CommonModule } from './common/common.module';
import { httpLoggerParams } from './common/http-logging';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { PlansModule } from './plans/plans.module';
import { PlanWorkbookModule } from './plans/workbook/plan-workbook.module';
import { RedisModule } from './redis/redis.module';
import { MailModule } from './reminders/mail.module';
import { RemindersModule } from './reminders/reminders.module';
import { ReportingModule } from './reporting/reporting.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { SubmissionsModule } from './submissions/submissions.module';
import { WebModule } from './web/web.module';

/** Modules every role needs: configuration, clock, Postgres, Redis, logging. */
function coreModules(config: AppConfig, clock?: Clock) {
  return [
    ConfigModule.forRoot(config),
    LoggerModule.forRoot(httpLoggerParams(config)),
    CommonModule.forRoot(config, clock),
    DatabaseModule,
    RedisModule,
    AuditModule,
  ];
}

@Module({})
export class AppModule {
  /**
   * The API role serves HTTP; the worker role runs queue processors; both reconcile timers.
   * `extraModules` are added as they are (the benchmark's bare endpoint); production passes none.
   */
  static forRoot(config: AppConfig, options: { clock?: Clock; extraModules?: (Type | DynamicModule)[] } = {}): DynamicModule {
    const api = config.role === 'api' || config.role === 'all';
    const worker = config.role === 'worker' || config.role === 'all';
    return {
      module: AppModule,
      imports: [
        ...coreModules(config, options.clock),
        MailModule.forRoot({ worker }),
        ConsolidationModule.forRoot({ api, worker }),
        SchedulingModule.forRoot({ worker, api }),
        PlanWorkbookModule.forRoot({ api, worker }),
        ...(api
          ? [HealthModule, AuthModule, AgenciesModule, PlansModule, ReportingModule, RemindersModule, SubmissionsModule, WebModule]
          : []),
        ...(options.extraModules ?? []),
      ],
    };
  }
}
