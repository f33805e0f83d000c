import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import { DataSource, EntityManager } from 'typeorm';
import type { AgencyKind } from '../../src/agencies/agency.entity';
import { identityParams } from '../../src/plans/plan-identity';
import { syncPeriodsForPlan } from '../../src/reporting/period-sync';
import { defaultReminderRules } from '../../src/reporting/regime.types';
import { parseCsv } from '../csv';
import { seedHolidays } from '../holidays';
import { INDICATORS, PLAN, REGIME, SECTIONS, SeedTask, SeedTimeline } from './plan.data';

export const DEMO_PASSWORD = 'Demo@2026';
export const DEMO_DOMAIN = 'caobang.example';

interface AgencyRow {
  kind: AgencyKind;
  code: string;
  name: string;
  short_name: string;
}

export function readAgencies(): AgencyRow[] {
  // Beside this file in the sources; compiled code runs from dist/seeds/cao-bang.
  const candidates = [join(__dirname, 'agencies.csv'), join(__dirname, '..', '..', '..', 'seeds', 'cao-bang', 'agencies.csv')];
  const file = candidates.find((f) => existsSync(f)) ?? candidates[0];
  const text = readFileSync(file, 'utf8');
  return parseCsv(text) as unknown as AgencyRow[];
}

export interface SeedOptions {
  demoUsers: boolean;
}

export interface SeedResult {
  inserted: Record<string, number>;
}

