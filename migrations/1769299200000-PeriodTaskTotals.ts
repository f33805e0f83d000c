import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The roll-up's per-task figures, kept with the reports. A consolidated report sums the lead
 * entries of the period's sent reports (submitted or accepted) per task and status: at national
 * scale that is a scan of 1.2 million entries at every build. `period_task_totals` holds those
 * sums per (period, task, status) (spread over a few rows, below), changed in the same transaction
 * as what changes them:
 *
 * - a report becomes sent or stops being sent (submitted, returned, reopened): its lead entries
 *   are added or taken away (statement trigger on `agency_reports` updates);
 * - entries of a sent report are written (inserted, updated, deleted): the difference is applied
 *   (statement triggers on `report_task_entries`, with transition tables);
 * - a sent report is deleted: its entries are taken away before the cascade removes them (row
 *   trigger, since afterwards nothing says which period they were in);
 * - either table is truncated: the totals are emptied.
 *
 * Each sum carries the count of the values in it, so that a sum of nothing stays NULL as SQL's
 * sum() is. Rows are written in key order, so two submissions sharing tasks lock them in the same
 * order and cannot deadlock. A draft's save costs one look-up of its report by key.
 */
const SENT = `('submitted', 'accepted')`;

/**
 * Each report's sums go to one of 16 rows per (period, task, status), picked by its id: on a
 * deadline morning thousands of submissions share a handful of tasks, and one row each would make
 * them wait for one another's commits.
 */
const SLOTS = 16;
// The id's last byte: spread as the ids are random, and the same on every server and version.
const SLOT = `(get_byte(uuid_send(e.report_id), 15) % ${SLOTS})::smallint`;
const TOTAL_COLUMNS = [
  'n',
  'pct_sum',
  'pct_n',
  'alloc',
  'alloc_n',
  'alloc_state',
  'alloc_state_n',
  'disb',
  'disb_n',
  'disb_state',
  'disb_state_n',
];

/** Signed entries (`sign` and the entry columns) summed per (period, task, status): the change to apply. */
const DELTA = (source: string) => `
  SELECT period_id, task_id, status_key, slot, sum(sign) AS n,
         coalesce(sum(sign * percent_complete), 0) AS pct_sum, sum(sign * (percent_complete IS NOT NULL)::int) AS pct_n,
         coalesce(sum(sign * capital_allocated), 0) AS alloc, sum(sign * (capital_allocated IS NOT NULL)::int) AS alloc_n,
         coalesce(sum(sign * capital_allocated_state_budget), 0) AS alloc_state, sum(sign * (capital_allocated_state_budget IS NOT NULL)::int) AS alloc_state_n,
         coalesce(sum(sign * capital_disbursed), 0) AS disb, sum(sign * (capital_disbursed IS NOT NULL)::int) AS disb_n,
         coalesce(sum(sign * capital_disbursed_state_budget), 0) AS disb_state, sum(sign * (capital_disbursed_state_budget IS NOT NULL)::int) AS disb_state_n
  FROM (${source}) x
  GROUP BY period_id, task_id, status_key, slot`;

/** Adds a change, creating the rows it is the first for; in key order, so that concurrent writers lock alike. */
const UPSERT = (source: string) => `
  INSERT INTO period_task_totals AS t (period_id, task_id, status_key, slot, ${TOTAL_COLUMNS.join(', ')})
  ${DELTA(source)}
  ORDER BY period_id, task_id, status_key, slot
  ON CONFLICT (period_id, task_id, status_key, slot) DO UPDATE SET ${TOTAL_COLUMNS.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(', ')}`;

/**
 * Takes a change away from rows that exist, creating none: on the way to a cascade the period or
 * the task may be going too, and a new row would refer to it.
 */
const SUBTRACT = (source: string) => `
  UPDATE period_task_totals t SET ${TOTAL_COLUMNS.map((c) => `${c} = t.${c} + d.${c}`).join(', ')}
  FROM (${DELTA(source)}) d
  WHERE t.period_id = d.period_id AND t.task_id = d.task_id AND t.status_key = d.status_key AND t.slot = d.slot`;

