import { Client } from 'pg';
import { PG_ADMIN_URL, runId } from './db';

/**
 * Suites that start several application processes (each compiles the sources as it starts) take
 * turns, so two of them never share the machine's two cores; the other suites run beside them.
 * A Postgres advisory lock held for the suite's life, scoped to this test run.
 */
export async function takeTurn(): Promise<() => Promise<void>> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [`cbr-test-processes:${runId()}`]);
  return async () => {
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await client.end().catch(() => undefined);
  };
}

/** How long a suite may wait for its turn. */
export const TURN_TIMEOUT_MS = 30 * 60 * 1000;
