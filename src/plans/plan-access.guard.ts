import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PageForbidden, pageRoute } from '../web/page-access';
import { PLAN_FORBIDDEN_MESSAGE, PlanAccessService, planForbidden, PlanResource } from './plan-access.service';

const PLAN_SCOPED = 'plan:scoped';

interface PlanScopedRoute {
  kind: PlanResource;
  param: string;
}

/**
 * The route acts on a resource of one plan, named by the route parameter `param` (by default
 * `code` for a plan, `id` otherwise): only users who work on that plan pass (PlanAccessService).
 * Its guard runs after the role guards (AuthGuard's @Roles, PageAuthGuard's @PageRoles), so a
 * role refusal still comes before any lookup; an unknown resource passes, for the route's 404.
 * Refused: the API answers 403 PLAN_FORBIDDEN, a page the error page (403).
 */
export const PlanScoped = (kind: PlanResource, param: string = kind === 'plan' ? 'code' : 'id') =>
  applyDecorators(SetMetadata(PLAN_SCOPED, { kind, param } satisfies PlanScopedRoute), UseGuards(PlanAccessGuard));

@Injectable()
export class PlanAccessGuard implements CanActivate {
  constructor(
    private readonly access: PlanAccessService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.reflector.get<PlanScopedRoute | undefined>(PLAN_SCOPED, context.getHandler());
    const req = context.switchToHttp().getRequest<Request>();
    // Signing in is the role guards' business; a public page has no plan to guard.
    if (!route || !req.user) return true;
    const key = (req.params as Record<string, string | undefined>)[route.param];
    if (await this.access.allows(req.user, route.kind, key)) return true;
    // A page shows the error page; a page's script (@AnswersJson, a background save) and the API get the JSON refusal.
    const page = pageRoute(req);
    if (page && !page.json && req.get('x-autosave') !== '1') throw new PageForbidden(PLAN_FORBIDDEN_MESSAGE);
    throw planForbidden();
  }
}
