import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';

export interface NewAdhocReport {
  planId: string;
  agencyId: string;
  taskId: string | null;
  subject: string;
  body: string;
  difficultyKind: string;
  resolvingLevel: string;
  submittedBy: string;
  at: Date;
}

export interface AdhocReportRow {
  id: string;
  code: string;
  name: string;
  subject: string;
  body: string;
  task_code: string | null;
  task_title: string | null;
  difficulty_kind: string;
  resolving_level: string;
  display_name: string;
  created_at: Date;
}

/** Difficulties and proposals an agency raises outside any period (table `adhoc_reports`). */
@Injectable()
export class AdhocReportsRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** The id of the plan with this code. */
  async planId(planCode: string, em?: EntityManager): Promise<string | undefined> {
    return (await this.first<{ id: string }>('SELECT id FROM plans WHERE code = $1', [planCode], em))?.id;
  }

  /** The plan with this code, by id, code and title. */
  plan(planCode: string, em?: EntityManager): Promise<{ id: string; code: string; title: string } | undefined> {
    return this.first<{ id: string; code: string; title: string }>('SELECT id, code, title FROM plans WHERE code = $1', [planCode], em);
  }

  /** The plan's tasks the agency leads or cooperates in, in plan order (what its ad hoc report may be about). */
  agencyTasks(planId: string, agencyId: string, em?: EntityManager): Promise<{ id: string; code: string; title: string }[]> {
    return this.rows<{ id: string; code: string; title: string }>(
      `SELECT t.id, t.code, t.title FROM tasks t JOIN plan_task_order($1) o ON o.task_id = t.id
       WHERE t.plan_id = $1 AND EXISTS (SELECT 1 FROM task_assignments ta WHERE ta.task_id = t.id AND ta.agency_id = $2)
       ORDER BY o.sort_path`,
      [planId, agencyId],
      em,
    );
  }

  /** The id of the plan's task with this code. */
  async taskId(planId: string, taskCode: string, em?: EntityManager): Promise<string | undefined> {
    return (await this.first<{ id: string }>('SELECT id FROM tasks WHERE plan_id = $1 AND code = $2', [planId, taskCode], em))?.id;
  }

  /** Records one; answers its id. */
  async add(report: NewAdhocReport, em?: EntityManager): Promise<string> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO adhoc_reports (plan_id, agency_id, task_id, subject, body, difficulty_kind, resolving_level, submitted_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        report.planId,
        report.agencyId,
        report.taskId,
        report.subject,
        report.body,
        report.difficultyKind,
        report.resolvingLevel,
        report.submittedBy,
        report.at,
      ],
      em,
    );
    return row!.id;
  }

  /** How many ad hoc reports the plan has received, or only those the agency `agencyId` sent. */
  async countForPlan(planId: string, agencyId: string | null, em?: EntityManager): Promise<number> {
    const row = await this.first<{ n: number }>(
      'SELECT count(*)::int AS n FROM adhoc_reports WHERE plan_id = $1 AND ($2::uuid IS NULL OR agency_id = $2)',
      [planId, agencyId],
      em,
    );
    return row?.n ?? 0;
  }

  /** How many ad hoc reports the agency has sent, by plan id (plans it sent none to are absent). */
  async countsByPlan(agencyId: string, em?: EntityManager): Promise<Map<string, number>> {
    const rows = await this.rows<{ plan_id: string; n: number }>(
      'SELECT plan_id, count(*)::int AS n FROM adhoc_reports WHERE agency_id = $1 GROUP BY plan_id',
      [agencyId],
      em,
    );
    return new Map(rows.map((r) => [r.plan_id, r.n]));
  }

  /** The plan's ad hoc reports, newest first (or only the one with `id`). */
  forPlan(planCode: string, id: string | null, em?: EntityManager): Promise<AdhocReportRow[]> {
    return this.rows<AdhocReportRow>(
      `SELECT x.id, a.code, a.name, x.subject, x.body, t.code AS task_code, t.title AS task_title, x.difficulty_kind, x.resolving_level, u.display_name, x.created_at
       FROM adhoc_reports x JOIN plans p ON p.id = x.plan_id JOIN agencies a ON a.id = x.agency_id JOIN users u ON u.id = x.submitted_by
       LEFT JOIN tasks t ON t.id = x.task_id
       WHERE p.code = $1 AND ($2::uuid IS NULL OR x.id = $2) ORDER BY x.created_at DESC`,
      [planCode, id],
      em,
    );
  }
}
