import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { CurrentUser } from './auth.types';
import type { Role } from './user.entity';

export const ROLES_KEY = 'roles';

/** Restricts a route to these roles; without it any signed-in user may call it. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const User = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): CurrentUser | undefined => ctx.switchToHttp().getRequest<Request>().user,
);
