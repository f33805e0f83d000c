import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Test suites use the machine's Postgres (CONTRACT: 127.0.0.1:5432), never the embedded one. */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_TEST_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/**
 * One id per `jest` run (set by global-setup, inherited by the workers), so two runs on one
 * machine never touch each other's databases.
 */
export function runId(): string {
  return process.env.CBR_TEST_RUN ?? 'manual';
}

/** Migrated and seeded once per run by global-setup; every suite clones it. */
export function templateDb(): string {
  return `cbr_tpl_${runId()}`;
}

export function databaseUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(sql: string, params: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** An empty database of its own for a suite (migration tests). */
export async function createEmptyDatabase(): Promise<string> {
  const name = `cbr_t_${runId()}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return name;
}

/** A migrated, seeded database of its own for a suite, cloned from the template in a second. */
export async function cloneTemplateDatabase(): Promise<string> {
  const name = `cbr_t_${runId()}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${templateDb()}"`);
  return name;
}

/**
 * The operator's backup and restore (docs/operations.md): `pg_dump -Fc` of the seeded template,
 * `pg_restore` into a new, empty database. Answers the restored database's name.
 */
export async function restoreFromDump(source = templateDb()): Promise<string> {
  const name = await createEmptyDatabase();
  const dump = execFileSync('pg_dump', ['--format=custom', '--no-owner', databaseUrl(source)], { maxBuffer: 512 * 1024 * 1024 });
  execFileSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${databaseUrl(name)}`], {
    input: dump,
    maxBuffer: 64 * 1024 * 1024,
  });
  return name;
}
