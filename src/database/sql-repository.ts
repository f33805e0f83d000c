import { DataSource, EntityManager } from 'typeorm';

/**
 * The base of every `<module>.repository.ts`: named queries over the module's own tables, each
 * method taking an optional `EntityManager` so it joins the caller's transaction. The row types are
 * declared once, here at the query, so call sites never cast what `query` answers.
 */
export abstract class SqlRepository {
  constructor(protected readonly dataSource: DataSource) {}

  /** The caller's transaction, or the pool. */
  protected db(em?: EntityManager): EntityManager {
    return em ?? this.dataSource.manager;
  }

  /** Rows of a SELECT (or of an INSERT … RETURNING). */
  protected async rows<T>(sql: string, params: unknown[] = [], em?: EntityManager): Promise<T[]> {
    return await this.db(em).query<T[]>(sql, params);
  }

  /** The first row, or undefined. */
  protected async first<T>(sql: string, params: unknown[] = [], em?: EntityManager): Promise<T | undefined> {
    const [row] = await this.rows<T>(sql, params, em);
    return row;
  }

  /**
   * An UPDATE or DELETE: its RETURNING rows and how many rows it touched. TypeORM answers these on
   * Postgres with `[rows, affectedCount]`, unlike a SELECT or an INSERT.
   */
  protected async change<T = unknown>(sql: string, params: unknown[] = [], em?: EntityManager): Promise<{ rows: T[]; affected: number }> {
    const result = (await this.db(em).query(sql, params)) as unknown;
    if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
      return { rows: result[0] as T[], affected: result[1] };
    }
    const rows = Array.isArray(result) ? (result as T[]) : [];
    return { rows, affected: rows.length };
  }

  /** Runs `work` in a transaction, or inside the caller's. */
  protected transaction<T>(work: (em: EntityManager) => Promise<T>, em?: EntityManager): Promise<T> {
    return em ? work(em) : this.dataSource.transaction(work);
  }
}
