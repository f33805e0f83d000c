import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { toZonedIso } from '../common/time-zone';
import { requestContext } from './request-context';

export interface AuditRecord {
  actor: { id: string; username: string } | null;
  action: string;
  entity?: string;
  entityId?: string;
  detail?: Record<string, unknown>;
}

export interface AuditView {
  at: string;
  actor: string | null;
  action: string;
  detail: Record<string, unknown> | null;
  ip: string | null;
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Records inside the caller's transaction, so the entry stands or falls with the change. */
  async record(em: EntityManager, entry: AuditRecord): Promise<void> {
    await em.query(
      `INSERT INTO audit_log (at, actor_id, actor_username, action, entity, entity_id, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        this.clock.now(),
        entry.actor?.id ?? null,
        entry.actor?.username ?? null,
        entry.action,
        entry.entity ?? null,
        entry.entityId ?? null,
        entry.detail ? JSON.stringify(entry.detail) : null,
        requestContext.getStore()?.ip ?? null,
      ],
    );
  }

  /** For refusals: recorded on its own; a failure to record is logged, never shown to the user. */
  async recordQuietly(entry: AuditRecord): Promise<void> {
    await this.record(this.dataSource.manager, entry).catch((error: unknown) =>
      this.logger.warn({ err: error }, 'Audit entry not recorded'),
    );
  }

  async forEntity(entity: string, entityId: string): Promise<AuditView[]> {
    const rows = (await this.dataSource.query(
      `SELECT at, actor_username, action, detail, ip FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY at, id`,
      [entity, entityId],
    )) as { at: Date; actor_username: string | null; action: string; detail: Record<string, unknown> | null; ip: string | null }[];
    return rows.map((r) => ({ at: toZonedIso(r.at), actor: r.actor_username, action: r.action, detail: r.detail, ip: r.ip }));
  }
}
