import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuthService } from '../auth/auth.service';
import type { CurrentUser } from '../auth/auth.types';
import type { Role } from '../auth/user.entity';
import { pageUser } from './page-session';

const PAGE_ACCESS = 'page:access';
const ANSWERS_JSON = 'page:json';
const ERROR_TITLE = 'page:error-title';

interface PageAccess {
  /** null: any visitor, signed in or not. */
  roles: Role[] | null;
  /** What a signed-in user of another role is shown (403). */
  refusal: string;
}

/**
 * A page for signed-in users of these roles. A visitor who is not signed in is sent to sign-in
 * (and back here afterwards); a user of another role sees the error page with `refusal` (403).
 */
export const PageRoles = (roles: Role[], refusal: string = 'Trang này chỉ dành cho quản trị hệ thống.') =>
  SetMetadata(PAGE_ACCESS, { roles, refusal } satisfies PageAccess);

/** A page any visitor may use; the signed-in user, if any, is resolved for it (`@PageUser()`). */
export const PageVisitor = () => SetMetadata(PAGE_ACCESS, { roles: null, refusal: '' } satisfies PageAccess);

/**
 * A route the page's own script calls (a progress poll): refusals and errors are answered as the
 * API answers them (JSON), never with a page or a redirect.
 */
export const AnswersJson = () => SetMetadata(ANSWERS_JSON, true);

/** The title of every error page of these routes (by default "Không tìm thấy" for a 404, else "Không thực hiện được"). */
export const ErrorPageTitle = (title: string) => SetMetadata(ERROR_TITLE, title);

/** The user PageAuthGuard resolved: always there under @PageRoles, possibly undefined under @PageVisitor. */
export const PageUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): CurrentUser | undefined => ctx.switchToHttp().getRequest<Request>().user,
);

/** Not signed in (or signed in as a role that must sign in again): the filter sends the visitor to sign-in. */
export class SignInRequired extends Error {
  constructor() {
    super('Bạn cần đăng nhập.');
    this.name = 'SignInRequired';
  }
}

/** Signed in, but the page is not for this role. */
export class PageForbidden extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PageForbidden';
  }
}

/** The controller and handler a page request was routed to, for the exception filter (which Nest does not tell). */
export interface PageRoute {
  controller: Type<unknown>;
  handler: (...args: unknown[]) => unknown;
  /** Errors answered as JSON (@AnswersJson). */
  json: boolean;
  /** @ErrorPageTitle, if set. */
  errorTitle?: string;
}

const routes = new WeakMap<Request, PageRoute>();

/** The route a page request reached, once the page guards ran. */
export function pageRoute(req: Request): PageRoute | undefined {
  return routes.get(req);
}

/**
 * The role gate of the pages: resolves the signed-in user from the session cookie onto the
 * request, then admits or refuses by @PageRoles. Routes without @PageRoles or @PageVisitor are
 * public and look nobody up (their page resolves the visitor when it renders, as before).
 */
@Injectable()
export class PageAuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const targets = [context.getHandler(), context.getClass()];
    routes.set(req, {
      controller: context.getClass(),
      handler: context.getHandler() as PageRoute['handler'],
      json: this.reflector.getAllAndOverride<boolean | undefined>(ANSWERS_JSON, targets) ?? false,
      errorTitle: this.reflector.getAllAndOverride<string | undefined>(ERROR_TITLE, targets),
    });
    const access = this.reflector.getAllAndOverride<PageAccess | undefined>(PAGE_ACCESS, targets);
    if (!access) return true;
    const user = await pageUser(req, this.auth);
    if (user) req.user = user;
    if (!access.roles) return true;
    const allowed = user !== null && access.roles.includes(user.role);
    if (allowed) return true;
    // Only a visitor who is not signed in is sent to sign in; a signed-in user of another role is
    // refused (403), on a GET as on a POST, as the API refuses: never a redirect that hides the refusal.
    if (!user) throw new SignInRequired();
    throw new PageForbidden(access.refusal);
  }
}
