import { runSeed } from '../../seeds/run';
import { runMigrations } from '../../src/database/migrate';
import { randomBytes } from 'node:crypto';
import { adminQuery, databaseUrl, dropDatabase, templateDb } from './db';

/** Builds the template database once per run: all migrations and the Cao Bằng seed with demo users. */
export default async function globalSetup(): Promise<void> {
  process.env.CBR_TEST_RUN = `${process.pid}${randomBytes(2).toString('hex')}`;
  await dropDatabase(templateDb());
  await adminQuery(`CREATE DATABASE "${templateDb()}"`);
  const url = databaseUrl(templateDb());
  await runMigrations(url);
  await runSeed(url, { demoUsers: true });
}