/** The lead-entry columns a delta needs, from an entries relation `e` joined to its report `r`. */
const ENTRY_COLUMNS = `r.period_id, e.task_id, coalesce(e.status, '') AS status_key, ${SLOT} AS slot, e.percent_complete,
  e.capital_allocated, e.capital_allocated_state_budget, e.capital_disbursed, e.capital_disbursed_state_budget`;

/** The triggers, for up and down alike: name, when, on which table, what it sees, and its function. */
const TRIGGERS: { name: string; when: string; table: string; sees: string; fn: string }[] = [
  {
    name: 'tr_report_task_entries_totals_insert',
    when: 'AFTER INSERT',
    table: 'report_task_entries',
    sees: 'REFERENCING NEW TABLE AS entries_added FOR EACH STATEMENT',
    fn: 'period_task_totals_entries',
  },
  {
    name: 'tr_report_task_entries_totals_update',
    when: 'AFTER UPDATE',
    table: 'report_task_entries',
    sees: 'REFERENCING OLD TABLE AS entries_removed NEW TABLE AS entries_added FOR EACH STATEMENT',
    fn: 'period_task_totals_entries',
  },
  {
    name: 'tr_report_task_entries_totals_delete',
    when: 'AFTER DELETE',
    table: 'report_task_entries',
    sees: 'REFERENCING OLD TABLE AS entries_removed FOR EACH STATEMENT',
    fn: 'period_task_totals_entries',
  },
  {
    name: 'tr_report_task_entries_totals_truncate',
    when: 'AFTER TRUNCATE',
    table: 'report_task_entries',
    sees: 'FOR EACH STATEMENT',
    fn: 'period_task_totals_entries',
  },
  // A report that starts or stops being sent brings or takes away its lead entries.
  {
    name: 'tr_agency_reports_totals_update',
    when: 'AFTER UPDATE',
    table: 'agency_reports',
    sees: 'REFERENCING OLD TABLE AS reports_before NEW TABLE AS reports_after FOR EACH STATEMENT',
    fn: 'period_task_totals_reports',
  },
  {
    name: 'tr_agency_reports_totals_truncate',
    when: 'AFTER TRUNCATE',
    table: 'agency_reports',
    sees: 'FOR EACH STATEMENT',
    fn: 'period_task_totals_reports',
  },
  // Before the cascade: once the report is gone, its entries no longer say which period they were in.
  {
    name: 'tr_agency_reports_totals_delete',
    when: 'BEFORE DELETE',
    table: 'agency_reports',
    sees: 'FOR EACH ROW',
    fn: 'period_task_totals_report_deleted',
  },
];

export class PeriodTaskTotals1769299200000 implements MigrationInterface {
  name = 'PeriodTaskTotals1769299200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "period_task_totals" (
        "period_id" uuid NOT NULL, "task_id" uuid NOT NULL,
        -- The entries' status, '' for entries without one.
        "status_key" varchar(32) NOT NULL,
        -- Which of the key's rows holds a report's sums (SLOT): a key's figures are the sum of its rows.
        "slot" smallint NOT NULL,
        "n" integer NOT NULL, "pct_sum" bigint NOT NULL, "pct_n" integer NOT NULL,
        "alloc" numeric NOT NULL, "alloc_n" integer NOT NULL, "alloc_state" numeric NOT NULL, "alloc_state_n" integer NOT NULL,
        "disb" numeric NOT NULL, "disb_n" integer NOT NULL, "disb_state" numeric NOT NULL, "disb_state_n" integer NOT NULL,
        CONSTRAINT "pk_period_task_totals" PRIMARY KEY ("period_id", "task_id", "status_key", "slot"),
        CONSTRAINT "fk_period_task_totals_period" FOREIGN KEY ("period_id") REFERENCES "reporting_periods"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_period_task_totals_task" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "ix_period_task_totals_task" ON "period_task_totals" ("task_id")`);
    await queryRunner.query(
      UPSERT(`SELECT 1 AS sign, ${ENTRY_COLUMNS} FROM report_task_entries e JOIN agency_reports r ON r.id = e.report_id
             WHERE e.role = 'lead' AND r.state IN ${SENT}`),
    );

