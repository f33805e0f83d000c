import type { NextFunction, Request, Response } from 'express';
import { AppError } from './errors';

/** The deepest nesting of arrays and objects a request body may have. */
export const MAX_BODY_DEPTH = 32;

/**
 * Whether `value` nests arrays and objects deeper than `max` levels (a scalar is 0, `{}` is 1).
 * Walks with its own stack, so a body nested 100 000 deep is measured without recursion.
 */
export function nestedDeeperThan(value: unknown, max: number = MAX_BODY_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: [object, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > max) return true;
    for (const child of Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child as object, depth + 1]);
    }
  }
  return false;
}

/** The refusal of a body nested too deep: 400 `BODY_TOO_DEEP`. */
export function bodyTooDeep(max: number = MAX_BODY_DEPTH): AppError {
  return new AppError(400, 'BODY_TOO_DEEP', `Dữ liệu gửi lên lồng nhau quá sâu (tối đa ${max} cấp).`);
}

/**
 * Express middleware after the body parsers: a body nested deeper than MAX_BODY_DEPTH is refused
 * before anything walks it recursively (class-transformer, class-validator, the audit log).
 */
export function bodyDepthGuard(req: Request, _res: Response, next: NextFunction): void {
  if (nestedDeeperThan(req.body as unknown)) return next(bodyTooDeep());
  next();
}
