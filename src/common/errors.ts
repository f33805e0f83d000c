import { HttpStatus } from '@nestjs/common';

export interface FieldError {
  path: string;
  message: string;
}

/** A refusal the user can act on: stable code for the API, Vietnamese message for people. */
export class AppError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** Seconds the client should wait, sent as Retry-After (429, 503). */
  retryAfter?: number;

  /** More of the answer than code, message and field errors (an import's cell-pinned errors). */
  body?: Record<string, unknown>;

  withBody(body: Record<string, unknown>): this {
    this.body = body;
    return this;
  }

  withRetryAfter(seconds: number): this {
    this.retryAfter = seconds;
    return this;
  }

  static validation(errors: FieldError[], message = 'Dữ liệu không hợp lệ.'): AppError {
    return new AppError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', message, errors);
  }

  static field(path: string, message: string): AppError {
    return AppError.validation([{ path, message }]);
  }

  static notFound(message: string, code = 'NOT_FOUND'): AppError {
    return new AppError(HttpStatus.NOT_FOUND, code, message);
  }

  static conflict(message: string, code = 'CONFLICT', errors: FieldError[] = []): AppError {
    return new AppError(HttpStatus.CONFLICT, code, message, errors);
  }

  static unauthorized(message = 'Bạn cần đăng nhập.'): AppError {
    return new AppError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', message);
  }

  static forbidden(message = 'Bạn không có quyền thực hiện thao tác này.'): AppError {
    return new AppError(HttpStatus.FORBIDDEN, 'FORBIDDEN', message);
  }
}
