import { Module } from '@nestjs/common';
import { AgenciesDataModule } from '../agencies/agencies-data.module';
import { PlansModule } from '../plans/plans.module';
import { RemindersModule } from '../reminders/reminders.module';
import { ReportingModule } from '../reporting/reporting.module';
import { AccountPagesController } from './account-pages.controller';
import { AdhocPagesController } from './adhoc-pages.controller';
import { AdminPagesController } from './admin-pages.controller';
import { AdminUsersPagesController } from './admin-users-pages.controller';
import { AuthPagesController } from './auth-pages.controller';
import { PageRenderer } from './page-renderer';
import { PageResponder } from './page-responder';
import { ConsolidationPagesController } from './consolidation-pages.controller';
import { DashboardPagesController } from './dashboard-pages.controller';
import { ReminderPagesController } from './reminder-pages.controller';
import { ReportPagesController } from './report-pages.controller';
import { ReportPdfPagesController } from './report-pdf-pages.controller';
import { SignInLinkPagesController } from './sign-in-link-pages.controller';
import { WebController } from './web.controller';
import { SubmissionsModule } from '../submissions/submissions.module';

@Module({
  imports: [AgenciesDataModule, PlansModule, ReportingModule, SubmissionsModule, RemindersModule],
  controllers: [
    AdminPagesController,
    AdminUsersPagesController,
    AuthPagesController,
    SignInLinkPagesController,
    WebController,
    ReportPagesController,
    ReportPdfPagesController,
    ReminderPagesController,
    ConsolidationPagesController,
    DashboardPagesController,
    AdhocPagesController,
    AccountPagesController,
  ],
  providers: [PageRenderer, PageResponder],
})
export class WebModule {}
