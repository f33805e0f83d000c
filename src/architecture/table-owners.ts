/**
 * Which module owns which table. Every statement that writes a table lives in its owner's
 * `*.repository.ts`; another module's repository may only read it, and only where `reads` below
 * declares it (so the coupling is written down and reviewed). The architecture test
 * (`architecture.spec.ts`) holds `src/` to this map.
 */
export interface ModuleTables {
  /** Tables (and the SQL functions and views kept with them) this module alone writes. */
  owns: string[];
  /** Other modules' tables this module's repositories join in reads. */
  reads: string[];
}

export const TABLE_OWNERS: Record<string, ModuleTables> = {
  agencies: { owns: ['agencies'], reads: [] },
  auth: { owns: ['users', 'sessions'], reads: [] },
  audit: { owns: ['audit_log'], reads: [] },
  plans: {
    owns: [
      'plans',
      'plan_sections',
      'tasks',
      'task_assignments',
      'task_milestones',
      'indicators',
      'indicator_targets',
      'indicator_owners',
      'plan_imports',
    ],
    reads: [],
  },
  reporting: { owns: ['reporting_regimes', 'reporting_periods', 'report_kinds', 'report_kind_agencies', 'holidays'], reads: [] },
  scheduling: { owns: ['calendar_events'], reads: [] },
  reminders: { owns: ['reminders', 'emails', 'dev_mailbox'], reads: [] },
  submissions: {
    owns: [
      'agency_reports',
      'report_task_entries',
      'report_indicator_values',
      'report_revisions',
      'report_events',
      'attachments',
      'adhoc_reports',
    ],
    reads: [],
  },
  consolidation: { owns: ['consolidations', 'generated_documents'], reads: [] },
  /** Schema bookkeeping: migrations and the module SQL definitions applied after them. */
  database: { owns: ['migrations', 'sql_definitions'], reads: [] },
  /** Modules that own no table. */
  health: { owns: [], reads: [] },
  web: { owns: [], reads: [] },
  demo: { owns: [], reads: [] },
};
