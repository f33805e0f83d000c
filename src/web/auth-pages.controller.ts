import { Body, Controller, Get, HttpStatus, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthService } from '../auth/auth.service';
import { AppError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PageRenderer } from './page-renderer';
import { clearSessionCookie, csrfValid, issueCsrf, pageUser, safeNext, setSessionCookie } from './page-session';

/** Sign-in and sign-out for the pages. */
@ApiExcludeController()
@Controller()
export class AuthPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('login')
  async form(@Req() req: Request, @Res() res: Response, @Query('next') next?: string): Promise<void> {
    const user = await pageUser(req, this.auth);
    const csrf = issueCsrf(req, res, this.config.publicUrl);
    res.type('html').send(this.pages.render('login', { title: 'Đăng nhập', csrf, next: safeNext(next), user }));
  }

  @Post('login')
  async login(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const next = safeNext(body?.next);
    const username = typeof body?.username === 'string' ? body.username.slice(0, 64) : '';
    const fail = (status: number, error: string) => {
      const csrf = issueCsrf(req, res, this.config.publicUrl);
      res
        .status(status)
        .type('html')
        .send(this.pages.render('login', { title: 'Đăng nhập', csrf, next, username, error }));
    };
    if (!csrfValid(req)) return fail(HttpStatus.FORBIDDEN, 'Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng đăng nhập lại.');
    const password = typeof body?.password === 'string' ? body.password.slice(0, 256) : '';
    if (!username || !password) return fail(HttpStatus.BAD_REQUEST, 'Vui lòng nhập tên đăng nhập và mật khẩu.');
    try {
      const { accessToken } = await this.auth.login(username, password);
      setSessionCookie(res, accessToken, this.config.publicUrl);
      res.redirect(303, next);
    } catch (error) {
      if (error instanceof AppError) {
        if (error.retryAfter) res.setHeader('Retry-After', String(error.retryAfter));
        return fail(error.status, error.message);
      }
      throw error;
    }
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await pageUser(req, this.auth);
    // A sign-out posted from another site is refused like any other forged form.
    if (user && !csrfValid(req)) {
      res
        .status(HttpStatus.FORBIDDEN)
        .type('html')
        .send(
          this.pages.render('error', { title: 'Biểu mẫu đã hết hạn', message: 'Hãy tải lại trang rồi bấm "Đăng xuất" lần nữa.', user }),
        );
      return;
    }
    if (user) await this.auth.logout(user.sessionId);
    clearSessionCookie(res, this.config.publicUrl);
    res.redirect(303, '/');
  }
}
