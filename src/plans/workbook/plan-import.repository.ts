import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../../database/sql-repository';

export type ImportState = 'queued' | 'running' | 'done' | 'refused' | 'failed';

/** An import as stored; `result` is the ImportResult the worker wrote (jsonb). */
export interface ImportRow<Result> {
  id: string;
  file_name: string;
  dry_run: boolean;
  state: ImportState;
  result: Result | null;
  created_at: Date;
  finished_at: Date | null;
}

/** What the worker needs of an import it starts. */
export interface ClaimedImport {
  file: Buffer;
  dry_run: boolean;
  created_by: string;
}

/** A line of the administrators' list of recent imports. */
export interface RecentImportRow {
  id: string;
  file_name: string;
  dry_run: boolean;
  state: ImportState;
  plan_code: string | null;
  created_at: Date;
  username: string;
}

/** Uploaded plan workbooks and the outcome of their import. */
@Injectable()
export class PlanImportRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** Stores an upload, queued; answers its id. */
  async insertUpload(
    upload: { fileName: string; file: Buffer; dryRun: boolean; createdBy: string; createdAt: Date },
    em?: EntityManager,
  ): Promise<string> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO plan_imports (file_name, file, dry_run, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [upload.fileName, upload.file, upload.dryRun, upload.createdBy, upload.createdAt],
      em,
    );
    return row!.id;
  }

  /** Queues the file of a successful dry run again, for real; answers the new id, or undefined when there is no such dry run. */
  async insertConfirmation(dryRunId: string, createdBy: string, createdAt: Date, em?: EntityManager): Promise<string | undefined> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO plan_imports (file_name, file, dry_run, created_by, created_at)
       SELECT file_name, file, false, $2, $3 FROM plan_imports WHERE id = $1 AND dry_run AND state = 'done' RETURNING id`,
      [dryRunId, createdBy, createdAt],
      em,
    );
    return row?.id;
  }

  byId<Result>(importId: string, em?: EntityManager): Promise<ImportRow<Result> | undefined> {
    return this.first<ImportRow<Result>>(
      'SELECT id, file_name, dry_run, state, result, created_at, finished_at FROM plan_imports WHERE id = $1',
      [importId],
      em,
    );
  }

  /** Marks a queued (or retried) import running and answers its file; undefined when it finished already. */
  async claim(importId: string, em?: EntityManager): Promise<ClaimedImport | undefined> {
    const { rows } = await this.change<ClaimedImport>(
      `UPDATE plan_imports SET state = 'running' WHERE id = $1 AND state IN ('queued', 'running') RETURNING file, dry_run, created_by`,
      [importId],
      em,
    );
    return rows[0];
  }

  /** Stores the outcome. */
  async finish(
    importId: string,
    outcome: { state: ImportState; result: unknown; planCode: string | null; finishedAt: Date },
    em?: EntityManager,
  ): Promise<void> {
    await this.change(
      'UPDATE plan_imports SET state = $2, result = $3, plan_code = $4, finished_at = $5 WHERE id = $1',
      [importId, outcome.state, JSON.stringify(outcome.result), outcome.planCode, outcome.finishedAt],
      em,
    );
  }

  /** Marks an unfinished import failed with this result. */
  async markFailed(importId: string, result: unknown, finishedAt: Date, em?: EntityManager): Promise<void> {
    await this.change(
      `UPDATE plan_imports SET state = 'failed', result = $2, finished_at = $3 WHERE id = $1 AND state IN ('queued', 'running')`,
      [importId, JSON.stringify(result), finishedAt],
      em,
    );
  }

  /** The latest imports with who uploaded them, newest first. */
  recentImports(limit: number, em?: EntityManager): Promise<RecentImportRow[]> {
    return this.rows<RecentImportRow>(
      `SELECT i.id, i.file_name, i.dry_run, i.state, i.plan_code, i.created_at, u.username
       FROM plan_imports i JOIN users u ON u.id = i.created_by ORDER BY i.created_at DESC LIMIT $1`,
      [limit],
      em,
    );
  }

  /** The user who uploaded an import, as the audit log names an actor; undefined when gone. */
  uploader(userId: string, em?: EntityManager): Promise<{ id: string; username: string } | undefined> {
    return this.first<{ id: string; username: string }>('SELECT id, username FROM users WHERE id = $1', [userId], em);
  }

  /** Serialises imports of one plan code until the transaction ends. */
  async lockPlanCode(planCode: string, em?: EntityManager): Promise<void> {
    await this.rows('SELECT pg_advisory_xact_lock(hashtext($1))', [`plan-import:${planCode}`], em);
  }
}
