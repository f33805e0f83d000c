import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

export interface RequestContext {
  ip: string | null;
}

/** The request a piece of work runs for, so the audit log can say where an action came from. */
export const requestContext = new AsyncLocalStorage<RequestContext>();

export function requestContextMiddleware(req: Request, _res: Response, next: NextFunction): void {
  requestContext.run({ ip: req.ip ?? null }, next);
}
