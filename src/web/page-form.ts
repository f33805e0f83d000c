import {
  ArgumentMetadata,
  createParamDecorator,
  ExecutionContext,
  HttpStatus,
  Injectable,
  PipeTransform,
  SetMetadata,
} from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request, Response } from 'express';
import type { CurrentUser } from '../auth/auth.types';
import { AppError, FieldError } from '../common/errors';
import { validationErrorsToAppError } from '../common/validation';

const FORM_PAGE = 'page:form-page';

/** A posted form as the body parser left it (qs: strings, arrays, nested objects). */
export type FormBody = Record<string, unknown>;

/**
 * A form the pipeline refused before its handler ran: an expired CSRF token (403) or a field its
 * DTO does not accept (400, with the DTO's Vietnamese field messages).
 */
export class FormRefused extends Error {
  constructor(
    readonly reason: 'csrf' | 'invalid',
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
    /** The error page's title when the route does not show its form again. */
    readonly title?: string,
  ) {
    super(message);
    this.name = 'FormRefused';
  }
}

/** What a page is told when its form was refused, to show the form again with the message. */
export interface FormRefusal {
  reason: FormRefused['reason'];
  status: number;
  /** The CSRF message, or the first field message. */
  message: string;
  errors: FieldError[];
  /** The signed-in user (undefined only on the sign-in form). */
  user: CurrentUser | undefined;
  params: Record<string, string>;
  /** What was typed, to show it back. */
  body: FormBody;
}

export type ShowFormAgain<C> = (controller: C, req: Request, res: Response, refusal: FormRefusal) => Promise<void>;

/**
 * How this route's page shows its form again when the form is refused (CSRF, DTO), like the
 * route itself does for a refusal of its service. Without it the error page is shown.
 */
export const FormPage = <C>(showAgain: ShowFormAgain<C>) => SetMetadata(FORM_PAGE, showAgain);

export function formPageOf(handler: object): ShowFormAgain<unknown> | undefined {
  return Reflect.getMetadata(FORM_PAGE, handler) as ShowFormAgain<unknown> | undefined;
}

/**
 * A refusal of the service (a 4xx AppError) that the page shows above its form, keeping what was
 * typed; anything else goes to the error page. `notFound: false` sends a 404 to the error page too.
 */
export function shownOnForm(error: unknown, options: { notFound: boolean } = { notFound: true }): error is AppError {
  if (!(error instanceof AppError) || error.status >= HttpStatus.INTERNAL_SERVER_ERROR) return false;
  return options.notFound || error.status !== HttpStatus.NOT_FOUND;
}

/** An error page with its own title ("Không tìm thấy kế hoạch"), for the page exception filter. */
export class PageError extends AppError {
  constructor(
    readonly title: string,
    cause: AppError,
  ) {
    super(cause.status, cause.code, cause.message, cause.errors);
    this.name = 'PageError';
  }
}

/**
 * Validates a page form with its DTO, like the API's ValidationPipe, but leaving out what the
 * DTO does not name (the CSRF token, the button pressed) instead of refusing it; a refusal carries
 * the DTO's Vietnamese field messages to the page (never a JSON 400).
 */
@Injectable()
export class PageFormPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto = metadata.metatype;
    if (!dto || [Object, String, Number, Boolean, Array].includes(dto as never)) return value;
    const form = plainToInstance(dto, value && typeof value === 'object' ? value : {}) as object;
    const invalid = await validate(form, { whitelist: true, forbidNonWhitelisted: false });
    if (invalid.length) {
      const { errors } = validationErrorsToAppError(invalid);
      throw new FormRefused('invalid', 400, errors[0]?.message ?? 'Dữ liệu không hợp lệ.', errors);
    }
    return form;
  }
}

const RawForm = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => ctx.switchToHttp().getRequest<Request>().body);

/** The posted form, validated by the parameter's DTO class (see PageFormPipe). */
export const PageForm = () => RawForm(undefined, PageFormPipe);
