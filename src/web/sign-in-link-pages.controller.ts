import { Controller, Get, HttpStatus, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthService } from '../auth/auth.service';
import { SignInLinks, timeAndDay, UsableLink } from '../auth/sign-in-links.service';
import { AppError, FieldError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { SetPasswordForm } from './account-forms';
import { CsrfProtected } from './page-csrf';
import { FormPage, FormRefusal, PageError, PageForm } from './page-form';
import { PageRenderer } from './page-renderer';
import { issueCsrf, setSessionCookie } from './page-session';
import { Pages } from './pages';

/** The error page's title for each reason a link cannot be used. */
const LINK_TITLES: Record<string, string> = {
  LINK_NOT_FOUND: 'Đường dẫn không hợp lệ',
  LINK_USED: 'Đường dẫn đã được sử dụng',
  LINK_EXPIRED: 'Đường dẫn đã hết hạn',
  LINK_ACCOUNT_DISABLED: 'Tài khoản đã bị khóa',
};

/** The first message of each field, for the form to show beside it. */
function byField(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.path] ??= e.message;
  return out;
}

/**
 * The page behind a one-time sign-in link (welcome or reset): the user chooses a password, is
 * signed in and sent home. An unknown link is a 404, a used or expired one a 410, each with a
 * page that says so and what to do.
 */
@Pages()
@Controller('login/link')
export class SignInLinkPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly auth: AuthService,
    private readonly links: SignInLinks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':token')
  async form(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const link = await this.usable(token);
    this.render(req, res, token, link, {}, HttpStatus.OK);
  }

  @Post(':token')
  @CsrfProtected('Biểu mẫu đã hết hạn. Hãy nhập lại mật khẩu rồi bấm "Đặt mật khẩu và đăng nhập".')
  @FormPage<SignInLinkPagesController>((c, req, res, r) => c.refused(req, res, r))
  async setPassword(
    @Param('token') token: string,
    @PageForm() form: SetPasswordForm,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const { accessToken } = await this.auth.signInWithLink(token, form.password);
      setSessionCookie(res, accessToken, this.config.publicUrl);
      res.redirect(303, '/');
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
        const link = await this.usable(token);
        return this.render(req, res, token, link, { errors: byField(error.errors) }, HttpStatus.UNPROCESSABLE_ENTITY);
      }
      throw this.linkError(error);
    }
  }

  /**
   * The form again after the pipeline refused it: a password the policy refuses (422), or an
   * expired form (403, like every page form; the error page when the link itself is not usable).
   */
  private async refused(req: Request, res: Response, r: FormRefusal): Promise<void> {
    const token = r.params.token ?? '';
    if (r.reason === 'csrf') {
      const link = await this.links.check(token).catch(() => null);
      if (!link) throw new PageError('Biểu mẫu đã hết hạn', new AppError(HttpStatus.FORBIDDEN, 'CSRF_REFUSED', r.message));
      return this.render(req, res, token, link, { error: r.message }, r.status);
    }
    const link = await this.usable(token);
    this.render(req, res, token, link, { errors: byField(r.errors) }, HttpStatus.UNPROCESSABLE_ENTITY);
  }

  private async usable(token: string): Promise<UsableLink> {
    try {
      return await this.links.check(token);
    } catch (error) {
      throw this.linkError(error);
    }
  }

  /** A refused link as its error page, titled by the reason. */
  private linkError(error: unknown): unknown {
    if (error instanceof AppError && LINK_TITLES[error.code]) return new PageError(LINK_TITLES[error.code], error);
    return error;
  }

  private render(
    req: Request,
    res: Response,
    token: string,
    link: UsableLink,
    shown: { error?: string; errors?: Record<string, string> },
    status: number,
  ): void {
    const csrf = issueCsrf(req, res, this.config.publicUrl);
    // The token is in this page's address: it goes to no other site, and no cache keeps the page.
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    res
      .status(status)
      .type('html')
      .send(
        this.pages.render('sign-in-link', {
          title: link.purpose === 'reset' ? 'Đặt lại mật khẩu' : 'Đặt mật khẩu',
          csrf,
          token,
          reset: link.purpose === 'reset',
          username: link.username,
          displayName: link.displayName,
          expires: timeAndDay(link.expiresAt),
          error: shown.error ?? null,
          errors: shown.errors ?? {},
          user: null,
        }),
      );
  }
}
