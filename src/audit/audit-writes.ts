import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Observable, tap } from 'rxjs';
import { AuditService, REFUSAL_PATH_CHARS, truncated } from './audit.service';

const AUDIT_ENTITY = 'audit:entity';

/**
 * Marks a controller whose every write (POST, PUT, PATCH, DELETE) that succeeds is recorded in
 * the audit log as `<entity>.<handler>` with who, when, from where, the route's parameters and
 * what was sent. For routes whose service records a richer entry itself, do not use it.
 */
export const AuditWrites = (entity: string) => SetMetadata(AUDIT_ENTITY, entity);

const MAX_DETAIL = 4000;

@Injectable()
export class AuditWritesInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const entity = this.reflector.get<string | undefined>(AUDIT_ENTITY, context.getClass());
    const req = context.switchToHttp().getRequest<Request>();
    if (!entity || req.method === 'GET' || req.method === 'HEAD') return next.handle();
    return next.handle().pipe(
      tap(() => {
        const params = req.params as Record<string, string>;
        // What an anonymous request sent is never kept.
        let body = req.user ? JSON.stringify(req.body ?? null) : null;
        if (body && body.length > MAX_DETAIL) body = `${body.slice(0, MAX_DETAIL)}…`;
        void this.audit.recordQuietly({
          actor: req.user ? { id: req.user.id, username: req.user.username } : null,
          action: `${entity}.${context.getHandler().name}`,
          entity,
          entityId: Object.values(params).join('/').slice(0, 64) || undefined,
          detail: { method: req.method, path: truncated(req.path, REFUSAL_PATH_CHARS), params, body },
        });
      }),
    );
  }
}
