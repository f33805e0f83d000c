import { Module } from '@nestjs/common';
import { PlansModule } from '../plans/plans.module';
import { ReportingModule } from '../reporting/reporting.module';
import { PageRenderer } from './page-renderer';
import { WebController } from './web.controller';

@Module({
  imports: [PlansModule, ReportingModule],
  controllers: [WebController],
  providers: [PageRenderer],
})
export class WebModule {}
