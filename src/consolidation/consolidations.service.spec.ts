import type { RegimesRepository } from '../reporting/regimes.repository';
import type { OutboxService } from '../reminders/outbox.service';
import type { ReportInputs } from '../submissions/report-inputs';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { CurrentUser } from '../auth/auth.types';
import { FixedClock } from '../common/clock';
import { AppError } from '../common/errors';
import { EMPTY_IDENTITY, resolvePlanIdentity } from '../plans/plan-identity';
import type { PlanIdentityService } from '../plans/plan-identity.service';
import type { PeriodLockRow, PeriodStateRepository } from '../reporting/period-state.repository';
import type { ConsolidationRepository, ConsolidationRow, EditableRow, LatestVersionRow, NewVersion } from './consolidation.repository';
import { ConsolidationsService, defaultNarrative, diffFigures, metDeadline, Narrative } from './consolidations.service';
import type { Rollup, RollupService, TaskLine } from './rollup';

/**
 * What the consolidation decides: versions and what carries over between them, what changed
 * between two versions' figures, the refusals, and what finalising writes. Repositories, the
 * roll-up and the audit log are plain fakes.
 */

const PERIOD = '11111111-1111-4111-8111-111111111111';
const PLAN = '33333333-3333-4333-8333-333333333333';
const IDENTITY = resolvePlanIdentity(
  { ...EMPTY_IDENTITY, jurisdiction: 'Cao Bằng' },
  { coordinating: { code: 'SXD', name: 'Sở Xây dựng', shortName: 'Sở Xây dựng' }, coordinatingParent: null, recipient: null },
  { organizationName: 'Sở Xây dựng tỉnh Cao Bằng', mailFrom: 'x <no-reply@example.vn>' },
);
const CONSOLIDATION = '22222222-2222-4222-8222-222222222222';
const EM = { fake: 'transaction' } as unknown as EntityManager;
const NOW = new Date('2026-05-28T10:00:00+07:00');
const COORDINATOR = { id: 'u-1', displayName: 'Điều phối viên', role: 'coordinator' } as CurrentUser;

function task(code: string, over: Partial<TaskLine> = {}): TaskLine {
  return {
    code,
    title: `Nhiệm vụ ${code}`,
    sectionCode: 'I',
    leads: [],
    leadAgencies: 2,
    reported: 1,
    statusCounts: { on_track: 1 },
    averagePercent: '40.0',
    milestones: [],
    contributions: [],
    behind: false,
    behindReason: null,
    ...over,
  };
}

const money = (total: string) => ({ total, stateBudget: total });

function figures(
  over: { submitted?: number; stateOfB?: 'missing' | 'submitted'; allocated?: string; tasks?: TaskLine[]; km?: string | null } = {},
): Rollup {
  const submitted = over.submitted ?? 1;
  return {
    period: {
      id: PERIOD,
      label: 'Báo cáo 6 tháng đầu năm 2026',
      year: 2026,
      dueAt: '',
      consolidationDueAt: null,
      dataFrom: null,
      dataTo: null,
    },
    plan: { code: 'KH', title: 'Kế hoạch', issuingBody: 'UBND tỉnh Cao Bằng', coordinatingAgency: 'Sở Xây dựng', recipientAgency: null },
    completeness: {
      expected: 2,
      submitted,
      onTime: submitted,
      late: 0,
      missing: 2 - submitted,
      returned: 0,
      accepted: 0,
      agencies: [
        { code: 'A', name: 'Sở A', kind: 'department', state: 'submitted', onTime: true, submittedAt: null },
        { code: 'B', name: 'Sở B', kind: 'department', state: over.stateOfB ?? 'missing', onTime: null, submittedAt: null },
      ],
    },
    capital: {
      need: { total: '100', stateBudget: '60', nonStateBudget: '40' },
      allocated: money(over.allocated ?? '10'),
      disbursed: money('5'),
      allocatedCumulative: money('10'),
      disbursedCumulative: money('5'),
      disbursementRate: '50.0',
      sections: [],
    },
    sections: [{ code: 'I', title: 'Giao thông', tasks: over.tasks ?? [task('I.1')] }],
    indicators: [
      {
        code: 'CT1',
        name: 'Đường mới',
        unit: 'km',
        aggregation: 'sum',
        value: over.km === undefined ? '12.5' : over.km,
        reportedBy: 1,
        targetYear: null,
        target2030: null,
      },
    ],
    difficulties: [],
    proposals: [],
    nextSteps: [],
    assessments: [],
    behind: [],
  };
}

