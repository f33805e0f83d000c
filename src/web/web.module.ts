import { Module } from '@nestjs/common';
import { PlansModule } from '../plans/plans.module';
import { ReportingModule } from '../reporting/reporting.module';
import { AuthPagesController } from './auth-pages.controller';
import { PageRenderer } from './page-renderer';
import { WebController } from './web.controller';

@Module({
  imports: [PlansModule, ReportingModule],
  controllers: [AuthPagesController, WebController],
  providers: [PageRenderer],
})
export class WebModule {}
