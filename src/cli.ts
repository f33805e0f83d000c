import 'reflect-metadata';
import { runSeed } from '../seeds/run';
import { ConfigError, loadConfig } from './config/app-config';
import { startEmbeddedPostgres } from './database/embedded-postgres';
import { runMigrations } from './database/migrate';

/** `npm run migration:run` and `npm run seed`: each step alone, on DATABASE_URL or the embedded server. */
async function main(command: string | undefined): Promise<void> {
  if (command !== 'migrate' && command !== 'seed') throw new Error('usage: cli migrate|seed');
  const config = loadConfig();
  const log = (m: string) => process.stdout.write(`${m}\n`);
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(log);
  const url = config.databaseUrl ?? embedded!.url;
  try {
    if (command === 'migrate') {
      const applied = await runMigrations(url);
      log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
    } else {
      const { inserted } = await runSeed(url, { demoUsers: config.seedDemoUsers });
      const added = Object.entries(inserted).filter(([, n]) => n > 0);
      log(added.length ? `Added ${added.map(([t, n]) => `${n} ${t}`).join(', ')}` : 'Nothing to add: the seed is already in place.');
    }
  } finally {
    await embedded?.stop();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