const NARRATIVE: Narrative = { assessment: 'Đánh giá đã sửa', difficulties: 'Khó khăn', keyTasks: 'Nhiệm vụ', proposals: 'Kiến nghị' };

function setUp(
  o: {
    period?: PeriodLockRow | null;
    previous?: LatestVersionRow;
    editable?: EditableRow | null;
    newer?: boolean;
    rollup?: Rollup;
  } = {},
) {
  const calls: { what: string; args: unknown[] }[] = [];
  const record =
    <T>(what: string, answer: T) =>
    (...args: unknown[]) => {
      calls.push({ what, args });
      return Promise.resolve(answer);
    };
  const called = (what: string) => calls.filter((c) => c.what === what).map((c) => c.args);
  const period =
    o.period === null
      ? undefined
      : (o.period ?? {
          id: PERIOD,
          plan_id: PLAN,
          label: 'Báo cáo 6 tháng đầu năm 2026',
          locked_at: null,
          consolidation_due_at: new Date('2026-05-30T00:00:00+07:00'),
        });
  const editable =
    o.editable === null
      ? undefined
      : (o.editable ?? {
          period_id: PERIOD,
          version: 2,
          narrative: NARRATIVE,
          document_number: '125/BC-SXD',
          edit_version: 4,
          finalized_at: null,
          built_at: new Date('2026-05-26T15:00:00+07:00'),
        });
  const stored: ConsolidationRow = {
    id: CONSOLIDATION,
    period_id: PERIOD,
    plan_id: PLAN,
    version: 2,
    trigger: 'manual',
    built_at: NOW,
    built_by_name: null,
    figures: figures(),
    revisions: [],
    narrative: NARRATIVE,
    document_number: null,
    edit_version: 5,
    sent_date_text: null,
    finalized_at: null,
    met_deadline: null,
    previous: null,
  };
  const consolidations = {
    sentRevisions: record('sentRevisions', [{ reportId: 'r-1', agencyCode: 'A', revision: 2 }]),
    latestVersion: record('latestVersion', o.previous),
    insertVersion: record('insertVersion', CONSOLIDATION),
    withPrevious: record('withPrevious', stored),
    periodOf: record('periodOf', editable?.period_id),
    lockForEdit: record('lockForEdit', editable),
    editNarrative: record('editNarrative', undefined),
    hasNewerVersion: record('hasNewerVersion', o.newer ?? false),
    markFinal: record('markFinal', undefined),
  } as unknown as ConsolidationRepository;
  const periods = {
    lockForConsolidation: record('lockForConsolidation', period),
    lock: record('lock', undefined),
  } as unknown as PeriodStateRepository;
  const rollups = { compute: record('compute', o.rollup ?? figures()) } as unknown as RollupService;
  const audit = { record: record('audit', undefined) } as unknown as AuditService;
  const dataSource = {
    transaction: (a: unknown, b?: unknown) => {
      const work = (typeof a === 'function' ? a : b) as (em: EntityManager) => Promise<unknown>;
      calls.push({ what: 'transaction', args: typeof a === 'string' ? [a] : [] });
      return work(EM);
    },
  } as unknown as DataSource;
  const identities = { forPlan: () => Promise.resolve(IDENTITY) } as unknown as PlanIdentityService;
  // No report chain: the period's kind feeds nothing.
  const regimes = {
    planRecipient: () => Promise.resolve(null),
    fedPeriod: () => Promise.resolve(undefined),
  } as unknown as RegimesRepository;
  const outbox = { enqueue: () => Promise.resolve() } as unknown as OutboxService;
  const service = new ConsolidationsService(
    dataSource,
    new FixedClock(NOW),
    audit,
    consolidations,
    periods,
    identities,
    rollups,
    regimes,
    {} as ReportInputs,
    outbox,
  );
  return { service, calls, called };
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('ConsolidationsService.build', () => {
  it('a first version is number 1, pre-filled from the roll-up, in one REPEATABLE READ transaction', async () => {
    const rollup = figures();
    const { service, called } = setUp({ rollup });
    const view = await service.build(PERIOD, COORDINATOR);

    expect(called('transaction')).toEqual([['REPEATABLE READ']]);
    const [[inserted, em]] = called('insertVersion') as [NewVersion, EntityManager][];
    expect(em).toBe(EM);
    expect(inserted).toMatchObject({ periodId: PERIOD, version: 1, trigger: 'manual', builtBy: 'u-1', builtAt: NOW, documentNumber: null });
    expect(inserted.narrative).toEqual(defaultNarrative(rollup));
    expect(inserted.revisions).toEqual([{ reportId: 'r-1', agencyCode: 'A', revision: 2 }]);
    expect(view).toMatchObject({ id: CONSOLIDATION, version: 1, editVersion: 1, final: false, changes: [], builtBy: 'Điều phối viên' });
    expect(called('audit')[0][1]).toMatchObject({
      action: 'consolidation.built',
      entityId: CONSOLIDATION,
      detail: { version: 1, trigger: 'manual' },
    });
  });

  it("a next version carries over the coordinator's narrative and number, and lists what changed", async () => {
    const previous: LatestVersionRow = { version: 3, narrative: NARRATIVE, figures: figures(), document_number: '125/BC-SXD' };
    const { service, called } = setUp({ previous, rollup: figures({ submitted: 2, stateOfB: 'submitted' }) });
    const view = await service.build(PERIOD, null, 'auto', EM);

    expect(called('transaction')).toEqual([]); // the caller's (the C-3 event's) transaction
    const [[inserted]] = called('insertVersion') as [NewVersion][];
    expect(inserted).toMatchObject({ version: 4, trigger: 'auto', builtBy: null, narrative: NARRATIVE, documentNumber: '125/BC-SXD' });
    expect(view.changes).toContainEqual({ what: 'Số đơn vị đã gửi', before: '1', after: '2' });
    expect(view.changes).toContainEqual({ what: 'Tình trạng báo cáo – Sở B', before: 'missing', after: 'submitted' });
  });

  it.each([
    ['a malformed id', 'not-a-uuid', {}, 404, 'PERIOD_NOT_FOUND'],
    ['an unknown period', PERIOD, { period: null }, 404, 'PERIOD_NOT_FOUND'],
    [
      'a locked period',
      PERIOD,
      { period: { id: PERIOD, plan_id: PLAN, label: 'Kỳ I', locked_at: NOW, consolidation_due_at: null } },
      409,
      'PERIOD_LOCKED',
    ],
  ] as const)('refuses %s and writes nothing', async (_what, id, options, status, code) => {
    const { service, called } = setUp(options);
    const error = await refusal(service.build(id, COORDINATOR));
    expect([error.status, error.code]).toEqual([status, code]);
    expect(called('compute')).toEqual([]);
    expect(called('insertVersion')).toEqual([]);
  });
});

describe('ConsolidationsService.update', () => {
  it('merges the narrative fields given and passes the document number on', async () => {
    const { service, called } = setUp();
    await service.update(CONSOLIDATION, COORDINATOR, {
      editVersion: 4,
      narrative: { assessment: 'Mới', proposals: undefined },
      documentNumber: '7/BC',
    });
    expect(called('editNarrative')).toEqual([[CONSOLIDATION, { ...NARRATIVE, assessment: 'Mới' }, '7/BC', NOW, EM]]);
  });

  it('refuses a stale edit version', async () => {
    const { service, called } = setUp();
    const error = await refusal(service.update(CONSOLIDATION, COORDINATOR, { editVersion: 3, narrative: { assessment: 'Mới' } }));
    expect(error.code).toBe('STALE_VERSION');
    expect(called('editNarrative')).toEqual([]);
  });

  it('refuses to edit a final report', async () => {
    const { service } = setUp({
      editable: {
        period_id: PERIOD,
        version: 2,
        narrative: NARRATIVE,
        document_number: null,
        edit_version: 1,
        finalized_at: NOW,
        built_at: NOW,
      },
    });
    expect((await refusal(service.update(CONSOLIDATION, COORDINATOR, {}))).code).toBe('CONSOLIDATION_FINAL');
  });
});

describe('ConsolidationsService.finalize', () => {
  it('marks the version final with whether it met the deadline, and locks the period', async () => {
    const { service, called } = setUp();
    await service.finalize(CONSOLIDATION, COORDINATOR, { sentDate: '2026-05-27' });
    expect(called('markFinal')).toEqual([
      [CONSOLIDATION, { documentNumber: '125/BC-SXD', sentDate: '2026-05-27', at: NOW, by: 'u-1', metDeadline: true }, EM],
    ]);
    expect(called('lock')).toEqual([[PERIOD, NOW, EM]]);
  });

  it('refuses a stated sent date before the build day or after today (400 at sentDate), finalising nothing', async () => {
    for (const sentDate of ['0001-01-01', '2026-05-25', '2026-05-29']) {
      const { service, called } = setUp();
      const error = await refusal(service.finalize(CONSOLIDATION, COORDINATOR, { sentDate }));
      expect([sentDate, error.status, error.errors.map((e) => e.path)]).toEqual([sentDate, 400, ['sentDate']]);
      expect(called('markFinal')).toEqual([]);
    }
    const { service, called } = setUp();
    await service.finalize(CONSOLIDATION, COORDINATOR, { sentDate: '2026-05-26' });
    expect(called('markFinal')[0][1]).toMatchObject({ sentDate: '2026-05-26', metDeadline: true });
  });

  it('refuses when the period is locked already (another version is final): 409 PERIOD_LOCKED', async () => {
    const { service, called } = setUp({
      period: { id: PERIOD, plan_id: PLAN, label: 'Kỳ', locked_at: NOW, consolidation_due_at: null },
    });
    const error = await refusal(service.finalize(CONSOLIDATION, COORDINATOR, {}));
    expect([error.status, error.code]).toEqual([409, 'PERIOD_LOCKED']);
    expect(called('markFinal')).toEqual([]);
  });

  it("sent today by default: the 28th, before the 30th's deadline", async () => {
    const { service, called } = setUp();
    await service.finalize(CONSOLIDATION, COORDINATOR, {});
    expect(called('markFinal')[0][1]).toMatchObject({ sentDate: '2026-05-28', metDeadline: true });
  });

  it('refuses without a document number', async () => {
    const { service, called } = setUp({
      editable: {
        period_id: PERIOD,
        version: 2,
        narrative: NARRATIVE,
        document_number: null,
        edit_version: 1,
        finalized_at: null,
        built_at: NOW,
      },
    });
    const error = await refusal(service.finalize(CONSOLIDATION, COORDINATOR, {}));
    expect([error.status, error.code]).toEqual([422, 'CONSOLIDATION_INCOMPLETE']);
    expect(called('markFinal')).toEqual([]);
    expect(called('lock')).toEqual([]);
  });

  it('refuses a version that is not the latest', async () => {
    const { service, called } = setUp({ newer: true });
    expect((await refusal(service.finalize(CONSOLIDATION, COORDINATOR, {}))).code).toBe('NOT_LATEST');
    expect(called('lock')).toEqual([]);
  });
});

describe('metDeadline', () => {
  const due = new Date('2026-05-30T00:00:00+07:00');
  it('is met when sent on a day before the deadline day (Asia/Ho_Chi_Minh)', () => {
    expect(metDeadline('2026-05-29', due)).toBe(true);
    expect(metDeadline('2026-05-30', due)).toBe(false);
    expect(metDeadline('2026-05-29', null)).toBeNull();
  });
});

describe('diffFigures: what changed between versions', () => {
  it('is empty between equal figures', () => {
    expect(diffFigures(figures(), figures())).toEqual([]);
  });

  it('lists the counts, the agencies whose report state moved, the capital, the tasks and the indicators that changed', () => {
    const before = figures({ tasks: [task('I.1'), task('I.2', { reported: 0, averagePercent: null })] });
    const after = figures({
      submitted: 2,
      stateOfB: 'submitted',
      allocated: '12.5',
      tasks: [task('I.1'), task('I.2', { reported: 2, averagePercent: '75.0' }), task('I.3')],
      km: '20',
    });
    expect(diffFigures(before, after)).toEqual([
      { what: 'Số đơn vị đã gửi', before: '1', after: '2' },
      { what: 'Gửi đúng hạn', before: '1', after: '2' },
      { what: 'Chưa gửi', before: '1', after: '0' },
      { what: 'Tình trạng báo cáo – Sở B', before: 'missing', after: 'submitted' },
      { what: 'Vốn bố trí trong kỳ (tỷ đồng)', before: '10', after: '12.5' },
      { what: 'Nhiệm vụ I.2 – số đơn vị đã báo cáo', before: '0', after: '2' },
      { what: 'Nhiệm vụ I.2 – tỷ lệ hoàn thành bình quân (%)', before: '—', after: '75.0' },
      // A task new in this version: nothing before.
      { what: 'Nhiệm vụ I.3 – số đơn vị đã báo cáo', before: '—', after: '1' },
      { what: 'Nhiệm vụ I.3 – tỷ lệ hoàn thành bình quân (%)', before: '—', after: '40.0' },
      { what: 'Chỉ tiêu CT1 (km)', before: '12.5', after: '20' },
    ]);
  });

  it('shows a value that disappeared as a dash', () => {
    expect(diffFigures(figures(), figures({ km: null }))).toEqual([{ what: 'Chỉ tiêu CT1 (km)', before: '12.5', after: '—' }]);
  });
});
