import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { withSchemaLock } from '../src/database/migrate';
import { seedCaoBang, SeedResult } from './cao-bang/seed';

/** Seeds one database under the schema lock; used by `npm start`, `npm run seed` and the tests. */
export async function runSeed(url: string, options: { demoUsers: boolean }): Promise<SeedResult> {
  const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
  try {
    const [{ exists }] = await dataSource.query<{ exists: boolean }[]>(`SELECT to_regclass('public.plans') IS NOT NULL AS exists`);
    if (!exists) throw new Error('The database has no schema yet: run `npm run migration:run` first.');
    return await withSchemaLock(dataSource, () => seedCaoBang(dataSource, options));
  } finally {
    await dataSource.destroy();
  }
}
