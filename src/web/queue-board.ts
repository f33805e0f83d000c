import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { AuthService } from '../auth/auth.service';
import { CalendarQueue } from '../scheduling/calendar-queue';
import { pageUser } from './page-session';

export const QUEUE_BOARD_PATH = '/admin/queues';

/** bull-board at /admin/queues, for administrators signed in to the pages. */
export function mountQueueBoard(app: INestApplication): void {
  const auth = app.get(AuthService);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: [new BullMQAdapter(app.get(CalendarQueue).queue, { readOnlyMode: false })], serverAdapter });

  const adminsOnly = (req: Request, res: Response, next: NextFunction) => {
    pageUser(req, auth).then(
      (user) => {
        if (!user) return res.redirect(303, `/login?next=${encodeURIComponent(QUEUE_BOARD_PATH)}`);
        if (user.role !== 'administrator')
          return res.status(403).type('text/plain; charset=utf-8').send('Trang này chỉ dành cho quản trị hệ thống.');
        return next();
      },
      (error: unknown) => next(error),
    );
  };
  // The board's own UI needs inline styles; everything else keeps the strict policy.
  const boardHelmet = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
      },
    },
  });
  app.use(QUEUE_BOARD_PATH, adminsOnly, boardHelmet, serverAdapter.getRouter());
}
