import * as ts from 'typescript';
import type { ModuleTables } from './table-owners';

/** One source file: its path relative to the project root (`src/<module>/…`) and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

export interface Violation {
  path: string;
  rule: 'sql-outside-repository' | 'foreign-write' | 'undeclared-read' | 'controller-data-source' | 'foreign-entity';
  message: string;
}

// SQL keywords are upper case throughout the codebase; requiring it keeps English prose
// ("from plans") in log lines and messages out of the check.
const TABLE_REFERENCE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|USING)\s+(?:ONLY\s+)?(?:"?public"?\.)?"?([a-z_][a-z0-9_]*)"?/g;
const WRITE_TARGET =
  /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|MERGE\s+INTO)\s+(?:ONLY\s+)?(?:"?public"?\.)?"?([a-z_][a-z0-9_]*)"?/g;
const LOCK_TARGET = /\bFOR\s+(?:NO\s+KEY\s+)?UPDATE\s+OF\s+([a-z_][a-z0-9_]*)/g;
// TypeORM's entity API: getRepository(Entity), em.save(Entity, …), em.findOneBy(Entity, …) …
const ENTITY_CALL =
  /\b(?:getRepository|insert|update|delete|save|upsert|softDelete|find|findBy|findOne|findOneBy|count|countBy|exists|existsBy)\(\s*([A-Z][A-Za-z0-9]*)\b/g;

/** `src/<module>/…` → module; files directly in `src/` belong to the application shell. */
export function moduleOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 2 ? parts[1] : 'app';
}

const isRepository = (path: string): boolean => /\.repository\.ts$/.test(path) || /\.sql\.ts$/.test(path);

/** The text of every string and template literal in a TypeScript source, templates with their holes as a space. */
export function literalTexts(file: SourceFile): string[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const texts: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) texts.push(node.text);
    else if (ts.isTemplateExpression(node)) {
      texts.push([node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' '));
      node.templateSpans.forEach((s) => visit(s.expression));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return texts;
}

/** Table names in one SQL text: every one referenced, and those it writes or row-locks by name. */
export function tablesIn(sql: string, tables: Set<string>): { referenced: Set<string>; written: Set<string> } {
  const pick = (re: RegExp): Set<string> => new Set([...sql.matchAll(re)].map((m) => m[1]).filter((t) => tables.has(t)));
  return { referenced: pick(TABLE_REFERENCE), written: new Set([...pick(WRITE_TARGET), ...pick(LOCK_TARGET)]) };
}

/** Entity class name → its module, from the `@Entity(…)` classes among the files. */
export function entityModules(files: SourceFile[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const f of files) {
    for (const m of f.text.matchAll(/@Entity\([^)]*\)\s*(?:@[^\n]*\n\s*)*export\s+class\s+([A-Za-z0-9]+)/g))
      owners.set(m[1], moduleOf(f.path));
  }
  return owners;
}

/**
 * What breaks the modules' ownership of their tables in `files`, under `owners`:
 * SQL that names a table outside a repository; a repository writing (or locking) another module's
 * table; a repository reading another module's table its entry in the map does not declare;
 * TypeORM's entity API on another module's entity; a controller holding the DataSource.
 */
export function findViolations(files: SourceFile[], owners: Record<string, ModuleTables>): Violation[] {
  const ownerOf = new Map<string, string>();
  for (const [module, entry] of Object.entries(owners)) for (const t of entry.owns) ownerOf.set(t, module);
  const tables = new Set(ownerOf.keys());
  const entities = entityModules(files);
  const violations: Violation[] = [];

  for (const file of files) {
    const module = moduleOf(file.path);
    const declared = new Set(owners[module]?.reads ?? []);
    const referenced = new Set<string>();
    const written = new Set<string>();
    for (const text of literalTexts(file)) {
      const found = tablesIn(text, tables);
      found.referenced.forEach((t) => referenced.add(t));
      found.written.forEach((t) => written.add(t));
    }
    if (module === 'database') continue; // the migration machinery: schema bookkeeping only

    if (!isRepository(file.path) && referenced.size > 0) {
      violations.push({
        path: file.path,
        rule: 'sql-outside-repository',
        message: `SQL naming ${[...referenced].sort().join(', ')} outside a *.repository.ts`,
      });
    }
    for (const t of [...written].sort()) {
      if (ownerOf.get(t) !== module) {
        violations.push({ path: file.path, rule: 'foreign-write', message: `writes ${t}, which ${ownerOf.get(t)} owns` });
      }
    }
    for (const t of [...referenced].sort()) {
      if (ownerOf.get(t) !== module && !written.has(t) && !declared.has(t)) {
        violations.push({
          path: file.path,
          rule: 'undeclared-read',
          message: `reads ${t} (owned by ${ownerOf.get(t)}) without declaring it in ${module}.reads`,
        });
      }
    }
    for (const m of file.text.matchAll(ENTITY_CALL)) {
      const owner = entities.get(m[1]);
      if (owner && (owner !== module || !isRepository(file.path))) {
        violations.push({
          path: file.path,
          rule: 'foreign-entity',
          message: `uses the entity API on ${m[1]} (owned by ${owner}) outside its module's repository`,
        });
      }
    }
    if (/\.controller\.ts$/.test(file.path) && /\b(?:DataSource|EntityManager)\b/.test(file.text)) {
      violations.push({ path: file.path, rule: 'controller-data-source', message: 'a controller injects DataSource or EntityManager' });
    }
  }
  return violations;
}
