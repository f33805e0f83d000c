import type { CurrentUser } from '../auth/auth.types';
import { FixedClock } from '../common/clock';
import type { PlanIdentityService } from '../plans/plan-identity.service';
import type { PlansRepository } from '../plans/plans.repository';
import type { PeriodsRepository } from '../reporting/periods.repository';
import { formatSentTime } from './report-pdf';
import { periodKindShort, receiptReference, ReportReceipts } from './report-receipt';
import type { ReportView } from './report-view';
import type { ReportsService } from './reports.service';

const REPORT_ID = '1a2b3c4d-5e6f-4a1b-8c2d-0123456789ab';
const view = {
  id: REPORT_ID,
  periodId: '00000000-0000-4000-8000-000000000001',
  periodLabel: 'Báo cáo 6 tháng đầu năm 2026',
  agencyCode: '01290',
  agencyName: 'UBND xã Hòa An',
  form: 'tasks',
  state: 'submitted',
  version: 4,
  dueAt: '2026-05-20T23:59:00+07:00',
  submittedAt: '2026-05-19T10:00:00+07:00',
  firstSubmittedAt: '2026-05-19T10:00:00+07:00',
  onTime: true,
  returnComment: null,
  officialLetter: null,
  tasks: [],
  indicators: [],
  summary: { assessment: 'Cơ bản đạt tiến độ.', difficulties: null, proposals: null },
  attachments: [],
} satisfies ReportView;

describe('receiptReference', () => {
  it('is made of the agency, the year, the period kind, the report id and the revision', () => {
    expect(receiptReference(view, 1)).toBe('01290-2026-6T-1A2B3C4D-L1');
    expect(receiptReference(view, 3)).toBe('01290-2026-6T-1A2B3C4D-L3');
  });

  it('takes the last listed revision when none is given, and 1 when there is no list', () => {
    expect(receiptReference({ ...view, revisions: [{ number: 1 }, { number: 2 }] })).toBe('01290-2026-6T-1A2B3C4D-L2');
    expect(receiptReference(view)).toBe('01290-2026-6T-1A2B3C4D-L1');
  });

  it('reads the kind and year from the label, the deadline giving the year of a label without one', () => {
    expect(periodKindShort('Báo cáo 6 tháng đầu năm 2026')).toBe('6T');
    expect(periodKindShort('Báo cáo 6 tháng cuối năm 2026')).toBe('6TC');
    expect(periodKindShort('Báo cáo năm 2027')).toBe('NAM');
    expect(periodKindShort('Báo cáo quý III năm 2026')).toBe('Q3');
    expect(periodKindShort('Báo cáo tháng 5 năm 2026')).toBe('T5');
    expect(periodKindShort('Kế hoạch triển khai thực hiện của cơ quan, đơn vị')).toBe('KHTKTH');
    const oneOff = { ...view, periodLabel: 'Kế hoạch triển khai thực hiện của cơ quan, đơn vị', dueAt: '2026-04-10T23:59:00+07:00' };
    expect(receiptReference(oneOff, 1)).toBe('01290-2026-KHTKTH-1A2B3C4D-L1');
  });

  it('is plain ASCII whatever the agency code holds', () => {
    expect(receiptReference({ ...view, agencyCode: 'Đb-x01 ' }, 1)).toBe('DB-X01-2026-6T-1A2B3C4D-L1');
    expect(receiptReference(view, 1)).toMatch(/^[A-Z0-9-]+$/);
  });
});

describe('formatSentTime', () => {
  it('says the time in Asia/Ho_Chi_Minh, whatever the process zone', () => {
    expect(formatSentTime(new Date('2026-05-19T17:05:00Z'))).toBe('00:05 ngày 20/05/2026');
    expect(formatSentTime(new Date('2026-05-19T03:00:00Z'))).toBe('10:00 ngày 19/05/2026');
  });
});

describe('ReportReceipts', () => {
  const user = { id: 'u', role: 'reporter', agencyId: 'a' } as CurrentUser;
  const make = (revisions: { number: number; submittedAt: string }[]) => {
    const reports = {
      get: jest.fn(async () => ({ ...view, revisions: revisions.map((r) => ({ ...r, submittedBy: 'Cán bộ xã' })), history: [] })),
      revision: jest.fn(async (_id: string, n: number) => ({ ...view, version: 10 + n })),
    };
    const receipts = new ReportReceipts(
      reports as unknown as ReportsService,
      { planIdOf: async () => 'plan-1' } as unknown as PeriodsRepository,
      { planRefs: async () => [{ id: 'plan-1', code: 'CB', title: 'Kế hoạch thực hiện Quy hoạch tỉnh' }] } as unknown as PlansRepository,
      { forPlan: async () => ({ issuerName: 'Sở Xây dựng' }) } as unknown as PlanIdentityService,
      new FixedClock(new Date('2026-05-19T04:00:00Z')),
    );
    return { reports, receipts };
  };

  it('reads the last revision sent, through the report read (same access), and names the file by its reference', async () => {
    const { reports, receipts } = make([
      { number: 1, submittedAt: '2026-05-18T09:00:00+07:00' },
      { number: 2, submittedAt: '2026-05-19T10:00:00+07:00' },
    ]);
    const copy = await receipts.pdf(REPORT_ID, user);
    expect(reports.get).toHaveBeenCalledWith(REPORT_ID, user);
    expect(reports.revision).toHaveBeenCalledWith(REPORT_ID, 2, user);
    expect(copy.fileName).toBe('bao-cao-01290-2026-6T-1A2B3C4D-L2.pdf');
    expect(copy.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The Unicode font travels inside the file (no machine font needed to read it).
    expect(copy.bytes.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSerif/);
    await expect(receipts.receipt(REPORT_ID, user)).resolves.toEqual({
      reportId: REPORT_ID,
      revision: 2,
      reference: '01290-2026-6T-1A2B3C4D-L2',
      sentAt: '2026-05-19T10:00:00+07:00',
      sentAtText: '10:00 ngày 19/05/2026',
      pdfUrl: `/reports/${REPORT_ID}/report.pdf`,
    });
  });

  it('answers 404 REPORT_NOT_SENT for a report never sent', async () => {
    const { receipts } = make([]);
    await expect(receipts.pdf(REPORT_ID, user)).rejects.toMatchObject({ status: 404, code: 'REPORT_NOT_SENT' });
  });
});
