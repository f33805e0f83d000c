import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { PLAN_TASK_ORDER } from '../plans/task-order.sql';
import { OWING_AGENCIES } from '../reporting/owing-agencies.sql';
import { AGENCY_REPORT_VIEW, SAVE_AGENCY_REPORT } from '../submissions/report-functions.sql';

/**
 * A SQL function (or view) whose source lives with the module that owns its rule, not in a
 * migration: `CREATE OR REPLACE …`, applied by `runMigrations` after the versioned migrations
 * whenever its text changed (a repeatable migration). Changing the report save means editing
 * `src/submissions/report-functions.sql.ts`, not reading a migration.
 */
export interface SqlDefinition {
  name: string;
  sql: string;
  /** Undoes it when the migrations are reverted; null where a migration's down already drops it. */
  drop: string | null;
}

/** In dependency order: a definition may call the ones above it. */
export const SQL_DEFINITIONS: SqlDefinition[] = [PLAN_TASK_ORDER, OWING_AGENCIES, AGENCY_REPORT_VIEW, SAVE_AGENCY_REPORT];

const checksum = (d: SqlDefinition): string => createHash('sha256').update(d.sql).digest('hex');

/** Applies the definitions whose text is new or changed; answers their names. */
export async function applySqlDefinitions(dataSource: DataSource, definitions = SQL_DEFINITIONS): Promise<string[]> {
  return dataSource.transaction(async (em: EntityManager) => {
    const stored = await em.query<{ name: string; checksum: string }[]>('SELECT name, checksum FROM sql_definitions');
    const known = new Map(stored.map((r) => [r.name, r.checksum]));
    const applied: string[] = [];
    for (const d of definitions) {
      const sum = checksum(d);
      if (known.get(d.name) === sum) continue;
      await em.query(d.sql);
      await em.query(
        `INSERT INTO sql_definitions (name, checksum, applied_at) VALUES ($1, $2, now())
         ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = EXCLUDED.applied_at`,
        [d.name, sum],
      );
      applied.push(d.name);
    }
    return applied;
  });
}
