import { Controller, Get, HttpStatus, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AgenciesRepository } from '../agencies/agencies.repository';
import type { CurrentUser } from '../auth/auth.types';
import { FORGOTTEN_PASSWORD_LINK_TTL_MS } from '../auth/sign-in-links.service';
import { ROLE_LABELS, ROLES } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { AppError, FieldError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ChangePasswordForm, ForgotPasswordForm, UserEditForm } from './account-forms';
import { PageRoles, PageUser, PageVisitor } from './page-access';
import { CsrfProtected } from './page-csrf';
import { FormBody, FormPage, FormRefusal, PageError, PageForm, shownOnForm } from './page-form';
import { PageRenderer } from './page-renderer';
import { PageResponder } from './page-responder';
import { issueCsrf } from './page-session';
import { Pages } from './pages';

const SIGNED_IN = 'Trang này dành cho người dùng đã đăng nhập.';
const PASSWORD_CHANGED = 'Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản (trên máy khác, trình duyệt khác) đã kết thúc.';
const PASSWORD_FIELDS = ['currentPassword', 'newPassword', 'confirm'];
const ADMIN_ONLY = 'Trang quản trị chỉ dành cho quản trị hệ thống.';
const EDIT_FIELDS = ['displayName', 'email', 'role', 'agencyCode'] as const;
type EditTyped = Partial<Record<(typeof EDIT_FIELDS)[number], string>>;

/** The typed values of a refused edit form, as strings. */
function typedEdit(body: FormBody): EditTyped {
  const out: EditTyped = {};
  for (const f of EDIT_FIELDS) {
    const value = body[f];
    if (typeof value === 'string') out[f] = value.normalize('NFC').slice(0, 300);
  }
  return out;
}

/** The first message of each of these fields; what is about no field of the form is left to the page's alert. */
function byField(errors: FieldError[], fields: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) if (fields.includes(e.path)) out[e.path] ??= e.message;
  return out;
}

interface Shown {
  notice?: string | null;
  error?: string | null;
  errors?: Record<string, string>;
  /** What was typed in a refused edit form. */
  form?: EditTyped;
}

/**
 * Accounts as pages: changing one's password (signed in); "Quên mật khẩu?" (anyone), which mails
 * a one-time link through the sign-in link mechanism and answers the same page whether or not the
 * account exists; and the administrator's form to edit an account (name, email, role, agency).
 * Every change goes through UsersService, as the API's.
 */
