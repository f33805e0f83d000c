import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors';
import { AllExceptionsFilter, errorBody } from '../common/http-exception.filter';
import { PageForbidden, PageRoute, pageRoute, SignInRequired } from './page-access';
import { FormRefused, formPageOf, PageError } from './page-form';
import { PageResponder } from './page-responder';

/** A page's script saving in the background (report-form.js) asks for JSON, never a page. */
function inBackground(req: Request): boolean {
  return req.get('x-autosave') === '1';
}

/**
 * The answers of the pages to what the pipeline and the handlers throw:
 * - not signed in: a redirect to sign-in that comes back to the page (303);
 * - another role: the error page "Không có quyền truy cập" with the route's refusal (403);
 * - a refused form (CSRF, DTO): the route's page shown again with the message (@FormPage), or the error page;
 * - any other error: the Vietnamese error page, with the status the API would answer.
 * Routes marked @AnswersJson and requests made in the background are answered JSON.
 */
@Catch()
@Injectable()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');
  private readonly api: AllExceptionsFilter;

  constructor(
    private readonly responder: PageResponder,
    private readonly moduleRef: ModuleRef,
    audit: AuditService,
  ) {
    this.api = new AllExceptionsFilter(audit);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const route = pageRoute(req);
    const refusal = exception instanceof SignInRequired || exception instanceof PageForbidden;
    // A background save that failed for another reason (503, 500) gets the API's JSON, as its script reads it.
    const backgroundFailure = inBackground(req) && !refusal && !(exception instanceof FormRefused);
    if (res.headersSent || (route?.json && !refusal) || backgroundFailure) return this.api.catch(exception, host);
    this.answer(exception, req, res, route).catch((failure: unknown) => {
      // The page could not be rendered (the database is down): the API's answer to the first error.
      this.logger.warn({ err: failure, path: req.path }, 'Error page not rendered');
      if (!res.headersSent) this.api.catch(exception, host);
    });
  }

  private async answer(exception: unknown, req: Request, res: Response, route: PageRoute | undefined): Promise<void> {
    if (exception instanceof SignInRequired) return this.signIn(req, res, route);
    if (exception instanceof PageForbidden) {
      if (route?.json) return void res.status(403).json({ statusCode: 403, code: 'FORBIDDEN', message: exception.message, errors: [] });
      return this.errorPage(req, res, 'Không có quyền truy cập', exception.message, 403);
    }
    if (exception instanceof FormRefused) return this.formRefused(exception, req, res, route);
    return this.failure(exception, req, res, route);
  }

  private signIn(req: Request, res: Response, route: PageRoute | undefined): void {
    if (inBackground(req)) return void res.status(401).json({ message: 'Phiên đăng nhập đã hết, vui lòng đăng nhập lại.' });
    if (route?.json) return void res.status(401).json({ statusCode: 401, code: 'UNAUTHORIZED', message: 'Bạn cần đăng nhập.', errors: [] });
    res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  }

  private async formRefused(refused: FormRefused, req: Request, res: Response, route: PageRoute | undefined): Promise<void> {
    if (inBackground(req)) {
      const message = refused.reason === 'csrf' ? 'Biểu mẫu đã hết hạn, vui lòng tải lại trang.' : refused.message;
      return void res.status(refused.status).json({ message });
    }
    const showAgain = route && formPageOf(route.handler);
    if (!route || !showAgain) return this.errorPage(req, res, refused.title ?? 'Không thực hiện được', refused.message, refused.status);
    const controller = this.moduleRef.get(route.controller, { strict: false });
    try {
      await showAgain(controller, req, res, {
        reason: refused.reason,
        status: refused.status,
        message: refused.message,
        errors: refused.errors,
        user: req.user,
        params: req.params as Record<string, string>,
        body: (req.body ?? {}) as Record<string, unknown>,
      });
    } catch (error) {
      await this.failure(error, req, res, route);
    }
  }

  /** The error page for whatever else went wrong, with the status the API answers for it. */
  private async failure(exception: unknown, req: Request, res: Response, route: PageRoute | undefined): Promise<void> {
    const body = errorBody(exception, req);
    if (body.statusCode >= 500) this.logger.error({ err: exception, path: req.path }, `Request failed: ${req.method} ${req.path}`);
    if (exception instanceof AppError && exception.retryAfter) res.setHeader('Retry-After', String(exception.retryAfter));
    if (body.statusCode === 503) res.setHeader('Retry-After', '5');
    const title =
      exception instanceof PageError
        ? exception.title
        : (route?.errorTitle ?? (body.statusCode === 404 ? 'Không tìm thấy' : 'Không thực hiện được'));
    await this.errorPage(req, res, title, body.message, body.statusCode);
  }

  private errorPage(req: Request, res: Response, title: string, message: string, status: number): Promise<void> {
    // Guarded pages resolved the user already; a public page looks the visitor up, as it does to render.
    return this.responder.send(req, res, 'error', { title, message }, req.user, status);
  }
}
