import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { createHttpApp } from '../../src/bootstrap';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { Clock, FixedClock } from '../../src/common/clock';
import { DocumentsService } from '../../src/consolidation/documents.service';
import { PlanImportService } from '../../src/plans/workbook/plan-import.service';
import { EmailQueue } from '../../src/reminders/email-queue';
import { CalendarQueue } from '../../src/scheduling/calendar-queue';
import { ReconcilerService } from '../../src/scheduling/reconciler.service';
import { cloneTemplateDatabase, databaseUrl, dropDatabase, REDIS_TEST_URL } from './db';

export const DEMO_PASSWORD = 'Demo@2026';

export interface TestApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  db: DataSource;
  clock: FixedClock;
  config: AppConfig;
  databaseName: string;
  /** Listens on a free loopback port (for a browser) and answers the base URL. */
  listen(): Promise<string>;
  /** Signs a user in (a demo user unless a password is given) and answers the Authorization header value. */
  bearer(username: string, password?: string): Promise<string>;
  /** Stops the app, empties its queues, and drops its database unless told to keep it. */
  close(keepDatabase?: boolean): Promise<void>;
}

/**
 * Boots the whole HTTP app as production does, on a database cloned from the seeded template,
 * with a FixedClock the test moves (default 2026-11-22 09:00 ICT).
 */
export async function startTestApp(options: { now?: string; env?: Record<string, string>; databaseName?: string } = {}): Promise<TestApp> {
  // Reusing a database (a restart in a test) leaves dropping it to the caller.
  const databaseName = options.databaseName ?? (await cloneTemplateDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(databaseName),
    REDIS_URL: REDIS_TEST_URL,
    LOG_LEVEL: 'silent',
    REDIS_PREFIX: databaseName,
    ATTACHMENTS_DIR: join(tmpdir(), `cbr-attachments-${databaseName}`),
    ...options.env,
  });
  const clock = new FixedClock(new Date(options.now ?? '2026-11-22T09:00:00+07:00'));
  const app = await createHttpApp(config, { overrideClock: clock });
  await app.init();
  await app.get(ReconcilerService).reconcile(); // the boot pass, awaited so tests start from a known state
  const server = app.getHttpServer() as App;
  const db = app.get(DataSource);
  const http = () => request(server);
  return {
    app,
    http,
    db,
    clock,
    config,
    databaseName,
    async listen() {
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address() as { port: number };
      return `http://127.0.0.1:${address.port}`;
    },
    async bearer(username: string, password = DEMO_PASSWORD) {
      const res = await http().post('/api/auth/login').send({ username, password });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return `Bearer ${res.body.accessToken as string}`;
    },
    async close(keepDatabase = Boolean(options.databaseName)) {
      await app
        .get(CalendarQueue)
        .queue.obliterate({ force: true })
        .catch(() => undefined);
      await app
        .get(EmailQueue)
        .queue.obliterate({ force: true })
        .catch(() => undefined);
      await app
        .get(PlanImportService)
        .queue.obliterate({ force: true })
        .catch(() => undefined);
      await app
        .get(DocumentsService)
        .queue.obliterate({ force: true })
        .catch(() => undefined);
      await app.close();
      if (!keepDatabase) await dropDatabase(databaseName);
    },
  };
}

export { Clock };

/** A supertest parser that keeps a binary body (DOCX, XLSX) as a Buffer: `.buffer(true).parse(binaryParser)`. */

export function binaryParser(res: any, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
