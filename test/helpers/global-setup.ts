import { runSeed } from '../../seeds/run';
import { runMigrations } from '../../src/database/migrate';
import { adminQuery, databaseUrl, dropDatabase, TEMPLATE_DB } from './db';

/** Builds the template database once per run: all migrations and the Cao Bằng seed with demo users. */
export default async function globalSetup(): Promise<void> {
  await dropDatabase(TEMPLATE_DB);
  await adminQuery(`CREATE DATABASE "${TEMPLATE_DB}"`);
  const url = databaseUrl(TEMPLATE_DB);
  await runMigrations(url);
  await runSeed(url, { demoUsers: true });
}
