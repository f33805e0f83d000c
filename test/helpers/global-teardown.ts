import { Client } from 'pg';
import { PG_ADMIN_URL } from './db';

/** Drops the databases suites left behind (a crashed suite cannot drop its own). */
export default async function globalTeardown(): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'cbr\\_t\\_%'`);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
