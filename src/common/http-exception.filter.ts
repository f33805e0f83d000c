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

/**
 * TypeORM's word for a transaction whose connection was lost under it: the query runner was
 * released (the connection died), and the transaction's next statement is refused by name.
 */
const RUNNER_RELEASED = ['QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError'];

function isConnectionFailure(error: unknown): boolean {
  const { code, message, name } = (error ?? {}) as { code?: string; message?: string; name?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08001', '08003'].includes(code ?? '') ||
    CONNECTION_LOST.test(message ?? '') ||
    RUNNER_RELEASED.includes(name ?? '')
  );
}

/** What the filter needs of the audit log: refusals are recorded there (capped and aggregated: AuditService.recordRefusal). */
export interface RefusalRecorder {
  recordRefusal(refusal: {
    actor: { id: string; username: string } | null;
    method: string;
    path: string;
    status: number;
    code: string;
  }): Promise<void>;
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
      void this.refusals.recordRefusal({
        actor: req.user ? { id: req.user.id, username: req.user.username } : null,
        method: req.method,
        path: req.path,
        status: body.statusCode,
        code: body.code,
      });
    }
    if (res.headersSent) return;
    if (exception instanceof AppError && exception.retryAfter) res.setHeader('Retry-After', String(exception.retryAfter));
    if (body.statusCode === 503) res.setHeader('Retry-After', '5');
    if (body.statusCode === 404 && wantsPage(req)) return void res.status(404).type('html').send(NOT_FOUND_PAGE);
    res.status(body.statusCode).json(body);
  }
}

/** A browser asking for an address no route has, outside the API: a page in Vietnamese, not JSON. */
function wantsPage(req: Request): boolean {
  return req.method === 'GET' && !req.path.startsWith('/api') && (req.get('accept') ?? '').includes('text/html');
}

const NOT_FOUND_PAGE = `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Không tìm thấy trang – Theo dõi thực hiện Kế hoạch</title><link rel="stylesheet" href="/assets/app.css"></head>
<body><main><h1>Không tìm thấy trang</h1>
<p>Địa chỉ này không có trong hệ thống. Hãy kiểm tra lại đường dẫn, hoặc về <a href="/">trang chủ</a>.</p></main></body>
</html>
`;

/**
 * An error of the body parsers (http-errors: a numeric 4xx `status` with `expose`, or a `type`
 * such as `entity.parse.failed`, `encoding.unsupported`): always the client's fault, never a 500.
 * Some have no `type` (a body that says `Content-Encoding: gzip` but is not gzip).
 */
function clientError(exception: unknown): ErrorBody | null {
  const error = exception as { status?: unknown; statusCode?: unknown; type?: unknown; expose?: unknown } | null;
  if (!error || typeof error !== 'object') return null;
  const status = typeof error.status === 'number' ? error.status : error.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  if (typeof error.type !== 'string' && error.expose !== true) return null;
  const type = typeof error.type === 'string' ? error.type : '';
  if (status === 413) return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: HTTP_CODES[413][1], errors: [] };
  if (status === 415) {
    const message = type.startsWith('encoding')
      ? 'Kiểu nén nội dung (Content-Encoding) không được hỗ trợ; hãy gửi không nén, gzip, deflate hoặc br.'
      : type.startsWith('charset')
        ? 'Bảng mã ký tự của nội dung không được hỗ trợ; hãy gửi UTF-8.'
        : HTTP_CODES[415][1];
    return { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message, errors: [] };
  }
  if (status === 400) {
    const message =
      type === 'entity.parse.failed'
        ? 'Nội dung gửi lên không đọc được (JSON không hợp lệ).'
        : 'Nội dung gửi lên không đọc được (dữ liệu nén hỏng, bị cắt ngang hoặc không khớp độ dài đã khai báo).';
    return { statusCode: 400, code: 'MALFORMED_BODY', message, errors: [] };
  }
  const [code, message] = HTTP_CODES[status] ?? ['BAD_REQUEST', HTTP_CODES[400][1]];
  return { statusCode: HTTP_CODES[status] ? status : 400, code, message, errors: [] };
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
  const client = clientError(exception);
  if (client) return client;
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
