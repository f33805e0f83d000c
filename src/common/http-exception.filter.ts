import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppError } from './errors';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors: unknown[];
}

const HTTP_CODES: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', 'Yêu cầu không hợp lệ.'],
  401: ['UNAUTHORIZED', 'Bạn cần đăng nhập.'],
  403: ['FORBIDDEN', 'Bạn không có quyền thực hiện thao tác này.'],
  404: ['NOT_FOUND', 'Không tìm thấy.'],
  405: ['METHOD_NOT_ALLOWED', 'Phương thức không được hỗ trợ.'],
  409: ['CONFLICT', 'Xung đột dữ liệu.'],
  413: ['PAYLOAD_TOO_LARGE', 'Dữ liệu gửi lên quá lớn.'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Định dạng không được chấp nhận.'],
  422: ['UNPROCESSABLE', 'Chưa đủ điều kiện để thực hiện.'],
  429: ['TOO_MANY_REQUESTS', 'Quá nhiều yêu cầu, vui lòng thử lại sau.'],
  503: ['SERVICE_UNAVAILABLE', 'Hệ thống tạm thời không sẵn sàng, vui lòng thử lại sau.'],
};

/** Postgres error codes that bad input can still reach past validation. */
function fromDatabase(error: QueryFailedError): ErrorBody | null {
  const driverError = (error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }).driverError;
  const code = driverError?.code;
  const constraint = driverError?.constraint ?? '';
  switch (code) {
    case '23505':
      return { statusCode: 409, code: 'ALREADY_EXISTS', message: `Dữ liệu đã tồn tại (${constraint}).`, errors: [] };
    case '23503':
      return {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: `Tham chiếu không tồn tại hoặc đang được sử dụng (${constraint}).`,
        errors: [],
      };
    case '22021': // invalid byte sequence: a NUL character (\u0000) in text, which Postgres cannot store
    case '22P05':
      return {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Văn bản chứa ký tự không hợp lệ (ký tự NUL hoặc ký tự điều khiển không lưu được).',
        errors: [],
      };
    case '23514':
    case '23502':
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
    case '22001':
      return { statusCode: 400, code: 'VALIDATION_FAILED', message: `Dữ liệu không hợp lệ (${constraint || code}).`, errors: [] };
    default:
      return null;
  }
}

/** node-postgres reports a connection lost or never made by message alone (no SQLSTATE, no errno). */
const CONNECTION_LOST = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

function isConnectionFailure(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08001', '08003'].includes(code ?? '') || CONNECTION_LOST.test(message ?? '')
  );
}

/** What the filter needs of the audit log: refusals are recorded there. */
export interface RefusalRecorder {
  recordQuietly(entry: { actor: { id: string; username: string } | null; action: string; detail?: Record<string, unknown> }): Promise<void>;
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly refusals?: RefusalRecorder) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const body = errorBody(exception, req);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, path: req.path }, `Request failed: ${req.method} ${req.path}`);
    }
    if ((body.statusCode === 401 || body.statusCode === 403) && this.refusals) {
      void this.refusals.recordQuietly({
        actor: req.user ? { id: req.user.id, username: req.user.username } : null,
        action: 'access.denied',
        detail: { method: req.method, path: req.path, status: body.statusCode, code: body.code },
      });
    }
    if (res.headersSent) return;
    if (exception instanceof AppError && exception.retryAfter) res.setHeader('Retry-After', String(exception.retryAfter));
    if (body.statusCode === 503) res.setHeader('Retry-After', '5');
    res.status(body.statusCode).json(body);
  }
}

/** The API's answer to an exception: its status, stable code and Vietnamese message (the pages show the same). */
export function errorBody(exception: unknown, req: Request): ErrorBody {
  if (exception instanceof AppError) {
    return {
      ...exception.body,
      statusCode: exception.status,
      code: exception.code,
      message: exception.message,
      errors: (exception.body?.errors as unknown[]) ?? exception.errors,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const [code, message] = HTTP_CODES[status] ?? ['ERROR', exception.message];
    if (status === 404) {
      return { statusCode: 404, code, message: `Không tìm thấy: ${req.method} ${req.path}`, errors: [] };
    }
    // Body parser errors (malformed JSON, too large) arrive as HttpException too.
    const detail = status === 400 ? 'Nội dung gửi lên không đọc được (JSON không hợp lệ).' : message;
    return { statusCode: status, code: status === 400 ? 'MALFORMED_BODY' : code, message: detail, errors: [] };
  }
  const parserError = exception as { status?: number; type?: string };
  if (typeof parserError?.status === 'number' && typeof parserError.type === 'string') {
    const status = parserError.status;
    if (status === 413) return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: HTTP_CODES[413][1], errors: [] };
    if (status === 415) return { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: HTTP_CODES[415][1], errors: [] };
    return { statusCode: 400, code: 'MALFORMED_BODY', message: 'Nội dung gửi lên không đọc được (JSON không hợp lệ).', errors: [] };
  }
  if (exception instanceof QueryFailedError) {
    const mapped = fromDatabase(exception as QueryFailedError);
    if (mapped) return mapped;
  }
  if (isConnectionFailure(exception) || isConnectionFailure((exception as { driverError?: unknown })?.driverError)) {
    const [code, message] = HTTP_CODES[503];
    return { statusCode: 503, code, message, errors: [] };
  }
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Lỗi hệ thống. Vui lòng thử lại hoặc liên hệ quản trị viên.', errors: [] };
}
