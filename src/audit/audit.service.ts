import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { toZonedIso } from '../common/time-zone';
import { AuditRepository } from './audit.repository';
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
    private readonly repository: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /** Records inside the caller's transaction, so the entry stands or falls with the change. */
  async record(em: EntityManager, entry: AuditRecord): Promise<void> {
    await this.repository.append(this.row(entry), em);
  }

  /** For refusals: recorded on its own; a failure to record is logged, never shown to the user. */
  async recordQuietly(entry: AuditRecord): Promise<void> {
    await this.repository.append(this.row(entry)).catch((error: unknown) => this.logger.warn({ err: error }, 'Audit entry not recorded'));
  }

  async forEntity(entity: string, entityId: string): Promise<AuditView[]> {
    const rows = await this.repository.entriesFor(entity, entityId);
    return rows.map((r) => ({ at: toZonedIso(r.at), actor: r.actor_username, action: r.action, detail: r.detail, ip: r.ip }));
  }

  private row(entry: AuditRecord) {
    return {
      at: this.clock.now(),
      actorId: entry.actor?.id ?? null,
      actorUsername: entry.actor?.username ?? null,
      action: entry.action,
      entity: entry.entity ?? null,
      entityId: entry.entityId ?? null,
      detail: entry.detail ?? null,
      ip: requestContext.getStore()?.ip ?? null,
    };
  }
}
