import { Injectable } from '@nestjs/common';
import type { CurrentUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { toZonedIso } from '../common/time-zone';
import type { AdhocReportDto } from './dto/report.dto';
import { AdhocReportsRepository } from './adhoc-reports.repository';
import { ReportPolicy } from './report-policy';

/** A plan as the ad hoc report pages name it. */
export interface AdhocPlan {
  id: string;
  code: string;
  title: string;
}

/** How an ad hoc report is created: `ownTask` refuses a task the agency neither leads nor cooperates in (the page's choice). */
export interface AdhocCreateOptions {
  ownTask?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OWN_TASK = 'Hãy chọn một nhiệm vụ mà cơ quan, đơn vị mình chủ trì hoặc phối hợp, hoặc để trống.';

export interface AdhocReportView {
  id: string;
  agencyCode: string;
  agencyName: string;
  subject: string;
  body: string;
  taskCode: string | null;
  taskTitle: string | null;
  difficultyKind: string;
  resolvingLevel: string;
  submittedBy: string;
  createdAt: string;
}

/** Difficulties and proposals raised at any time, into the coordinator's inbox. */
@Injectable()
export class AdhocReportsService {
  constructor(
    private readonly adhoc: AdhocReportsRepository,
    private readonly clock: Clock,
  ) {}

  /** The plan by code; 404 when there is none. */
  async plan(planCode: string): Promise<AdhocPlan> {
    const plan = await this.adhoc.plan(planCode);
    if (!plan) throw planNotFound(planCode);
    return plan;
  }

  /** What the agency's form offers: the plan, and the tasks the agency leads or cooperates in. */
  async formFor(planCode: string, user: CurrentUser): Promise<{ plan: AdhocPlan; tasks: { code: string; title: string }[] }> {
    ReportPolicy.requireAgencyUser(user);
    const plan = await this.plan(planCode);
    const tasks = await this.adhoc.agencyTasks(plan.id, user.agencyId);
    return { plan, tasks: tasks.map((t) => ({ code: t.code, title: t.title })) };
  }

  async create(planCode: string, user: CurrentUser, body: AdhocReportDto, options: AdhocCreateOptions = {}): Promise<AdhocReportView> {
    ReportPolicy.requireAgencyUser(user);
    const planId = await this.adhoc.planId(planCode);
    if (!planId) throw planNotFound(planCode);
    let taskId: string | null = null;
    if (body.taskCode && options.ownTask) {
      taskId = (await this.adhoc.agencyTasks(planId, user.agencyId)).find((t) => t.code === body.taskCode)?.id ?? null;
      if (!taskId) throw AppError.field('taskCode', OWN_TASK);
    } else if (body.taskCode) {
      taskId = (await this.adhoc.taskId(planId, body.taskCode)) ?? null;
      if (!taskId) throw AppError.field('taskCode', `Kế hoạch không có nhiệm vụ "${body.taskCode}".`);
    }
    const id = await this.adhoc.add({
      planId,
      agencyId: user.agencyId,
      taskId,
      subject: body.subject,
      body: body.body,
      difficultyKind: body.difficultyKind,
      resolvingLevel: body.resolvingLevel,
      submittedBy: user.id,
      at: this.clock.now(),
    });
    return (await this.list(planCode, id))[0];
  }

  /** One ad hoc report as the agency that sent it sees it; another agency's, or none, is a 404. */
  async sentBy(planCode: string, id: string, user: CurrentUser): Promise<AdhocReportView> {
    ReportPolicy.requireAgencyUser(user);
    const [report] = UUID.test(id) ? await this.list(planCode, id) : [];
    if (!report || report.agencyCode !== user.agencyCode) {
      throw AppError.notFound('Không tìm thấy báo cáo đột xuất này.', 'ADHOC_REPORT_NOT_FOUND');
    }
    return report;
  }

  /** How many ad hoc reports the plan's coordinator has received (the inbox's count), counted, not listed. */
  received(planId: string): Promise<number> {
    return this.adhoc.countForPlan(planId, null);
  }

  /** How many ad hoc reports the agency has sent into the plan. */
  sentTo(planId: string, agencyId: string): Promise<number> {
    return this.adhoc.countForPlan(planId, agencyId);
  }

  /** How many ad hoc reports the agency has sent, by plan id (0 for a plan absent from the map), in one query. */
  sentByPlan(agencyId: string): Promise<Map<string, number>> {
    return this.adhoc.countsByPlan(agencyId);
  }

  async list(planCode: string, id?: string): Promise<AdhocReportView[]> {
    const rows = await this.adhoc.forPlan(planCode, id ?? null);
    return rows.map((r) => ({
      id: r.id,
      agencyCode: r.code,
      agencyName: r.name,
      subject: r.subject,
      body: r.body,
      taskCode: r.task_code,
      taskTitle: r.task_title,
      difficultyKind: r.difficulty_kind,
      resolvingLevel: r.resolving_level,
      submittedBy: r.display_name,
      createdAt: toZonedIso(r.created_at),
    }));
  }
}

function planNotFound(planCode: string): AppError {
  return AppError.notFound(`Không tìm thấy kế hoạch có mã "${planCode}".`, 'PLAN_NOT_FOUND');
}
