import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findViolations, SourceFile, tablesIn } from './architecture-rules';
import { TABLE_OWNERS } from './table-owners';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): SourceFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    if (!e.name.endsWith('.ts') || e.name.endsWith('.spec.ts')) return [];
    return [{ path: relative(ROOT, path).split('\\').join('/'), text: readFileSync(path, 'utf8') }];
  });
}

describe('architecture: each module owns its tables', () => {
  const files = sources(join(ROOT, 'src')).filter((f) => !f.path.startsWith('src/architecture/'));

  it('src/ keeps SQL in repositories, writes only its own tables, declares its reads and keeps DataSource out of controllers', () => {
    const found = findViolations(files, TABLE_OWNERS).map((v) => `${v.path}: [${v.rule}] ${v.message}`);
    expect(found).toEqual([]);
  });

  it('every table a migration creates has an owner in the map', () => {
    const created = new Set<string>();
    for (const f of sources(join(ROOT, 'migrations'))) {
      for (const m of f.text.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_]+)"?/g)) created.add(m[1]);
    }
    const owned = new Set(Object.values(TABLE_OWNERS).flatMap((m) => m.owns));
    expect([...created].filter((t) => !owned.has(t)).sort()).toEqual([]);
    expect(created.size).toBeGreaterThan(20);
  });

  it('declared reads name real tables of other modules', () => {
    for (const [module, entry] of Object.entries(TABLE_OWNERS)) {
      for (const t of entry.reads) {
        const owner = Object.entries(TABLE_OWNERS).find(([, e]) => e.owns.includes(t))?.[0];
        expect({ module, table: t, owner: owner ?? 'nobody' }).toEqual({
          module,
          table: t,
          owner: expect.not.stringMatching(`^(${module}|nobody)$`),
        });
      }
    }
  });

  describe('can fail: planted violations are each found', () => {
    const map = {
      reminders: { owns: ['reminders', 'emails'], reads: ['agency_reports'] },
      submissions: { owns: ['agency_reports'], reads: [] },
      reporting: { owns: ['reporting_periods'], reads: [] },
      consolidation: { owns: ['consolidations'], reads: ['agency_reports'] },
    };
    const entity = {
      path: 'src/reminders/reminder.entity.ts',
      text: "@Entity('reminders')\nexport class Reminder { id!: string; }",
    };
    const check = (file: SourceFile) => findViolations([entity, file], map).map((v) => v.rule);

    it('SQL in a service', () => {
      const file = {
        path: 'src/submissions/reports.service.ts',
        text: "export const x = () => em.query(`UPDATE reminders SET state = 'cancelled' WHERE agency_id = $1`, [id]);",
      };
      expect(check(file)).toEqual(['sql-outside-repository', 'foreign-write']);
    });

    it("a repository writing another module's table, or row-locking it", () => {
      const write = {
        path: 'src/consolidation/consolidations.repository.ts',
        text: "q('UPDATE reporting_periods SET locked_at = $2 WHERE id = $1')",
      };
      const lock = {
        path: 'src/consolidation/consolidations.repository.ts',
        text: "q('SELECT p.id FROM reporting_periods p WHERE p.id = $1 FOR NO KEY UPDATE OF reporting_periods')",
      };
      expect(check(write)).toEqual(['foreign-write']);
      expect(check(lock)).toEqual(['foreign-write']);
    });

    it('an undeclared read, while a declared one passes', () => {
      const undeclared = {
        path: 'src/consolidation/rollup.repository.ts',
        text: 'q(`SELECT c.id FROM consolidations c JOIN reporting_periods p ON p.id = c.period_id`)',
      };
      const declared = {
        path: 'src/consolidation/rollup.repository.ts',
        text: 'q(`SELECT c.id FROM consolidations c JOIN agency_reports r ON r.period_id = c.period_id`)',
      };
      expect(check(undeclared)).toEqual(['undeclared-read']);
      expect(check(declared)).toEqual([]);
    });

    it("a template's holes do not hide a table, and prose does not count", () => {
      const file = {
        path: 'src/reminders/outbox.service.ts',
        text: 'const s = `SELECT ${cols} FROM emails WHERE id = ${id}`; log(`sent 3 emails from reminders`);',
      };
      expect(check(file)).toEqual(['sql-outside-repository']);
      expect([...tablesIn('sent from reminders', new Set(['reminders'])).referenced]).toEqual([]);
    });

    it("the entity API on another module's entity", () => {
      const file = { path: 'src/submissions/submissions.repository.ts', text: 'await em.getRepository(Reminder).findOneBy({ id });' };
      expect(check(file)).toEqual(['foreign-entity']);
    });

    it('a controller that injects DataSource', () => {
      const file = {
        path: 'src/web/report-pages.controller.ts',
        text: "import { DataSource } from 'typeorm';\nexport class C { constructor(private readonly dataSource: DataSource) {} }",
      };
      expect(check(file)).toEqual(['controller-data-source']);
    });
  });
});
