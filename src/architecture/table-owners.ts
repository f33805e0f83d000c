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
  agencies: { owns: ['agencies'], reads: ['users'] },
  auth: { owns: ['users', 'sessions', 'sign_in_links'], reads: ['agencies'] },
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
      'plan_members',
      'agency_groups',
      'agency_group_members',
      'agency_group_refs',
      'plan_capital_phases',
      'plan_phase_capital',
    ],
    // Agencies by name for the import; "already reported" refusals; who uploaded an import.
    reads: ['agencies', 'report_task_entries', 'report_indicator_values', 'users'],
  },
  reporting: {
    owns: ['reporting_regimes', 'reporting_periods', 'report_kinds', 'report_kind_agencies', 'holidays'],
    // Who owes a report (task agencies); periods that may not be dropped because something happened in them.
    // A report chain names another plan's kind by the plan's code.
    reads: ['agencies', 'tasks', 'task_assignments', 'agency_reports', 'calendar_events', 'reminders', 'plans'],
  },
  scheduling: { owns: ['calendar_events'], reads: ['plans', 'reporting_periods', 'report_kinds'] },
  reminders: {
    owns: ['reminders', 'emails', 'dev_mailbox'],
    // Recipients, report states and the figures an email quotes.
    reads: [
      'agencies',
      'users',
      'plans',
      'tasks',
      'task_assignments',
      'reporting_periods',
      'agency_reports',
      'report_task_entries',
      'consolidations',
    ],
  },
  submissions: {
    owns: [
      'agency_reports',
      'report_task_entries',
      'report_indicator_values',
      'report_revisions',
      'report_events',
      'attachments',
      'adhoc_reports',
      // The sent reports' lead entries summed per period, task and status, kept by triggers on agency_reports and report_task_entries.
      'period_task_totals',
    ],
    // The form: the period, the agency's tasks and indicators in the plan's order, who acted; the
    // completeness matrix: the agencies listed on the plan's report kinds.
    reads: [
      'report_kinds',
      'report_kind_agencies',
      'reporting_regimes',
      'agencies',
      'users',
      'reporting_periods',
      'plans',
      'plan_sections',
      'tasks',
      'task_assignments',
      'indicators',
      'indicator_owners',
      'indicator_targets',
    ],
  },
  consolidation: {
    owns: ['consolidations', 'generated_documents'],
    // The roll-up reads the period's reports against the plan.
    reads: [
      'agencies',
      'users',
      'reporting_periods',
      'report_kinds',
      'plans',
      'plan_sections',
      'tasks',
      'task_assignments',
      'task_milestones',
      'indicator_owners',
      'indicators',
      'indicator_targets',
      'plan_capital_phases',
      'plan_phase_capital',
      'agency_reports',
      'report_revisions',
      'report_task_entries',
      'period_task_totals',
      'report_indicator_values',
      'adhoc_reports',
    ],
  },
  /** Schema bookkeeping: migrations and the module SQL definitions applied after them. */
  database: { owns: ['migrations', 'sql_definitions'], reads: [] },
  /** Counts for /metrics. */
  health: { owns: [], reads: ['plans', 'reporting_periods', 'report_kinds', 'agency_reports', 'reminders', 'emails'] },
  /** Pages call services; they own no table and read none. */
  web: { owns: [], reads: [] },
  demo: { owns: [], reads: [] },
};
