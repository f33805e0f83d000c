import { Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthService } from '../auth/auth.service';
import type { CurrentUser } from '../auth/auth.types';
import { AppError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PageUser, PageVisitor } from './page-access';
import { CsrfProtected } from './page-csrf';
import { FormPage, PageForm } from './page-form';
import { LoginForm } from './page-forms';
import { PageRenderer } from './page-renderer';
import { clearSessionCookie, issueCsrf, safeNext, setSessionCookie } from './page-session';
import { Pages } from './pages';

/** Sign-in and sign-out for the pages. */
@Pages()
@Controller()
export class AuthPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('login')
  @PageVisitor()
  form(@PageUser() user: CurrentUser | undefined, @Req() req: Request, @Res() res: Response, @Query('next') next?: string): void {
    const csrf = issueCsrf(req, res, this.config.publicUrl);
    res.type('html').send(this.pages.render('login', { title: 'Đăng nhập', csrf, next: safeNext(next), user: user ?? null }));
  }

  @Post('login')
  @CsrfProtected('Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng đăng nhập lại.')
  @FormPage<AuthPagesController>(async (c, req, res, r) => {
    const username = typeof r.body.username === 'string' ? r.body.username.slice(0, 64) : '';
    c.loginRefused(req, res, safeNext(r.body.next), username, r.status, r.message);
  })
  async login(@PageForm() form: LoginForm, @Req() req: Request, @Res() res: Response): Promise<void> {
    const next = safeNext(form.next);
    try {
      const { accessToken } = await this.auth.login(form.username, form.password);
      setSessionCookie(res, accessToken, this.config.publicUrl);
      res.redirect(303, next);
    } catch (error) {
      if (error instanceof AppError) {
        if (error.retryAfter) res.setHeader('Retry-After', String(error.retryAfter));
        return this.loginRefused(req, res, next, form.username, error.status, error.message);
      }
      throw error;
    }
  }

  /** The sign-in form again, with what was typed as the username and why it was refused. */
  private loginRefused(req: Request, res: Response, next: string, username: string, status: number, error: string): void {
    const csrf = issueCsrf(req, res, this.config.publicUrl);
    res
      .status(status)
      .type('html')
      .send(this.pages.render('login', { title: 'Đăng nhập', csrf, next, username, error }));
  }

  /** A sign-out posted from another site is refused like any other forged form (when someone is signed in). */
  @Post('logout')
  @PageVisitor()
  @CsrfProtected('Hãy tải lại trang rồi bấm "Đăng xuất" lần nữa.', { title: 'Biểu mẫu đã hết hạn', signedInOnly: true })
  async logout(@PageUser() user: CurrentUser | undefined, @Res() res: Response): Promise<void> {
    if (user) await this.auth.logout(user.sessionId);
    clearSessionCookie(res, this.config.publicUrl);
    res.redirect(303, '/');
  }
}
