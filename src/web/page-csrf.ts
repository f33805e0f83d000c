import { CallHandler, CanActivate, ExecutionContext, Injectable, NestInterceptor, SetMetadata, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FileInterceptor, type MulterModuleOptions } from '@nestjs/platform-express';
import type { Request } from 'express';
import { of } from 'rxjs';
import { FormRefused } from './page-form';
import { csrfValid } from './page-session';

const CSRF = 'page:csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface CsrfOptions {
  /** What the page says when the token is missing or wrong. */
  message: string;
  /** The error page's title, for a route that does not show its form again (@FormPage). */
  title?: string;
  /** Only a signed-in visitor's post is checked (sign-out: nothing to forge without a session). */
  signedInOnly?: boolean;
  /** A multipart form with one file: read (by Nest's FileInterceptor) before its token is checked. */
  upload?: { field: string; options: MulterModuleOptions };
}

/** The double-submit CSRF check of a page form, with what the page says when it fails. */
export const CsrfProtected = (message: string, options: Omit<CsrfOptions, 'message'> = {}) =>
  SetMetadata(CSRF, { message, ...options } satisfies CsrfOptions);

const UNDECLARED: CsrfOptions = { message: 'Biểu mẫu đã hết hạn. Hãy tải lại trang rồi thực hiện lại.' };

/**
 * Every unsafe request to a page (POST) must carry the form's CSRF token matching its cookie,
 * whether or not the route declares @CsrfProtected (which only says what the page answers).
 * Runs after PageAuthGuard, so a refused role is told so before an expired form.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  private readonly uploads = new Map<string, NestInterceptor>();

  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method)) return true;
    const options = this.reflector.get<CsrfOptions | undefined>(CSRF, context.getHandler()) ?? UNDECLARED;
    if (options.upload) await this.readUpload(context, options.upload);
    if (options.signedInOnly && !req.user) return true;
    if (!csrfValid(req)) throw new FormRefused('csrf', 403, options.message, [], options.title);
    return true;
  }

  /** Parses the multipart body (fields into req.body, the file into req.file) as FileInterceptor does. */
  private async readUpload(context: ExecutionContext, upload: NonNullable<CsrfOptions['upload']>): Promise<void> {
    const key = `${context.getClass().name}.${context.getHandler().name}`;
    let interceptor = this.uploads.get(key);
    if (!interceptor) {
      const Interceptor: Type<NestInterceptor> = FileInterceptor(upload.field, upload.options);
      interceptor = new Interceptor();
      this.uploads.set(key, interceptor);
    }
    const next: CallHandler = { handle: () => of(undefined) };
    await interceptor.intercept(context, next);
  }
}
