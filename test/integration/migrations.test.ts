import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { revertAllMigrations, runMigrations } from '../../src/database/migrate';
import { createEmptyDatabase, databaseUrl, dropDatabase } from '../helpers/db';

async function tables(url: string): Promise<string[]> {
  const ds = await new DataSource(dataSourceOptions(url)).initialize();
  try {
    const rows = await ds.query<
      {
        table_name: string;
      }[]
    >(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    return rows.map((r) => r.table_name);
  } finally {
    await ds.destroy();
  }
}

describe('migrations', () => {
  let name: string;
  let url: string;

  beforeAll(async () => {
    name = await createEmptyDatabase();
    url = databaseUrl(name);
  });
  afterAll(() => dropDatabase(name));

  it('run up, down to an empty schema, and up again', async () => {
    const applied = await runMigrations(url);
    expect(applied.length).toBeGreaterThan(0);
    expect(await tables(url)).toEqual(
      expect.arrayContaining(['agencies', 'plans', 'plan_sections', 'tasks', 'task_assignments', 'reporting_periods', 'users']),
    );

    expect(await revertAllMigrations(url)).toBe(applied.length);
    expect(await tables(url)).toEqual(['migrations']);

    expect(await runMigrations(url)).toEqual(applied);
    expect(await runMigrations(url)).toEqual([]);
  });

  it('match the entities: the schema TypeORM would generate from them has nothing to add', async () => {
    await runMigrations(url);
    const ds = await new DataSource(dataSourceOptions(url)).initialize();
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('let two processes migrate at once without clashing (advisory lock)', async () => {
    const other = await createEmptyDatabase();
    try {
      const results = await Promise.all([runMigrations(databaseUrl(other)), runMigrations(databaseUrl(other))]);
      expect(results.map((r) => r.length).sort()).toEqual([0, results.flat().length]);
    } finally {
      await dropDatabase(other);
    }
  });
});
