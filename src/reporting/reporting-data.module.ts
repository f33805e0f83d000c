import { Module } from '@nestjs/common';
import { PlansDataModule } from '../plans/plans-data.module';
import { HolidaysRepository } from './holidays.repository';
import { PeriodStateRepository } from './period-state.repository';
import { PeriodSync } from './period-sync';
import { PeriodsRepository } from './periods.repository';
import { RegimesRepository } from './regimes.repository';
import { ReportChains } from './report-chains';

/**
 * The reporting repositories and the period planner on their own, for modules of every role: the
 * worker role does not load ReportingModule (its controllers' guards need the API's AuthModule),
 * yet imports plans, whose regimes and periods it writes; consolidation locks periods and
 * scheduling moves their state through `PeriodStateRepository`.
 */
@Module({
  imports: [PlansDataModule],
  providers: [RegimesRepository, PeriodsRepository, HolidaysRepository, PeriodStateRepository, PeriodSync, ReportChains],
  exports: [RegimesRepository, PeriodsRepository, HolidaysRepository, PeriodStateRepository, PeriodSync, ReportChains],
})
export class ReportingDataModule {}
