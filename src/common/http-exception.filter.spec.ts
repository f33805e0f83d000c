import type { Request } from 'express';
import { QueryFailedError } from 'typeorm';
import { errorBody } from './http-exception.filter';

const req = { method: 'GET', path: '/api/periods/x/my-report' } as Request;

describe('errorBody: a lost database answers 503, anything unknown 500', () => {
  it.each([
    ['refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['shut down by the administrator', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['terminated mid-query (node-postgres names it by message only)', new Error('Connection terminated unexpectedly')],
    ['no connection within the pool timeout', new Error('timeout exceeded when trying to connect')],
    ['wrapped by TypeORM', new QueryFailedError('SELECT 1', [], new Error('Connection terminated'))],
  ])('%s → 503', (_name, error) => {
    expect(errorBody(error, req)).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it('an unknown error is a 500', () => {
    expect(errorBody(new Error('something else'), req).statusCode).toBe(500);
  });
});
