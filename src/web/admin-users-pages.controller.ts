import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AgenciesRepository } from '../agencies/agencies.repository';
import { AuthRepository } from '../auth/auth.repository';
import type { CurrentUser } from '../auth/auth.types';
import { ROLES } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { FieldError } from '../common/errors';
import { compareVietnamese } from '../common/vietnamese';
import { UserCreateForm } from './account-forms';
import { likeTerm } from './admin-pages.controller';
import { PageRoles, PageUser } from './page-access';
import { CsrfProtected } from './page-csrf';
import { FormPage, FormRefusal, PageForm, shownOnForm } from './page-form';
import { PageResponder } from './page-responder';
import { Pages } from './pages';

const ADMIN_ONLY = 'Trang quản trị chỉ dành cho quản trị hệ thống.';
const EXPIRED_FORM = 'Biểu mẫu đã hết hạn. Hãy tải lại trang rồi thực hiện lại.';

const ROLE_LABELS: Record<string, string> = {
  administrator: 'Quản trị hệ thống',
  coordinator: 'Cán bộ tổng hợp',
  leader: 'Lãnh đạo (chỉ xem)',
  reporter: 'Cán bộ báo cáo',
  head: 'Lãnh đạo cơ quan',
};

/** What the page says after each action (the redirect names the action and the account). */
const DONE: Record<string, (username: string) => string> = {
  created: (u) => `Đã tạo tài khoản "${u}". Đường dẫn đặt mật khẩu (hiệu lực 72 giờ) đã được gửi tới email của người dùng.`,
  disabled: (u) => `Đã khóa tài khoản "${u}"; các phiên đăng nhập của tài khoản đã kết thúc.`,
  enabled: (u) => `Đã mở khóa tài khoản "${u}".`,
  reset: (u) =>
    `Đã đặt lại mật khẩu của "${u}": mật khẩu cũ không còn dùng được, các phiên đăng nhập đã kết thúc và đường dẫn đặt mật khẩu mới đã được gửi tới email.`,
};

const USERNAME = /^[a-z0-9._-]{2,64}$/;
const FORM_FIELDS = ['username', 'displayName', 'email', 'role', 'agencyCode'] as const;

type TypedForm = Partial<Record<(typeof FORM_FIELDS)[number], string>>;

interface Shown {
  notice?: string | null;
  /** Above the page: a refusal not about one field of the form. */
  error?: string | null;
  /** Beside each field of the "add a user" form. */
  errors?: Record<string, string>;
  /** What was typed in the form, shown back. */
  form?: TypedForm;
  q?: unknown;
}

/** The first message of each field of the form; what is about no field of it is left to the page's alert. */
function byField(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) if ((FORM_FIELDS as readonly string[]).includes(e.path)) out[e.path] ??= e.message;
  return out;
}

/** The typed values of a refused form, as strings (what the pipeline did not read is left out). */
function typed(body: Record<string, unknown>): TypedForm {
  const out: TypedForm = {};
  for (const f of FORM_FIELDS) {
    const value = body[f];
    if (typeof value === 'string') out[f] = value.normalize('NFC').slice(0, 300);
  }
  return out;
}

/**
 * Administration → Người dùng: the accounts with a search that ignores diacritics; adding one
 * (its user chooses a password through an emailed welcome link), locking and unlocking, and a
 * password reset by link. Every write goes through UsersService, as the API's, and is audited there.
 */
@Pages()
@Controller('admin')
export class AdminUsersPagesController {
  constructor(
    private readonly responder: PageResponder,
    private readonly users: UsersService,
    private readonly accounts: AuthRepository,
    private readonly agencies: AgenciesRepository,
  ) {}

  @Get('users')
  @PageRoles(['administrator'], ADMIN_ONLY)
  async list(
    @Query('q') q: unknown,
    @Query('done') done: unknown,
    @Query('u') u: unknown,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const notice = typeof done === 'string' && DONE[done] && typeof u === 'string' && USERNAME.test(u) ? DONE[done](u) : null;
    await this.render(req, res, user, { q, notice }, HttpStatus.OK);
  }

