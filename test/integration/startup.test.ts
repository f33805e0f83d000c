import { cloneTemplateDatabase, databaseUrl, dropDatabase } from '../helpers/db';
import { AppProcess, startAppProcess } from '../helpers/processes';
import { takeTurn, TURN_TIMEOUT_MS } from '../helpers/exclusive';

describe('starting the service', () => {
  // One process-starting suite at a time (test/helpers/exclusive.ts).
  let release: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    release = await takeTurn();
  }, TURN_TIMEOUT_MS);
  afterAll(async () => {
    await release?.();
  });

  let name: string;
  const procs: AppProcess[] = [];

  beforeAll(async () => {
    name = await cloneTemplateDatabase();
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await dropDatabase(name);
  });

  it('refuses a bad setting and names the variable', async () => {
    const p = startAppProcess({ DATABASE_URL: databaseUrl(name), PORT: 'ba nghìn' });
    procs.push(p);
    await new Promise((r) => p.child.once('exit', r));
    expect(p.child.exitCode).toBe(1);
    expect(p.output()).toContain('Invalid configuration: PORT must be a whole number');
  });

  it('still starts with Redis down, and /health says which part is down', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const p = startAppProcess({ DATABASE_URL: databaseUrl(name), REDIS_URL: 'redis://127.0.0.1:1', PORT: String(port), APP_ROLE: 'api' });
    procs.push(p);
    await p.waitForOutput('Listening on', 60000);
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'error', db: 'up', redis: 'down' });
  }, 90000);
});
