import { Client } from 'pg';
import { PG_ADMIN_URL, runId } from './db';

/** Drops this run's template and whatever clones its suites left behind (a crashed suite cannot). */
export default async function globalTeardown(): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = ANY($1) OR starts_with(datname, $2)`,
      [[`cbr_tpl_${runId()}`], `cbr_t_${runId()}_`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