/** Inserts what is missing and never overwrites: running it twice changes nothing, edits survive. */
export async function seedCaoBang(dataSource: DataSource, options: SeedOptions): Promise<SeedResult> {
  const inserted: Record<string, number> = {};
  const count = (table: string, n: number) => (inserted[table] = (inserted[table] ?? 0) + n);

  await dataSource.transaction(async (em) => {
    const agencies = readAgencies();
    const ids = new Map<string, string>();
    for (const a of agencies) {
      const email = `${a.code.toLowerCase()}@${DEMO_DOMAIN}`;
      const rows: { id: string }[] = await em.query(
        `INSERT INTO agencies (code, kind, name, short_name, emails, parent_id, jurisdiction)
         VALUES ($1, $2, $3, $4, $5, (SELECT id FROM agencies WHERE code = 'UBNDT'), $6)
         ON CONFLICT (code) DO NOTHING RETURNING id`,
        [a.code, a.kind, a.name, a.short_name, [email], PLAN.identity.jurisdiction],
      );
      count('agencies', rows.length);
    }
    for (const r of await em.query<{ id: string; code: string }[]>('SELECT id, code FROM agencies')) ids.set(r.code, r.id);

    const groups: Record<string, string[]> = {
      '@communes': agencies.filter((a) => a.kind === 'commune').map((a) => a.code),
      '@wards': agencies.filter((a) => a.kind === 'ward').map((a) => a.code),
      '@departments': agencies.filter((a) => a.kind === 'department').map((a) => a.code),
    };
    groups['@local'] = [...groups['@wards'], ...groups['@communes']];
    const resolve = (refs: string[]): string[] =>
      [...new Set(refs.flatMap((r) => groups[r] ?? [r]))].map((code) => {
        const id = ids.get(code);
        if (!id) throw new Error(`Seed refers to unknown agency ${code}`);
        return id;
      });

    const planRows: { id: string }[] = await em.query(
      `INSERT INTO plans (code, title, issuing_body, legal_basis, start_year, end_year, coordinating_agency_id, recipient_agency_id,
                          jurisdiction, body_kind, letterhead_parent, number_symbol, place_name, signer_authority, signer_title, signer_name,
                          storage_line, sender_name, sender_email)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) ON CONFLICT (code) DO NOTHING RETURNING id`,
      [
        PLAN.code,
        PLAN.title,
        PLAN.issuingBody,
        PLAN.legalBasis,
        PLAN.startYear,
        PLAN.endYear,
        ids.get(PLAN.coordinatingAgency),
        ids.get(PLAN.recipientAgency),
        ...identityParams(PLAN.identity),
      ],
    );
    count('plans', planRows.length);
    const [{ id: planId }] = await em.query<{ id: string }[]>('SELECT id FROM plans WHERE code = $1', [PLAN.code]);

    for (const [position, s] of SECTIONS.entries()) {
      const rows = await em.query<{ id: string }[]>(
        `INSERT INTO plan_sections (plan_id, code, title, position, capital_total, capital_state_budget, capital_non_state_budget)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (plan_id, code) DO NOTHING RETURNING id`,
        [planId, s.code, s.title, position + 1, s.capitalTotal, s.capitalStateBudget, s.capitalNonStateBudget],
      );
      count('plan_sections', rows.length);
      const [{ id: sectionId }] = await em.query<
        {
          id: string;
        }[]
      >('SELECT id FROM plan_sections WHERE plan_id = $1 AND code = $2', [planId, s.code]);
      for (const [i, task] of s.tasks.entries()) await seedTask(em, planId, sectionId, null, i + 1, task, resolve, count);
    }

    for (const [position, ind] of INDICATORS.entries()) {
      const rows = await em.query<{ id: string }[]>(
        `INSERT INTO indicators (plan_id, task_id, code, name, unit, aggregation, question, position)
         VALUES ($1, (SELECT id FROM tasks WHERE plan_id = $1 AND code = $2), $3, $4, $5, $6, $8, $7)
         ON CONFLICT (plan_id, code) DO NOTHING RETURNING id`,
        [planId, ind.taskCode ?? null, ind.code, ind.name, ind.unit, ind.aggregation, position + 1, ind.question ?? null],
      );
      count('indicators', rows.length);
      if (rows.length === 0) continue; // an existing indicator keeps its owners and targets as edited
      const indicatorId = rows[0].id;
      await em.query(`INSERT INTO indicator_owners (indicator_id, agency_id) SELECT $1::uuid, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [
        indicatorId,
        resolve(ind.owners),
      ]);
      for (const t of ind.targets) {
        await em.query(`INSERT INTO indicator_targets (indicator_id, year, comparator, value, note) VALUES ($1, $2, $3, $4, $5)`, [
          indicatorId,
          t.year,
          t.comparator,
          t.value,
          t.note ?? null,
        ]);
        count('indicator_targets', 1);
      }
    }

    const regimeRows = await em.query<{ id: string }[]>(
      `INSERT INTO reporting_regimes (plan_id, code, name, legal_basis, roll_forward) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (plan_id, code) DO NOTHING RETURNING id`,
      [planId, REGIME.code, REGIME.name, REGIME.legalBasis, REGIME.rollForward],
    );
    count('reporting_regimes', regimeRows.length);
    const [{ id: regimeId }] = await em.query<{ id: string }[]>('SELECT id FROM reporting_regimes WHERE plan_id = $1 AND code = $2', [
      planId,
      REGIME.code,
    ]);
    for (const [position, k] of REGIME.kinds.entries()) {
      const rows: { id: string }[] = await em.query(
        `INSERT INTO report_kinds (regime_id, code, name, frequency, slots, period_label, opens_rule, due_rule, data_window,
           consolidation_due_rule, fixed_due_date, named_day_counts, owed_by, reminder_rules, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (regime_id, code) DO NOTHING RETURNING id`,
        [
          regimeId,
          k.code,
          k.name,
          k.frequency,
          k.slots,
          k.periodLabel,
          'opensRule' in k ? JSON.stringify(k.opensRule) : null,
          'dueRule' in k ? JSON.stringify(k.dueRule) : null,
          'dataWindow' in k ? JSON.stringify(k.dataWindow) : null,
          'consolidationDueRule' in k ? JSON.stringify(k.consolidationDueRule) : null,
          'fixedDueDate' in k ? k.fixedDueDate : null,
          k.namedDayCounts,
          k.owedBy,
          JSON.stringify(defaultReminderRules(k.frequency)),
          position + 1,
        ],
      );
      count('report_kinds', rows.length);
      if (rows.length) {
        await em.query(
          `INSERT INTO report_kind_agencies (report_kind_id, agency_id) SELECT $1::uuid, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
          [rows[0].id, resolve(k.agencies)],
        );
      }
    }
    count('holidays', await seedHolidays(em, PLAN.startYear - 1, PLAN.endYear + 1));
    count('reporting_periods', await syncPeriodsForPlan(em, planId));

    if (options.demoUsers) count('users', await seedDemoUsers(em, agencies));
  });
  return { inserted };
}