    // First which of the reports written to are sent, by their keys: a draft's save (the common
    // case) finds none and stops there.
    const sentOf = (tables: string[]) =>
      `SELECT array_agg(r.id) INTO sent FROM agency_reports r
       WHERE r.id = ANY (ARRAY(${tables.map((t) => `SELECT report_id FROM ${t}`).join(' UNION ')})) AND r.state IN ${SENT}`;
    const signed = (sign: number, table: string) =>
      `SELECT ${sign} AS sign, ${ENTRY_COLUMNS} FROM ${table} e JOIN agency_reports r ON r.id = e.report_id
       WHERE e.role = 'lead' AND r.id = ANY (sent)`;
    await queryRunner.query(`
      CREATE FUNCTION period_task_totals_entries() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        sent uuid[];
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          DELETE FROM period_task_totals;
        ELSIF TG_OP = 'INSERT' THEN
          ${sentOf(['entries_added'])};
          IF sent IS NOT NULL THEN ${UPSERT(signed(1, 'entries_added'))}; END IF;
        ELSIF TG_OP = 'DELETE' THEN
          ${sentOf(['entries_removed'])};
          IF sent IS NOT NULL THEN ${SUBTRACT(signed(-1, 'entries_removed'))}; END IF;
        ELSE
          ${sentOf(['entries_added', 'entries_removed'])};
          IF sent IS NOT NULL THEN ${UPSERT(`${signed(1, 'entries_added')} UNION ALL ${signed(-1, 'entries_removed')}`)}; END IF;
        END IF;
        RETURN NULL;
      END $$`);

    await queryRunner.query(`
      CREATE FUNCTION period_task_totals_reports() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        flipped uuid[];
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          DELETE FROM period_task_totals;
          RETURN NULL;
        END IF;
        -- Usually none (a save bumps the version, a reminder note changes nothing of this).
        SELECT array_agg(a.id) INTO flipped FROM reports_after a JOIN reports_before b ON b.id = a.id
        WHERE (a.state IN ${SENT}) <> (b.state IN ${SENT});
        IF flipped IS NULL THEN RETURN NULL; END IF;
        ${UPSERT(`SELECT CASE WHEN r.state IN ${SENT} THEN 1 ELSE -1 END AS sign, ${ENTRY_COLUMNS}
                 FROM agency_reports r JOIN report_task_entries e ON e.report_id = r.id AND e.role = 'lead'
                 WHERE r.id = ANY (flipped)`)};
        RETURN NULL;
      END $$`);

    await queryRunner.query(`
      CREATE FUNCTION period_task_totals_report_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.state IN ${SENT} THEN
          ${SUBTRACT(`SELECT -1 AS sign, ${ENTRY_COLUMNS} FROM report_task_entries e JOIN agency_reports r ON r.id = e.report_id
                   WHERE e.report_id = OLD.id AND e.role = 'lead'`)};
        END IF;
        RETURN OLD;
      END $$`);
    for (const t of TRIGGERS)
      await queryRunner.query(`CREATE TRIGGER "${t.name}" ${t.when} ON "${t.table}" ${t.sees} EXECUTE FUNCTION ${t.fn}()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const t of TRIGGERS) await queryRunner.query(`DROP TRIGGER IF EXISTS "${t.name}" ON "${t.table}"`);
    for (const fn of new Set(TRIGGERS.map((t) => t.fn))) await queryRunner.query(`DROP FUNCTION IF EXISTS ${fn}()`);
    await queryRunner.query(`DROP TABLE "period_task_totals"`);
  }
}
