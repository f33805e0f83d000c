import { Injectable } from '@nestjs/common';
import type { CurrentUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { toZonedIso } from '../common/time-zone';
import type { AdhocReportDto } from './dto/report.dto';
import { AdhocReportsRepository } from './adhoc-reports.repository';
import { ReportPolicy } from './report-policy';

export interface AdhocReportView {
  id: string;
  agencyCode: string;
  agencyName: string;
  subject: string;
  body: string;
  taskCode: string | null;
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

  async create(planCode: string, user: CurrentUser, body: AdhocReportDto): Promise<AdhocReportView> {
    ReportPolicy.requireAgencyUser(user);
    const planId = await this.adhoc.planId(planCode);
    if (!planId) throw AppError.notFound(`Không tìm thấy kế hoạch có mã "${planCode}".`, 'PLAN_NOT_FOUND');
    let taskId: string | null = null;
    if (body.taskCode) {
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

  async list(planCode: string, id?: string): Promise<AdhocReportView[]> {
    const rows = await this.adhoc.forPlan(planCode, id ?? null);
    return rows.map((r) => ({
      id: r.id,
      agencyCode: r.code,
      agencyName: r.name,
      subject: r.subject,
      body: r.body,
      taskCode: r.task_code,
      difficultyKind: r.difficulty_kind,
      resolvingLevel: r.resolving_level,
      submittedBy: r.display_name,
      createdAt: toZonedIso(r.created_at),
    }));
  }
}
