import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthService } from '../auth/auth.service';
import type { CurrentUser } from '../auth/auth.types';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PageRenderer } from './page-renderer';
import { issueCsrf, pageUser } from './page-session';

/** Renders pages with the layout's user and CSRF token. */
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
   * follows (the route's @PageRoles and @AnswersJson answer refusals as the API does), or a 404.
   */
  async jobProgress(
    res: Response,
    load: () => Promise<{ state: string; progress: number } | null>,
    notFound: { code: string; message: string },
  ): Promise<void> {
    const job = await load();
    if (!job) {
      res.status(404).json({ statusCode: 404, ...notFound, errors: [] });
      return;
    }
    res.json({ state: job.state, progress: job.progress });
  }
}
