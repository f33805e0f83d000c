import type { Request } from 'express';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { errorBody } from './http-exception.filter';

const req = { method: 'GET', path: '/api/periods/x/my-report' } as Request;

describe('errorBody: a lost database answers 503, anything unknown 500', () => {
  it.each([
    ['refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['shut down by the administrator', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['terminated mid-query (node-postgres names it by message only)', new Error('Connection terminated unexpectedly')],
    ['no connection within the pool timeout', new Error('timeout exceeded when trying to connect')],
    ['wrapped by TypeORM', new QueryFailedError('SELECT 1', [], new Error('Connection terminated'))],
    // The connection died inside a transaction: TypeORM released its query runner, the next statement says so.
    ['a transaction whose connection was lost (provider released)', new QueryRunnerProviderAlreadyReleasedError()],
    ['a transaction whose connection was lost (runner released)', new QueryRunnerAlreadyReleasedError()],
  ])('%s → 503', (_name, error) => {
    expect(errorBody(error, req)).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it('an unknown error is a 500', () => {
    expect(errorBody(new Error('something else'), req).statusCode).toBe(500);
  });
});

describe('errorBody: every body parser error is the client’s (4xx)', () => {
  const httpError = (status: number, extra: Record<string, unknown>) =>
    Object.assign(new Error('x'), { status, statusCode: status, expose: true, ...extra });

  it.each([
    ['a body that says gzip but is not (no type)', httpError(400, { code: 'Z_DATA_ERROR' }), 400, 'MALFORMED_BODY'],
    ['broken JSON', httpError(400, { type: 'entity.parse.failed' }), 400, 'MALFORMED_BODY'],
    ['an unknown Content-Encoding', httpError(415, { type: 'encoding.unsupported' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a charset other than UTF-8', httpError(415, { type: 'charset.unsupported' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['too large', httpError(413, { type: 'entity.too.large' }), 413, 'PAYLOAD_TOO_LARGE'],
    ['too many form fields', httpError(413, { type: 'parameters.too.many' }), 413, 'PAYLOAD_TOO_LARGE'],
    ['a verify refusal', httpError(403, { type: 'entity.verify.failed' }), 403, 'FORBIDDEN'],
  ])('%s', (_name, error, status, code) => {
    expect(errorBody(error, req)).toMatchObject({ statusCode: status, code });
  });
});
