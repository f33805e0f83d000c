import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
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

/** A refused request as the exception filter reports it. */
export interface Refusal {
  actor: { id: string; username: string } | null;
  method: string;
  path: string;
  status: number;
  code: string;
}

/** Refusals of one source (a signed-in user, or an address) recorded row by row per window; the rest are counted. */
export const REFUSAL_ROWS_PER_WINDOW = 10;
export const REFUSAL_WINDOW_MS = 60_000;
/** How much of a refused path a row keeps. */
export const REFUSAL_PATH_CHARS = 200;
/** Sources followed at once; past it, refusals of new sources share one window. */
const REFUSAL_SOURCES = 5000;

interface RefusalWindow {
  actor: Refusal['actor'];
  ip: string | null;
  written: number;
  suppressed: number;
  /** "401 UNAUTHORIZED" → how many were not written one by one. */
  counts: Record<string, number>;
  from: Date;
  to: Date;
  timer: NodeJS.Timeout;
}

/** At most `max` characters of a text, cut between code points, with "…" when cut. */
export function truncated(text: string, max: number): string {
  const points = [...text];
  return points.length <= max ? text : `${points.slice(0, max).join('')}…`;
}

@Injectable()
export class AuditService implements OnModuleDestroy {
  private readonly logger = new Logger('Audit');
  private readonly windows = new Map<string, RefusalWindow>();

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

  /**
   * A refused request (401, 403): anyone can cause one, as often as they like, into a table
   * nobody may delete from. So a row keeps at most REFUSAL_PATH_CHARS of the path and never a
   * body; each source (the signed-in user, else the address) gets REFUSAL_ROWS_PER_WINDOW rows per
   * REFUSAL_WINDOW_MS, and what it did beyond that is one more row at the window's end:
   * `detail.aggregated` with how many refusals of each status and code, from and to when.
   */
  async recordRefusal(refusal: Refusal): Promise<void> {
    const ip = requestContext.getStore()?.ip ?? null;
    const now = this.clock.now();
    let source = refusal.actor ? `user:${refusal.actor.id}` : `ip:${ip ?? '-'}`;
    if (!this.windows.has(source) && this.windows.size >= REFUSAL_SOURCES) source = 'overflow';
    let window = this.windows.get(source);
    if (!window) {
      const key = source;
      window = {
        actor: source === 'overflow' ? null : refusal.actor,
        ip: source === 'overflow' ? null : ip,
        written: 0,
        suppressed: 0,
        counts: {},
        from: now,
        to: now,
        timer: setTimeout(() => void this.closeWindow(key), REFUSAL_WINDOW_MS),
      };
      window.timer.unref();
      this.windows.set(source, window);
    }
    window.to = now;
    if (window.written < REFUSAL_ROWS_PER_WINDOW) {
      window.written += 1;
      await this.recordQuietly({
        actor: refusal.actor,
        action: 'access.denied',
        detail: { method: refusal.method, path: truncated(refusal.path, REFUSAL_PATH_CHARS), status: refusal.status, code: refusal.code },
      });
      return;
    }
    window.suppressed += 1;
    const kind = `${refusal.status} ${refusal.code}`.slice(0, 80);
    if (window.counts[kind] !== undefined || Object.keys(window.counts).length < 20) window.counts[kind] = (window.counts[kind] ?? 0) + 1;
  }

  /** Writes the count of a source's refusals that had no row of their own, and forgets the window. */
  private async closeWindow(source: string): Promise<void> {
    const window = this.windows.get(source);
    if (!window) return;
    this.windows.delete(source);
    clearTimeout(window.timer);
    if (!window.suppressed) return;
    await this.repository
      .append({
        at: this.clock.now(),
        actorId: window.actor?.id ?? null,
        actorUsername: window.actor?.username ?? null,
        action: 'access.denied',
        entity: null,
        entityId: null,
        detail: {
          aggregated: true,
          count: window.suppressed,
          counts: window.counts,
          from: toZonedIso(window.from),
          to: toZonedIso(window.to),
        },
        ip: window.ip,
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'Audit entry not recorded'));
  }

  /** Counts still open are written before the database goes. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.windows.keys()].map((source) => this.closeWindow(source)));
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
