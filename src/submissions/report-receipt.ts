import { Injectable } from '@nestjs/common';
import type { CurrentUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { toZonedIso } from '../common/time-zone';
import { foldVietnamese } from '../common/vietnamese';
import { PlanIdentityService } from '../plans/plan-identity.service';
import { PlansRepository } from '../plans/plans.repository';
import { PeriodsRepository } from '../reporting/periods.repository';
import { formatSentTime, renderReportPdf } from './report-pdf';
import type { ReportView } from './report-view';
import { ReportsService } from './reports.service';

/** What a receipt's reference is made of: fields every report view (and every stored revision) has. */
export type ReceiptSubject = Pick<ReportView, 'id' | 'agencyCode' | 'periodLabel' | 'dueAt'> & {
  /** The report's submissions, as `ReportsService.get` lists them: the last one is the revision sent. */
  revisions?: readonly { number: number }[];
};

/** The period's kind in a few letters, read from its label (the view carries the label, not the kind). */
export function periodKindShort(label: string): string {
  const words = foldVietnamese(label)
    .replace(/[^a-z0-9 ]/g, ' ')
    .replace(/\b(19|20)\d{2}\b/g, ' ')
    .replace(/^\s*bao cao\b/, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const quarter = /\bquy (iv|iii|ii|i|[1-4])\b/.exec(words);
  if (quarter) return `Q${{ i: 1, ii: 2, iii: 3, iv: 4 }[quarter[1]] ?? quarter[1]}`;
  const months = /\b(\d{1,2}) thang (dau|cuoi)?/.exec(words);
  if (months) return `${months[1]}T${months[2] === 'cuoi' ? 'C' : ''}`;
  const month = /\bthang (\d{1,2})\b/.exec(words);
  if (month) return `T${month[1]}`;
  if (words === 'nam' || words === 'hang nam' || words === 'tong ket nam') return 'NAM';
  const initials = words
    .split(' ')
    .filter(Boolean)
    .map((w) => (/^\d+$/.test(w) ? w : w[0]))
    .join('')
    .toUpperCase()
    .slice(0, 6);
  return initials || 'BC';
}

/** The year the report is about: the last year its label names, else the year of its deadline. */
function reportYear(view: ReceiptSubject): string {
  const years = view.periodLabel.match(/\b(19|20)\d{2}\b/g);
  return years ? years[years.length - 1] : view.dueAt.slice(0, 4);
}

/**
 * The reference ("số tiếp nhận") of a sent report, as its receipt and its PDF copy print it:
 * `<agency code>-<year>-<period kind>-<first 8 hex of the report id>-L<revision>`, e.g.
 * `01290-2026-6T-1A2B3C4D-L1`. It depends only on what the revision stored when sent and on the
 * revision's number, so it never changes for a given sending; a resend (after a return) is L2, L3, ….
 * The revision is `revision` when given, else the last of `view.revisions`, else 1.
 */
export function receiptReference(view: ReceiptSubject, revision?: number | null): string {
  const n = revision ?? view.revisions?.[view.revisions.length - 1]?.number ?? 1;
  const agency =
    foldVietnamese(view.agencyCode)
      .toUpperCase()
      .replace(/[^A-Z0-9-]/g, '') || 'DV';
  const id = view.id.replace(/-/g, '').slice(0, 8).toUpperCase();
  return `${agency}-${reportYear(view)}-${periodKindShort(view.periodLabel)}-${id}-L${n}`;
}

/** A report's receipt: what the agency is told once it has sent it. */
export interface ReportReceipt {
  reportId: string;
  /** The submission it is the receipt of (1 for the first sending, 2 after a return, …). */
  revision: number;
  reference: string;
  /** ISO 8601 in Asia/Ho_Chi_Minh. */
  sentAt: string;
  /** "10:00 ngày 19/05/2026". */
  sentAtText: string;
  /** The PDF copy for pages (cookie session); the API's is `/api/reports/:id/report.pdf`. */
  pdfUrl: string;
}

/**
 * The report as last sent (its stored revision), with its receipt and its PDF copy, for exactly
 * whoever may read the report: access is `ReportsService.get`'s (the coordinator and the leader of
 * the plan, the agency's own users; another agency's report is not found).
 */
@Injectable()
export class ReportReceipts {
  constructor(
    private readonly reports: ReportsService,
    private readonly periods: PeriodsRepository,
    private readonly plans: PlansRepository,
    private readonly identities: PlanIdentityService,
    private readonly clock: Clock,
  ) {}

  /** The last revision sent, as it was sent; 404 REPORT_NOT_SENT while the report has never been sent. */
  async lastSent(reportId: string, user: CurrentUser): Promise<{ view: ReportView; revision: number; sentAt: Date; reference: string }> {
    const report = await this.reports.get(reportId, user);
    const last = report.revisions[report.revisions.length - 1];
    if (!last) throw AppError.notFound('Báo cáo chưa được gửi nên chưa có bản sao đã gửi.', 'REPORT_NOT_SENT');
    const view = (await this.reports.revision(reportId, last.number, user)) as unknown as ReportView;
    return { view, revision: last.number, sentAt: new Date(last.submittedAt), reference: receiptReference(view, last.number) };
  }

  /** The receipt of the last sending: its reference, time and the link to its PDF copy. */
  async receipt(reportId: string, user: CurrentUser): Promise<ReportReceipt> {
    const sent = await this.lastSent(reportId, user);
    return {
      reportId,
      revision: sent.revision,
      reference: sent.reference,
      sentAt: toZonedIso(sent.sentAt),
      sentAtText: formatSentTime(sent.sentAt),
      pdfUrl: `/reports/${reportId}/report.pdf`,
    };
  }

  /** The PDF copy of the report as last sent, with an ASCII file name made of its reference. */
  async pdf(reportId: string, user: CurrentUser): Promise<{ bytes: Buffer; fileName: string }> {
    const sent = await this.lastSent(reportId, user);
    const planId = await this.periods.planIdOf(sent.view.periodId);
    const [identity, plan] = planId
      ? await Promise.all([this.identities.forPlan(planId), this.plans.planRefs().then((all) => all.find((p) => p.id === planId))])
      : [null, undefined];
    const bytes = await renderReportPdf(sent.view, {
      planName: plan?.title ?? '',
      senderName: sent.view.agencyName,
      receiverName: identity?.issuerName ?? 'cơ quan tổng hợp',
      sentAt: sent.sentAt,
      reference: sent.reference,
      generatedAt: this.clock.now(),
    });
    return { bytes, fileName: `bao-cao-${sent.reference}.pdf` };
  }
}
