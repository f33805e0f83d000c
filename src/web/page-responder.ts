import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthService } from '../auth/auth.service';
import type { CurrentUser } from '../auth/auth.types';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PageRenderer } from './page-renderer';
import { issueCsrf, pageUser } from './page-session';

/** Renders pages with the layout's user and CSRF token, and gates pages by role. */
@Injectable()
export class PageResponder {
  constructor(
    private readonly pages: PageRenderer,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  user(req: Request): Promise<CurrentUser | null> {
    return pageUser(req, this.auth);
  }

  /** Signed-in user with one of the roles, or a redirect to sign-in / a 403 page. */
  async requireRole(
    req: Request,
    res: Response,
    roles: CurrentUser['role'][],
    refusal = 'Trang này chỉ dành cho quản trị hệ thống.',
  ): Promise<CurrentUser | null> {
    const user = await this.user(req);
    if (!user) {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return null;
    }
    if (!roles.includes(user.role)) {
      await this.send(req, res, 'error', { title: 'Không có quyền truy cập', message: refusal }, user, 403);
      return null;
    }
    return user;
  }

  async send(
    req: Request,
    res: Response,
    page: string,
    data: Record<string, unknown> & { title: string },
    user?: CurrentUser | null,
    status = 200,
  ): Promise<void> {
    const who = user === undefined ? await this.user(req) : user;
    const csrf = who ? issueCsrf(req, res, this.config.publicUrl) : undefined;
    const isAgency = who?.role === 'reporter' || who?.role === 'head';
    const isCoordinator = who?.role === 'coordinator' || who?.role === 'leader';
    res
      .status(status)
      .type('html')
      .send(
        this.pages.render(page, {
          ...data,
          user: who,
          csrf,
          isAdmin: who?.role === 'administrator',
          isAgency,
          isCoordinator,
          isCoordinatorOnly: who?.role === 'coordinator',
        }),
      );
  }

  /**
   * The JSON a progress bar polls (job-progress.js): `{state, progress}` of a worker job the page
   * follows, for the page's roles; 401/403/404 as the API answers them.
   */
  async jobProgress(
    req: Request,
    res: Response,
    roles: CurrentUser['role'][],
    load: () => Promise<{ state: string; progress: number } | null>,
    notFound: { code: string; message: string },
  ): Promise<void> {
    const user = await this.user(req);
    if (!user || !roles.includes(user.role)) {
      const status = user ? 403 : 401;
      res
        .status(status)
        .json({
          statusCode: status,
          code: user ? 'FORBIDDEN' : 'UNAUTHORIZED',
          message: user ? 'Bạn không có quyền xem việc này.' : 'Bạn cần đăng nhập.',
          errors: [],
        });
      return;
    }
    const job = await load();
    if (!job) {
      res.status(404).json({ statusCode: 404, ...notFound, errors: [] });
      return;
    }
    res.json({ state: job.state, progress: job.progress });
  }
}
