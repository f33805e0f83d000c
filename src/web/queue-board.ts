import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { AuthService } from '../auth/auth.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CalendarQueue } from '../scheduling/calendar-queue';
import { keyedToken, pageUser, sessionCookie } from './page-session';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * The board's own client (axios) sends the value of this cookie back as X-XSRF-TOKEN on its
 * same-origin requests; another site can neither read the cookie nor set the header.
 */
export const BOARD_CSRF_COOKIE = 'XSRF-TOKEN';
export const BOARD_CSRF_HEADER = 'x-xsrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The CSP sources of the inline styles of the board's page (its loading indicator: one <style>
 * element and a few style attributes), as hashes read from the installed template, so the page
 * needs neither 'unsafe-inline' nor a change when bull-board is upgraded.
 */
export function boardStyleHashes(template: string): string[] {
  const sources = new Set<string>();
  const hashOf = (css: string) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;
  for (const m of template.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) sources.add(hashOf(m[1]));
  for (const m of template.matchAll(/\sstyle="([^"]*)"/g)) sources.add(hashOf(m[1]));
  return [...sources];
}

function boardTemplate(): string {
  try {
    return readFileSync(require.resolve('@bull-board/ui/dist/index.ejs'), 'utf8');
  } catch {
    return '';
  }
}

const refuse = (res: Response, status: number, message: string) =>
  res.status(status).json({ statusCode: status, code: status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'FORBIDDEN', message, errors: [] });

/**
 * bull-board at /admin/queues, for administrators signed in to the pages. Its writes (retry,
 * clean, add a job…) are the board's API under /admin/queues/api: each must carry the board's
 * CSRF token (bound to the session by SESSION_SECRET) in X-XSRF-TOKEN, and a body only as JSON.
 * The page has its own CSP: styles by hash, scripts from the site only.
 */
export function mountQueueBoard(app: INestApplication): void {
  const auth = app.get(AuthService);
  const config = app.get<AppConfig>(APP_CONFIG);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: [new BullMQAdapter(app.get(CalendarQueue).queue, { readOnlyMode: false })], serverAdapter });

  const adminsOnly = (req: Request, res: Response, next: NextFunction) => {
    pageUser(req, auth).then(
      (user) => {
        if (!user) {
          if (!SAFE_METHODS.has(req.method))
            return res.status(401).json({ statusCode: 401, code: 'UNAUTHORIZED', message: 'Bạn cần đăng nhập.', errors: [] });
          return res.redirect(303, `/login?next=${encodeURIComponent(QUEUE_BOARD_PATH)}`);
        }
        if (user.role !== 'administrator')
          return res.status(403).type('text/plain; charset=utf-8').send('Trang này chỉ dành cho quản trị hệ thống.');
        return next();
      },
      (error: unknown) => next(error),
    );
  };

  const csrf = (req: Request, res: Response, next: NextFunction) => {
    const expected = keyedToken(req, 'queue-board', sessionCookie(req)!);
    if (SAFE_METHODS.has(req.method)) {
      res.cookie(BOARD_CSRF_COOKIE, expected, {
        httpOnly: false, // read by the board's own script, which sends it back as a header
        sameSite: 'strict',
        secure: config.publicUrl.startsWith('https:'),
        path: QUEUE_BOARD_PATH,
      });
      return next();
    }
    const presented = req.get(BOARD_CSRF_HEADER) ?? '';
    const same = presented.length === expected.length && timingSafeEqual(Buffer.from(presented), Buffer.from(expected));
    if (!same) return refuse(res, 403, 'Yêu cầu bị từ chối: thiếu mã chống giả mạo (CSRF) của trang hàng đợi. Hãy tải lại trang.');
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (hasBody && !req.is('application/json')) return refuse(res, 415, 'Trang hàng đợi chỉ nhận dữ liệu JSON.');
    return next();
  };

  const styleHashes = boardStyleHashes(boardTemplate());
  const boardHelmet = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", ...(styleHashes.length ? ["'unsafe-hashes'", ...styleHashes] : [])],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  app.use(QUEUE_BOARD_PATH, adminsOnly, csrf, boardHelmet, serverAdapter.getRouter());
}
