import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';

/** One line of the append-only audit log, as written. */
export interface AuditRow {
  at: Date;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
}

/** One line of an entity's history, as read back. */
export interface AuditEntryRow {
  at: Date;
  actor_username: string | null;
  action: string;
  detail: Record<string, unknown> | null;
  ip: string | null;
}

/** The audit log (`audit_log`): appended to, never changed (a trigger refuses UPDATE and DELETE). */
@Injectable()
export class AuditRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** Appends a line; inside the caller's transaction when given one. */
  async append(row: AuditRow, em?: EntityManager): Promise<void> {
    await this.db(em).query(
      `INSERT INTO audit_log (at, actor_id, actor_username, action, entity, entity_id, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        row.at,
        row.actorId,
        row.actorUsername,
        row.action,
        row.entity,
        row.entityId,
        row.detail ? JSON.stringify(row.detail) : null,
        row.ip,
      ],
    );
  }

  /** The history of one entity, oldest first. */
  entriesFor(entity: string, entityId: string, em?: EntityManager): Promise<AuditEntryRow[]> {
    return this.rows<AuditEntryRow>(
      `SELECT at, actor_username, action, detail, ip FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY at, id`,
      [entity, entityId],
      em,
    );
  }
}