@Pages()
@Controller()
export class AccountPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly responder: PageResponder,
    private readonly users: UsersService,
    private readonly agencies: AgenciesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('account/password')
  @PageRoles([...ROLES], SIGNED_IN)
  async passwordForm(
    @Query('done') done: unknown,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderPassword(req, res, user, { notice: done === '1' ? PASSWORD_CHANGED : null }, HttpStatus.OK);
  }

  /** Changes the password (the API's rules: UsersService.changeOwnPassword); this session stays, the others end. */
  @Post('account/password')
  @PageRoles([...ROLES], SIGNED_IN)
  @CsrfProtected('Biểu mẫu đã hết hạn. Hãy nhập lại các mật khẩu rồi bấm "Đổi mật khẩu".')
  @FormPage<AccountPagesController>((c, req, res, r) => c.passwordRefused(req, res, r))
  async changePassword(
    @PageForm() form: ChangePasswordForm,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    try {
      await this.users.changeOwnPassword(user, form.currentPassword, form.newPassword);
      res.redirect(303, '/account/password?done=1');
    } catch (error) {
      if (!shownOnForm(error)) throw error;
      if (error.retryAfter) res.setHeader('Retry-After', String(error.retryAfter));
      const errors = byField(error.errors, PASSWORD_FIELDS);
      const aboutFields = Object.keys(errors).length > 0;
      await this.renderPassword(
        req,
        res,
        user,
        { errors, error: aboutFields ? null : error.message },
        aboutFields ? HttpStatus.UNPROCESSABLE_ENTITY : error.status,
      );
    }
  }

  private passwordRefused(req: Request, res: Response, r: FormRefusal): Promise<void> {
    if (r.reason === 'csrf') return this.renderPassword(req, res, r.user!, { error: r.message }, r.status);
    return this.renderPassword(req, res, r.user!, { errors: byField(r.errors, PASSWORD_FIELDS) }, HttpStatus.UNPROCESSABLE_ENTITY);
  }

  private renderPassword(req: Request, res: Response, user: CurrentUser, shown: Shown, status: number): Promise<void> {
    return this.responder.send(
      req,
      res,
      'account-password',
      { title: 'Đổi mật khẩu', notice: shown.notice ?? null, error: shown.error ?? null, errors: shown.errors ?? {} },
      user,
      status,
    );
  }

  @Get('forgot-password')
  @PageVisitor()
  forgotForm(@PageUser() user: CurrentUser | undefined, @Req() req: Request, @Res() res: Response): void {
    this.renderForgot(req, res, user, '', {}, HttpStatus.OK);
  }

  /**
   * Mails a reset link to the account named, if there is one that may have it; either way the
   * answer is the same page (a redirect to it). Only a flood from one address is told so (429).
   */
  @Post('forgot-password')
  @PageVisitor()
  @CsrfProtected('Biểu mẫu đã hết hạn. Hãy nhập lại tên đăng nhập hoặc email rồi bấm "Gửi đường dẫn".')
  @FormPage<AccountPagesController>(async (c, req, res, r) => {
    const identifier = typeof r.body.identifier === 'string' ? r.body.identifier.slice(0, 255) : '';
    const shown = r.reason === 'csrf' ? { error: r.message } : { errors: byField(r.errors, ['identifier']) };
    c.renderForgot(req, res, r.user, identifier, shown, r.reason === 'csrf' ? r.status : HttpStatus.UNPROCESSABLE_ENTITY);
  })
  async forgot(
    @PageForm() form: ForgotPasswordForm,
    @PageUser() user: CurrentUser | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    try {
      await this.users.requestPasswordReset(form.identifier);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== HttpStatus.TOO_MANY_REQUESTS) throw error;
      if (error.retryAfter) res.setHeader('Retry-After', String(error.retryAfter));
      return this.renderForgot(req, res, user, form.identifier, { error: error.message }, error.status);
    }
    res.redirect(303, '/forgot-password/sent');
  }

  /** The answer to every request: it never says whether the account exists. */
  @Get('forgot-password/sent')
  @PageVisitor()
  forgotSent(@PageUser() user: CurrentUser | undefined, @Req() req: Request, @Res() res: Response): void {
    const csrf = issueCsrf(req, res, this.config.publicUrl);
    res.type('html').send(
      this.pages.render('forgot-password-sent', {
        title: 'Đã nhận yêu cầu đặt lại mật khẩu',
        minutes: Math.round(FORGOTTEN_PASSWORD_LINK_TTL_MS / 60_000),
        csrf,
        user: user ?? null,
      }),
    );
  }

  private renderForgot(req: Request, res: Response, user: CurrentUser | undefined, identifier: string, shown: Shown, status: number): void {
    const csrf = issueCsrf(req, res, this.config.publicUrl);
    res
      .status(status)
      .type('html')
      .send(
        this.pages.render('forgot-password', {
          title: 'Quên mật khẩu',
          csrf,
          identifier,
          error: shown.error ?? null,
          errors: shown.errors ?? {},
          user: user ?? null,
        }),
      );
  }

  /** Administration → Người dùng → Sửa: an account's name, email, role and agency. */
  @Get('admin/users/:username/edit')
  @PageRoles(['administrator'], ADMIN_ONLY)
  async editForm(
    @Param('username') username: string,
    @Query('done') done: unknown,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const notice = done === '1' ? `Đã lưu thay đổi của tài khoản "${username}".` : null;
    await this.renderEdit(req, res, user, username, { notice }, HttpStatus.OK);
  }

  @Post('admin/users/:username/edit')
  @PageRoles(['administrator'], ADMIN_ONLY)
  @CsrfProtected('Biểu mẫu đã hết hạn. Hãy tải lại trang rồi thực hiện lại.')
  @FormPage<AccountPagesController>((c, req, res, r) => c.editRefused(req, res, r))
  async edit(
    @Param('username') username: string,
    @PageForm() form: UserEditForm,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const { displayName, email, role, agencyCode } = form;
      await this.users.update(user, username, { displayName, email, role, agencyCode });
      res.redirect(303, `/admin/users/${encodeURIComponent(username)}/edit?done=1`);
    } catch (error) {
      if (!shownOnForm(error, { notFound: false })) throw error;
      const errors = byField(error.errors, [...EDIT_FIELDS]);
      const aboutFields = Object.keys(errors).length > 0;
      await this.renderEdit(
        req,
        res,
        user,
        username,
        { form: typedEdit(req.body as FormBody), errors, error: aboutFields ? null : error.message },
        aboutFields ? HttpStatus.UNPROCESSABLE_ENTITY : error.status,
      );
    }
  }

  /**
   * The edit form again after the pipeline refused it (422 beside the fields), or an expired form
   * (403, on the error page when the account is not there to show).
   */
  private async editRefused(req: Request, res: Response, r: FormRefusal): Promise<void> {
    const username = r.params.username ?? '';
    if (r.reason === 'invalid') {
      const shown = { form: typedEdit(r.body), errors: byField(r.errors, [...EDIT_FIELDS]) };
      return this.renderEdit(req, res, r.user!, username, shown, HttpStatus.UNPROCESSABLE_ENTITY);
    }
    try {
      await this.renderEdit(req, res, r.user!, username, { form: typedEdit(r.body), error: r.message }, r.status);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== HttpStatus.NOT_FOUND) throw error;
      throw new PageError('Biểu mẫu đã hết hạn', new AppError(HttpStatus.FORBIDDEN, 'CSRF_REFUSED', r.message));
    }
  }

  private async renderEdit(req: Request, res: Response, user: CurrentUser, username: string, shown: Shown, status: number): Promise<void> {
    const account = await this.users.get(username);
    const form = {
      displayName: account.displayName,
      email: account.email ?? '',
      role: account.role,
      agencyCode: account.agencyCode,
      ...shown.form,
    };
    const agencies = await this.agencies.list();
    await this.responder.send(
      req,
      res,
      'account-edit',
      {
        title: `Sửa tài khoản ${account.username}`,
        account,
        form,
        notice: shown.notice ?? null,
        error: shown.error ?? null,
        errors: shown.errors ?? {},
        roles: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r], selected: form.role === r })),
        agencies: agencies.map((a) => ({ code: a.code, name: a.name, selected: form.agencyCode === a.code })),
      },
      user,
      status,
    );
  }
}