  @Post('users')
  @PageRoles(['administrator'], ADMIN_ONLY)
  @CsrfProtected(EXPIRED_FORM)
  @FormPage<AdminUsersPagesController>((c, req, res, r) => c.createRefused(req, res, r))
  async create(@PageForm() form: UserCreateForm, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const { username, displayName, email, role, agencyCode } = form;
      await this.users.create(user, { username, displayName, email, role, agencyCode });
      res.redirect(303, `/admin/users?done=created&u=${encodeURIComponent(username)}`);
    } catch (error) {
      if (!shownOnForm(error)) throw error;
      const errors = byField(error.errors);
      const aboutFields = Object.keys(errors).length > 0;
      await this.render(
        req,
        res,
        user,
        { form: typed(req.body as Record<string, unknown>), errors, error: aboutFields ? null : error.message },
        aboutFields ? HttpStatus.UNPROCESSABLE_ENTITY : error.status,
      );
    }
  }

  /** The "add a user" form again, with what was typed and why it was refused. */
  private createRefused(req: Request, res: Response, r: FormRefusal): Promise<void> {
    if (r.reason === 'csrf') return this.render(req, res, r.user!, { form: typed(r.body), error: r.message }, r.status);
    return this.render(req, res, r.user!, { form: typed(r.body), errors: byField(r.errors) }, HttpStatus.UNPROCESSABLE_ENTITY);
  }

  @Post('users/:username/disable')
  @PageRoles(['administrator'], ADMIN_ONLY)
  @CsrfProtected(EXPIRED_FORM)
  @FormPage<AdminUsersPagesController>((c, req, res, r) => c.render(req, res, r.user!, { error: r.message }, r.status))
  disable(@Param('username') username: string, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.act(req, res, user, username, 'disabled', () => this.users.update(user, username, { disabled: true }));
  }

  @Post('users/:username/enable')
  @PageRoles(['administrator'], ADMIN_ONLY)
  @CsrfProtected(EXPIRED_FORM)
  @FormPage<AdminUsersPagesController>((c, req, res, r) => c.render(req, res, r.user!, { error: r.message }, r.status))
  enable(@Param('username') username: string, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.act(req, res, user, username, 'enabled', () => this.users.update(user, username, { disabled: false }));
  }

  @Post('users/:username/reset')
  @PageRoles(['administrator'], ADMIN_ONLY)
  @CsrfProtected(EXPIRED_FORM)
  @FormPage<AdminUsersPagesController>((c, req, res, r) => c.render(req, res, r.user!, { error: r.message }, r.status))
  reset(@Param('username') username: string, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.act(req, res, user, username, 'reset', () => this.users.resetPassword(user, username));
  }

  /** One button of an account's row: done, then back to the list saying so; a refusal shown above the list. */
  private async act(
    req: Request,
    res: Response,
    user: CurrentUser,
    username: string,
    done: keyof typeof DONE,
    work: () => Promise<unknown>,
  ): Promise<void> {
    try {
      await work();
      res.redirect(303, `/admin/users?done=${done}&u=${encodeURIComponent(username)}`);
    } catch (error) {
      if (!shownOnForm(error)) throw error;
      await this.render(req, res, user, { error: error.message }, error.status);
    }
  }

  private async render(req: Request, res: Response, user: CurrentUser, shown: Shown, status: number): Promise<void> {
    const rows = await this.accounts.searchAccounts(likeTerm(shown.q));
    rows.sort((a, b) => compareVietnamese(a.display_name, b.display_name) || compareVietnamese(a.username, b.username));
    const form = shown.form ?? {};
    const agencies = await this.agencies.list();
    await this.responder.send(
      req,
      res,
      'admin-users',
      {
        title: 'Người dùng và vai trò',
        q: typeof shown.q === 'string' ? shown.q : '',
        notice: shown.notice ?? null,
        error: shown.error ?? null,
        errors: shown.errors ?? {},
        form,
        roles: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r], selected: (form.role ?? 'reporter') === r })),
        agencies: agencies.map((a) => ({ code: a.code, name: a.name, selected: form.agencyCode === a.code })),
        users: rows.map((r) => ({ ...r, roleLabel: ROLE_LABELS[r.role] ?? r.role, self: r.username === user.username })),
      },
      user,
      status,
    );
  }
}
