import { Controller, Get, Post } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { Request } from 'express';
import type { AuthService } from '../auth/auth.service';
import type { CurrentUser } from '../auth/auth.types';
import { PageAuthGuard, PageForbidden, PageRoles, pageRoute, PageVisitor, SignInRequired } from './page-access';
import { CsrfGuard, CsrfProtected } from './page-csrf';
import { FormRefused, PageFormPipe } from './page-form';
import { HolidayForm, LoginForm, RemindForm, ReviewForm } from './page-forms';
import { CSRF_COOKIE, keyedToken, SESSION_COOKIE, SESSION_SECRET_SETTING } from './page-session';

const TOKEN = 't'.repeat(43);
const CSRF = 'c'.repeat(32);
const coordinator = { id: 'u1', username: 'coordinator', role: 'coordinator' } as CurrentUser;

@Controller()
class Fixture {
  @Get('public')
  open(): void {}

  @Get('visitor')
  @PageVisitor()
  visitor(): void {}

  @Get('staff')
  @PageRoles(['coordinator', 'leader'], 'Chỉ dành cho Sở Xây dựng.')
  staff(): void {}

  @Post('agency')
  @PageRoles(['reporter'], 'Chỉ cán bộ của cơ quan, đơn vị mới lập báo cáo.')
  @CsrfProtected('Biểu mẫu đã hết hạn.')
  agency(): void {}

  @Post('logout')
  @PageVisitor()
  @CsrfProtected('Hãy tải lại trang.', { signedInOnly: true })
  logout(): void {}

  @Post('undeclared')
  undeclared(): void {}
}

function request(method: string, cookies: Record<string, string> = {}, body: Record<string, unknown> = {}): Request {
  const settings: Record<string, string> = { [SESSION_SECRET_SETTING]: 'a-secret-of-the-spec-application' };
  return { method, cookies, body, headers: {}, app: { get: (name: string) => settings[name] } } as unknown as Request;
}

function context(req: Request, handler: keyof Fixture) {
  const methods = Fixture.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  return new ExecutionContextHost([req, {}], Fixture, methods[handler]);
}

/** An AuthService that knows one session token. */
function auth(user: CurrentUser | null) {
  const calls: string[] = [];
  const service = {
    authenticate: (token: string) => {
      calls.push(token);
      return Promise.resolve(token === TOKEN ? user : null);
    },
  } as unknown as AuthService;
  return { service, calls };
}

describe('PageAuthGuard', () => {
  const reflector = new Reflector();

  it('lets a public page through without looking anybody up, and remembers the route for the filter', async () => {
    const { service, calls } = auth(coordinator);
    const req = request('GET', { [SESSION_COOKIE]: TOKEN });
    await expect(new PageAuthGuard(service, reflector).canActivate(context(req, 'open'))).resolves.toBe(true);
    expect(calls).toEqual([]);
    expect(req.user).toBeUndefined();
    expect(pageRoute(req)).toMatchObject({ controller: Fixture, json: false });
  });

  it('resolves the visitor of a @PageVisitor page, signed in or not', async () => {
    const { service } = auth(coordinator);
    const signedIn = request('GET', { [SESSION_COOKIE]: TOKEN });
    await expect(new PageAuthGuard(service, reflector).canActivate(context(signedIn, 'visitor'))).resolves.toBe(true);
    expect(signedIn.user).toBe(coordinator);
    const anonymous = request('GET');
    await expect(new PageAuthGuard(service, reflector).canActivate(context(anonymous, 'visitor'))).resolves.toBe(true);
    expect(anonymous.user).toBeUndefined();
  });

  it('sends a visitor who is not signed in to sign-in', async () => {
    const { service } = auth(coordinator);
    await expect(new PageAuthGuard(service, reflector).canActivate(context(request('GET'), 'staff'))).rejects.toBeInstanceOf(
      SignInRequired,
    );
  });

  it('admits the roles of the page and attaches the user', async () => {
    const { service } = auth(coordinator);
    const req = request('GET', { [SESSION_COOKIE]: TOKEN });
    await expect(new PageAuthGuard(service, reflector).canActivate(context(req, 'staff'))).resolves.toBe(true);
    expect(req.user).toBe(coordinator);
  });

  it('refuses another signed-in role with the page’s own message (403), on a post as on a get, never sending it to sign-in', async () => {
    const { service } = auth({ ...coordinator, role: 'head' });
    const guard = new PageAuthGuard(service, reflector);
    const refused = guard.canActivate(context(request('GET', { [SESSION_COOKIE]: TOKEN }), 'staff'));
    await expect(refused).rejects.toEqual(new PageForbidden('Chỉ dành cho Sở Xây dựng.'));
    await expect(guard.canActivate(context(request('POST', { [SESSION_COOKIE]: TOKEN }), 'agency'))).rejects.toEqual(
      new PageForbidden('Chỉ cán bộ của cơ quan, đơn vị mới lập báo cáo.'),
    );
  });
});

