import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CurrentUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { toZonedIso } from '../common/time-zone';
import type { AdhocReportDto } from './dto/report.dto';
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
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async create(planCode: string, user: CurrentUser, body: AdhocReportDto): Promise<AdhocReportView> {
    ReportPolicy.requireAgencyUser(user);
    const [plan] = (await this.dataSource.query('SELECT id FROM plans WHERE code = $1', [planCode])) as { id: string }[];
    if (!plan) throw AppError.notFound(`Không tìm thấy kế hoạch có mã "${planCode}".`, 'PLAN_NOT_FOUND');
    let taskId: string | null = null;
    if (body.taskCode) {
      const [task] = (await this.dataSource.query('SELECT id FROM tasks WHERE plan_id = $1 AND code = $2', [plan.id, body.taskCode])) as {
        id: string;
      }[];
      if (!task) throw AppError.field('taskCode', `Kế hoạch không có nhiệm vụ "${body.taskCode}".`);
      taskId = task.id;
    }
    const [row] = (await this.dataSource.query(
      `INSERT INTO adhoc_reports (plan_id, agency_id, task_id, subject, body, difficulty_kind, resolving_level, submitted_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [plan.id, user.agencyId, taskId, body.subject, body.body, body.difficultyKind, body.resolvingLevel, user.id, this.clock.now()],
    )) as { id: string }[];
    return (await this.list(planCode, row.id))[0];
  }

  async list(planCode: string, id?: string): Promise<AdhocReportView[]> {
    const rows = (await this.dataSource.query(
      `SELECT x.id, a.code, a.name, x.subject, x.body, t.code AS task_code, x.difficulty_kind, x.resolving_level, u.display_name, x.created_at
       FROM adhoc_reports x JOIN plans p ON p.id = x.plan_id JOIN agencies a ON a.id = x.agency_id JOIN users u ON u.id = x.submitted_by
       LEFT JOIN tasks t ON t.id = x.task_id
       WHERE p.code = $1 AND ($2::uuid IS NULL OR x.id = $2) ORDER BY x.created_at DESC`,
      [planCode, id ?? null],
    )) as Record<string, any>[];
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