async function seedTask(
  em: EntityManager,
  planId: string,
  sectionId: string,
  parentId: string | null,
  position: number,
  task: SeedTask,
  resolve: (refs: string[]) => string[],
  count: (table: string, n: number) => void,
): Promise<void> {
  const t: SeedTimeline | undefined = task.timeline;
  const rows: { id: string }[] = await em.query(
    `INSERT INTO tasks (plan_id, section_id, parent_id, code, title, kind, position, timeline_kind, timeline_year,
       timeline_end_year, timeline_date, timeline_text, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (plan_id, code) DO NOTHING RETURNING id`,
    [
      planId,
      sectionId,
      parentId,
      task.code,
      task.title,
      task.kind,
      position,
      t?.kind ?? null,
      t?.year ?? null,
      t?.endYear ?? null,
      t?.date ?? null,
      t?.text ?? null,
      task.note ?? null,
    ],
  );
  count('tasks', rows.length);
  const [{ id: taskId }] = await em.query<
    {
      id: string;
    }[]
  >('SELECT id FROM tasks WHERE plan_id = $1 AND code = $2', [planId, task.code]);
  if (rows.length) {
    for (const [i, m] of (task.milestones ?? []).entries()) {
      await em.query(
        `INSERT INTO task_milestones (task_id, position, title, timeline_kind, timeline_year, timeline_end_year, timeline_date, timeline_text)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          taskId,
          i + 1,
          m.title,
          m.timeline.kind,
          m.timeline.year ?? null,
          m.timeline.endYear ?? null,
          m.timeline.date ?? null,
          m.timeline.text ?? null,
        ],
      );
      count('task_milestones', 1);
    }
    const lead = resolve(task.lead);
    const cooperating = resolve(task.cooperating ?? []).filter((id) => !lead.includes(id));
    await em.query(
      `INSERT INTO task_assignments (task_id, agency_id, role)
       SELECT $1::uuid, a, 'lead' FROM unnest($2::uuid[]) a UNION ALL SELECT $1::uuid, a, 'cooperating' FROM unnest($3::uuid[]) a`,
      [taskId, lead, cooperating],
    );
    count('task_assignments', lead.length + cooperating.length);
  }
  for (const [i, child] of (task.children ?? []).entries()) await seedTask(em, planId, sectionId, taskId, i + 1, child, resolve, count);
}

/** admin, coordinator, leader, and a reporter (code) and a head (code-ld) for every reporting agency. */
async function seedDemoUsers(em: EntityManager, agencies: AgencyRow[]): Promise<number> {
  const existing = new Set((await em.query<{ username: string }[]>('SELECT username FROM users')).map((r) => r.username));
  const wanted: { username: string; displayName: string; role: string; agency: string }[] = [
    { username: 'admin', displayName: 'Quản trị hệ thống', role: 'administrator', agency: 'SXD' },
    { username: 'coordinator', displayName: 'Cán bộ tổng hợp Sở Xây dựng', role: 'coordinator', agency: 'SXD' },
    { username: 'leader', displayName: 'Lãnh đạo UBND tỉnh', role: 'leader', agency: 'UBNDT' },
  ];
  for (const a of agencies.filter((x) => x.code !== 'UBNDT')) {
    const code = a.code.toLowerCase();
    wanted.push({ username: code, displayName: `Cán bộ báo cáo – ${a.short_name}`, role: 'reporter', agency: a.code });
    wanted.push({ username: `${code}-ld`, displayName: `Lãnh đạo – ${a.short_name}`, role: 'head', agency: a.code });
  }
  const missing = wanted.filter((u) => !existing.has(u.username));
  if (missing.length === 0) return 0;
  // One argon2id hash for the shared demo password keeps seeding fast; real users get their own.
  const passwordHash = await hash(DEMO_PASSWORD);
  const rows = await em.query<{ id: string }[]>(
    `INSERT INTO users (username, password_hash, display_name, email, role, agency_id)
     SELECT u.username, $1, u.display_name, u.username || '@${DEMO_DOMAIN}', u.role, a.id
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(username, display_name, role, agency_code)
     JOIN agencies a ON a.code = u.agency_code
     ON CONFLICT (username) DO NOTHING RETURNING id`,
    [
      passwordHash,
      missing.map((u) => u.username),
      missing.map((u) => u.displayName),
      missing.map((u) => u.role),
      missing.map((u) => u.agency),
    ],
  );
  return rows.length;
}