describe('CsrfGuard', () => {
  const guard = new CsrfGuard(new Reflector());

  it('never checks a safe method', async () => {
    await expect(guard.canActivate(context(request('GET'), 'staff'))).resolves.toBe(true);
  });

  it('refuses a post whose token is missing or differs from its cookie, with the route’s message (403)', async () => {
    const missing = guard.canActivate(context(request('POST', { [CSRF_COOKIE]: CSRF }), 'agency'));
    await expect(missing).rejects.toEqual(new FormRefused('csrf', 403, 'Biểu mẫu đã hết hạn.'));
    const wrong = guard.canActivate(context(request('POST', { [CSRF_COOKIE]: CSRF }, { csrf: 'd'.repeat(32) }), 'agency'));
    await expect(wrong).rejects.toMatchObject({ reason: 'csrf', status: 403 });
  });

  it('refuses the cookie’s value itself: the form carries its HMAC under SESSION_SECRET', async () => {
    await expect(guard.canActivate(context(request('POST', { [CSRF_COOKIE]: CSRF }, { csrf: CSRF }), 'agency'))).rejects.toMatchObject({
      reason: 'csrf',
    });
  });

  it('admits a visitor’s post carrying the signed token of its cookie', async () => {
    const visitor = request('POST', { [CSRF_COOKIE]: CSRF });
    visitor.body = { csrf: keyedToken(visitor, 'csrf-visitor', CSRF) };
    await expect(guard.canActivate(context(visitor, 'agency'))).resolves.toBe(true);
  });

  it('binds a signed-in user’s token to the session: another session’s token or a visitor token is refused', async () => {
    const post = (csrf: (req: Request) => string, session = TOKEN) => {
      const req = request('POST', { [SESSION_COOKIE]: session, [CSRF_COOKIE]: CSRF });
      req.user = coordinator;
      req.body = { csrf: csrf(req) };
      return guard.canActivate(context(req, 'agency'));
    };
    await expect(post((req) => keyedToken(req, 'csrf-session', TOKEN))).resolves.toBe(true);
    await expect(post((req) => keyedToken(req, 'csrf-session', 'o'.repeat(43)))).rejects.toMatchObject({ reason: 'csrf' });
    await expect(post((req) => keyedToken(req, 'csrf-visitor', CSRF))).rejects.toMatchObject({ reason: 'csrf' });
  });

  it('checks a route that declares nothing too', async () => {
    await expect(guard.canActivate(context(request('POST'), 'undeclared'))).rejects.toMatchObject({ reason: 'csrf', status: 403 });
  });

  it('lets an anonymous sign-out through, but not a signed-in one without its token', async () => {
    await expect(guard.canActivate(context(request('POST'), 'logout'))).resolves.toBe(true);
    const signedIn = request('POST');
    signedIn.user = coordinator;
    await expect(guard.canActivate(context(signedIn, 'logout'))).rejects.toEqual(new FormRefused('csrf', 403, 'Hãy tải lại trang.'));
  });
});

describe('PageFormPipe', () => {
  const pipe = new PageFormPipe();
  const read = (metatype: new () => object, value: unknown) => pipe.transform(value, { type: 'custom', metatype });

  it('answers the DTO, without what it does not name (the CSRF token)', async () => {
    const form = await read(HolidayForm, { csrf: CSRF, date: ' 2026-12-01 ', name: ' Ngày thử ', dayOff: 'on' });
    expect(form).toEqual(Object.assign(new HolidayForm(), { date: '2026-12-01', name: 'Ngày thử', dayOff: true }));
  });

  it('refuses with the page’s Vietnamese message for the first field (400)', async () => {
    await expect(read(HolidayForm, { date: 'mai', name: '' })).rejects.toMatchObject({
      reason: 'invalid',
      status: 400,
      message: 'Ngày không hợp lệ; chọn ngày theo lịch.',
    });
    await expect(read(HolidayForm, { date: '2026-12-01', name: ['a', 'b'] })).rejects.toMatchObject({
      message: 'Tên ngày nghỉ cần có và không quá 255 ký tự.',
      errors: [{ path: 'name', message: 'Tên ngày nghỉ cần có và không quá 255 ký tự.' }],
    });
    await expect(read(RemindForm, { agencyCode: '' })).rejects.toMatchObject({ message: 'Đơn vị cần nhắc không hợp lệ.' });
    await expect(read(LoginForm, { username: 'stc' })).rejects.toMatchObject({ message: 'Vui lòng nhập tên đăng nhập và mật khẩu.' });
  });

  it('asks for a reason only when a report is returned', async () => {
    await expect(read(ReviewForm, { action: 'return', comment: '  ' })).rejects.toMatchObject({
      errors: [{ path: 'comment', message: 'Cần ghi rõ lý do trả lại để đơn vị bổ sung.' }],
    });
    await expect(read(ReviewForm, { action: 'accept' })).resolves.toMatchObject({ action: 'accept' });
    await expect(read(ReviewForm, { action: 'delete' })).rejects.toMatchObject({
      errors: [{ path: 'action', message: 'Thao tác không hợp lệ.' }],
    });
  });
});
