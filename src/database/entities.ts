import { Agency } from '../agencies/agency.entity';
import { AgencyGroup, AgencyGroupMember, AgencyGroupRef } from '../plans/agency-group.entity';
import { CapitalPhase, PhaseCapital } from '../plans/capital-phase.entity';
import { Consolidation } from '../consolidation/consolidation.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { Session } from '../auth/session.entity';
import { SignInLink } from '../auth/sign-in-link.entity';
import { User } from '../auth/user.entity';
import { Indicator } from '../plans/indicator.entity';
import { IndicatorTarget } from '../plans/indicator-target.entity';
import { Plan } from '../plans/plan.entity';
import { PlanMember } from '../plans/plan-member.entity';
import { PlanSection } from '../plans/plan-section.entity';
import { TaskAssignment } from '../plans/task-assignment.entity';
import { TaskMilestone } from '../plans/task-milestone.entity';
import { Task } from '../plans/task.entity';
import { DevMail } from '../reminders/dev-mail.entity';
import { Email } from '../reminders/email.entity';
import { Reminder } from '../reminders/reminder.entity';
import { Holiday } from '../reporting/holiday.entity';
import { ReportKind } from '../reporting/report-kind.entity';
import { ReportingPeriod } from '../reporting/reporting-period.entity';
import { ReportingRegime } from '../reporting/reporting-regime.entity';
import { CalendarEvent } from '../scheduling/calendar-event.entity';
import { AdhocReport } from '../submissions/adhoc-report.entity';
import { AgencyReport } from '../submissions/agency-report.entity';
import { Attachment } from '../submissions/attachment.entity';
import { ReportEvent } from '../submissions/report-event.entity';
import { ReportIndicatorValue } from '../submissions/report-indicator-value.entity';
import { ReportRevision } from '../submissions/report-revision.entity';
import { ReportTaskEntry } from '../submissions/report-task-entry.entity';

/** Every entity, in one list shared by the app, the CLI data source and the schema check. */
export const ENTITIES = [
  Agency,
  User,
  Session,
  SignInLink,
  Plan,
  PlanSection,
  PlanMember,
  Task,
  TaskMilestone,
  TaskAssignment,
  AgencyGroup,
  AgencyGroupMember,
  AgencyGroupRef,
  CapitalPhase,
  PhaseCapital,
  Indicator,
  IndicatorTarget,
  ReportingRegime,
  ReportKind,
  ReportingPeriod,
  Holiday,
  CalendarEvent,
  Reminder,
  Email,
  DevMail,
  AgencyReport,
  ReportTaskEntry,
  ReportIndicatorValue,
  ReportRevision,
  ReportEvent,
  AdhocReport,
  Attachment,
  AuditEntry,
  Consolidation,
];
