import 'reflect-metadata';
import { createValidationPipe } from '../../common/validation';
import { DIFFICULTY_KINDS, RESOLVING_LEVELS, TASK_STATUSES } from '../report.constants';
import { SaveReportDto } from './report.dto';
import { fastSaveReport } from './save-report.fast';

/**
 * The one-pass check must agree with class-validator: whatever it accepts, the decorators accept
 * and turn into the same instances; what it leaves to class-validator is refused or accepted there
 * as before. Thousands of bodies mutated from a report as GET gives it, with a seeded generator.
 */
const slow = createValidationPipe({ fastChecks: false });
const metadata = { type: 'body' as const, metatype: SaveReportDto, data: '' };

async function classValidator(value: unknown): Promise<{ ok: true; value: unknown } | { ok: false }> {
  try {
    return { ok: true, value: await slow.transform(structuredClone(value), metadata) };
  } catch {
    return { ok: false };
  }
}

function report(tasks = 3): Record<string, unknown> {
  return {
    id: '6c1f6a8e-0000-4000-8000-000000000001',
    periodId: '6c1f6a8e-0000-4000-8000-000000000002',
    periodLabel: '6 tháng đầu năm 2026',
    agencyCode: 'STC',
    state: 'draft',
    version: 3,
    attachments: [{ id: 'a', fileName: 'x.pdf' }],
    officialLetter: { number: '12/BC-STC', date: '2026-05-15' },
    tasks: Array.from({ length: tasks }, (_, i) => ({
      taskCode: `II.2.(${i + 1}).a`,
      title: 'Nhiệm vụ',
      role: 'lead',
      status: 'on_track',
      percentComplete: 40 + i,
      capitalAllocated: '1200.5',
      capitalAllocatedStateBudget: '1000',
      capitalDisbursed: '800.25',
      capitalDisbursedStateBudget: '700',
      workDone: 'Đã triển khai.',
      difficulties: null,
      difficultyKind: 'land_clearance',
      resolvingLevel: 'province',
      proposals: 'Đề nghị bổ sung vốn.',
      nextSteps: 'Tiếp tục.',
    })),
    indicators: [{ indicatorCode: 'NOXH', name: 'Nhà ở xã hội', unit: 'căn', value: '120' }],
    summary: { assessment: 'Cơ bản đạt.', difficulties: 'Thiếu vốn.', proposals: null },
  };
}

/** A small deterministic generator (mulberry32), so a failure repeats. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_VALUES: unknown[] = [
  null,
  undefined,
  '',
  ' ',
  '  Đã  ',
  'Đa\u0303 triển khai', // decomposed diacritic
  'x'.repeat(20001),
  ' '.repeat(5) + 'x'.repeat(20000) + ' ',
  '😀'.repeat(10001),
  'a'.repeat(65),
  'a'.repeat(64),
  0,
  -1,
  100,
  101,
  1.5,
  NaN,
  '50',
  true,
  [],
  {},
  [1],
  { a: 1 },
  '1200.5',
  '1200.5555',
  '-1',
  '1e3',
  ' 12',
  '2026-02-30',
  '2026-02-28',
  ...TASK_STATUSES,
  ...DIFFICULTY_KINDS,
  ...RESOLVING_LEVELS,
  'unknown',
];

/**
 * The fields the save reads: the read-only ones GET gives (@Allow) are ignored by the service,
 * and class-transformer copies them in its own way (it drops a nested "constructor" key). Listed
 * here again on purpose, not taken from the fast check's shapes: a field the check wrongly let
 * through unchecked would otherwise drop out of the comparison that should catch it.
 */
const READ_ONLY = new Set([
  'id',
  'periodId',
  'periodLabel',
  'agencyCode',
  'agencyName',
  'form',
  'state',
  'dueAt',
  'submittedAt',
  'firstSubmittedAt',
  'onTime',
  'returnComment',
  'attachments',
  'revisions',
  'history',
  'title',
  'role',
  'sectionCode',
  'sectionTitle',
  'name',
  'unit',
  'target',
  'aggregation',
  'question',
  'targetSpec',
]);

function editable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(editable);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!READ_ONLY.has(k)) out[k] = editable(x);
  return out;
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

/** Changes one thing somewhere in the body: a value, a key added or removed, a type. */
function mutate(body: Record<string, unknown>, r: () => number): void {
  const objects: Record<string, unknown>[] = [body];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      objects.push(v as Record<string, unknown>);
      Object.values(v).forEach(walk);
    }
  };
  Object.values(body).forEach(walk);
  const target = pick(r, objects);
  const keys = Object.keys(target);
  const roll = r();
  if (roll < 0.7 && keys.length) target[pick(r, keys)] = structuredClone(pick(r, ODD_VALUES));
  else if (roll < 0.85 && keys.length) delete target[pick(r, keys)];
  else target[pick(r, ['extra', '__proto__', 'constructor', 'taskCode', 'version', 'value', 'date', 'summary'])] = pick(r, ODD_VALUES);
}

describe('fastSaveReport', () => {
  it('accepts a report as GET gives it, as class-validator does, with the same instances', async () => {
    const body = report(30);
    const fast = fastSaveReport(structuredClone(body));
    const slowResult = await classValidator(body);
    expect(fast).not.toBeNull();
    expect(slowResult.ok).toBe(true);
    expect(fast).toEqual((slowResult as { value: unknown }).value);
    expect(fast).toBeInstanceOf(SaveReportDto);
    expect(Object.getPrototypeOf(fast!.tasks![0])).toBe(Object.getPrototypeOf((slowResult as { value: SaveReportDto }).value.tasks![0]));
  });

  it('normalises texts as the decorators do (NFC, trimmed)', () => {
    const body = report(1);
    (body.tasks as Record<string, unknown>[])[0].workDone = '  Đa\u0303 triển khai  ';
    expect(fastSaveReport(body)!.tasks![0].workDone).toBe('Đã triển khai');
  });

  it('never accepts what class-validator refuses, and builds what it builds (5,000 mutated bodies)', async () => {
    const r = rng(20261203);
    let fastAccepted = 0;
    let slowAccepted = 0;
    for (let n = 0; n < 5000; n += 1) {
      const body = report(1 + Math.floor(r() * 3));
      const changes = 1 + Math.floor(r() * 3);
      for (let i = 0; i < changes; i += 1) mutate(body, r);
      const fast = fastSaveReport(structuredClone(body));
      const slowResult = await classValidator(body);
      if (slowResult.ok) slowAccepted += 1;
      if (fast === null) continue;
      fastAccepted += 1;
      if (!slowResult.ok) throw new Error(`accepted what class-validator refuses: ${JSON.stringify(body).slice(0, 2000)}`);
      expect(editable(fast)).toEqual(editable(slowResult.value));
    }
    // Both paths were exercised: most accepted bodies take the fast path, and many are refused.
    expect(slowAccepted).toBeGreaterThan(500);
    expect(slowAccepted).toBeLessThan(4500);
    expect(fastAccepted / slowAccepted).toBeGreaterThan(0.9);
  });
});
