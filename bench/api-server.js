/**
 * The API process of `bench/submissions.ts`: what `npm start` runs with APP_ROLE=api
 * (`dist/src/main.js`'s API branch: the built JavaScript, configured from the environment) plus the
 * bench's bare endpoint, so that the save and its baseline are served by the same process behind
 * the same middleware and AuthGuard. Like main.js it applies the migrations and runs the seed
 * first (nothing to do on the bench's database, but its memory is the process's, as at a real
 * start). Plain JavaScript over `dist/` so that the measured process holds no TypeScript compiler
 * (ts-node), as a deployment holds none.
 */
require('reflect-metadata');
const { Controller, HttpCode, Inject, Module, Post, UseGuards } = require('@nestjs/common');
const { DataSource } = require('typeorm');
const { User } = require('../dist/src/auth/auth.decorators');
const { AuthGuard } = require('../dist/src/auth/auth.guard');
const { runSeed } = require('../dist/seeds/run');
const { createHttpApp } = require('../dist/src/bootstrap');
const { loadConfig } = require('../dist/src/config/app-config');
const { runMigrations } = require('../dist/src/database/migrate');

/** `POST /bench/bare`: the signed-in user's id into a table the bench created; one statement. */
class BareController {
  constructor(dataSource) {
    this.dataSource = dataSource;
  }

  async bare(user) {
    const [row] = await this.dataSource.query('INSERT INTO bench_rows (user_id) VALUES ($1) RETURNING id', [user.id]);
    return { id: String(row.id) };
  }
}
// The decorators of a TypeScript controller, applied as the compiler would apply them.
Inject(DataSource)(BareController, undefined, 0);
const bare = Object.getOwnPropertyDescriptor(BareController.prototype, 'bare');
for (const decorate of [Post('bare'), HttpCode(200), UseGuards(AuthGuard)]) decorate(BareController.prototype, 'bare', bare);
User()(BareController.prototype, 'bare', 0);
Controller('bench')(BareController);

class BareModule {}
Module({ controllers: [BareController] })(BareModule);

async function main() {
  const config = loadConfig();
  await runMigrations(config.databaseUrl);
  await runSeed(config.databaseUrl, { demoUsers: config.seedDemoUsers });
  const app = await createHttpApp(config, { extraModules: [BareModule] });
  await app.listen(config.port, '127.0.0.1');
  process.stdout.write(`${JSON.stringify({ msg: `Listening on ${config.port} (role ${config.role})` })}\n`);
  const stop = () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
