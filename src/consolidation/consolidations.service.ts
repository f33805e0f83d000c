import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { CurrentUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { formatViDecimal } from '../common/decimal';
import { AppError } from '../common/errors';
import { formatIsoDate, formatViDate, parseIsoDate, toZonedIso, zonedDate } from '../common/time-zone';
import { PeriodStateRepository } from '../reporting/period-state.repository';
import { DIFFICULTY_KIND_LABELS, RESOLVING_LEVEL_LABELS } from '../submissions/report.constants';
import { ConsolidationRepository, EditableRow, RevisionRef } from './consolidation.repository';
import { PeriodHighlights, Rollup, RollupService } from './rollup';
import type { PlanIdentity } from '../plans/plan-identity';
import { PlanIdentityService } from '../plans/plan-identity.service';
import { jurisdictionUnit, numberLine } from '../plans/plan-identity';
import { RegimesRepository } from '../reporting/regimes.repository';
import { OutboxService } from '../reminders/outbox.service';
import { ReportInputs } from '../submissions/report-inputs';
import { consolidationDocx, consolidationPdf } from './report-files';

export const NARRATIVE_FIELDS = ['assessment', 'difficulties', 'keyTasks', 'proposals'] as const;
export type NarrativeField = (typeof NARRATIVE_FIELDS)[number];
export type Narrative = Record<NarrativeField, string>;

export interface ConsolidationView {
  id: string;
  periodId: string;
  version: number;
  trigger: string;
  builtAt: string;
  builtBy: string | null;
  figures: Rollup;
  revisions: RevisionRef[];
  narrative: Narrative;
  documentNumber: string | null;
  editVersion: number;
  final: boolean;
  sentDate: string | null;
  finalizedAt: string | null;
  metDeadline: boolean | null;
  /** What changed since the previous version (empty for the first). */
  changes: { what: string; before: string; after: string }[];
  /** Who speaks for the plan: letterhead, number form, signer, recipient. */
  identity: PlanIdentity;
  /** The finalize's answer only: what the report chain did with the final report (absent: the kind feeds nothing). */
  chain?: ChainDelivery;
}

/**
 * A report chain at finalize: the next level's plan and period the final report fed, whose report
 * it became, and what happened ('attached'; 'already' on a retry; 'skipped' with the reason).
 */
export interface ChainDelivery {
  planCode: string;
  kindCode: string;
  periodLabel: string | null;
  agency: string | null;
  outcome: 'attached' | 'already' | 'skipped';
  fileName: string | null;
  basis: string | null;
  note: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Consolidated reports: build a snapshot, edit its narrative, mark it final (which locks the period). */
@Injectable()
export class ConsolidationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly consolidations: ConsolidationRepository,
    private readonly periods: PeriodStateRepository,
    private readonly identities: PlanIdentityService,
    private readonly rollups: RollupService,
    private readonly regimes: RegimesRepository,
    private readonly inputs: ReportInputs,
    private readonly outbox: OutboxService,
  ) {}

  private readonly logger = new Logger('Consolidations');

  /** Builds a new version from the reports as they stand; one REPEATABLE READ transaction so every figure agrees. */
  async build(
    periodId: string,
    user: CurrentUser | null,
    trigger: 'manual' | 'auto' = 'manual',
    outer?: EntityManager,
  ): Promise<ConsolidationView> {
    if (!UUID.test(periodId)) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    const run = async (em: EntityManager) => {
      const period = await this.periods.lockForConsolidation(periodId, em);
      if (!period) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
      if (period.locked_at) throw AppError.conflict(`"${period.label}" đã khóa: báo cáo tổng hợp đã gửi UBND tỉnh.`, 'PERIOD_LOCKED');
      if (period.form === 'document') {
        throw AppError.conflict(
          `"${period.label}" là báo cáo bằng văn bản: các cơ quan gửi văn bản đã ký, không lập báo cáo tổng hợp. Xem các văn bản đã nhận ở trang tình hình nhận báo cáo.`,
          'DOCUMENT_KIND_NOT_CONSOLIDATED',
        );
      }
      const figures = await this.rollups.compute(periodId, em);
      const revisions = await this.consolidations.sentRevisions(periodId, em);
      const previous = await this.consolidations.latestVersion(periodId, em);
      // The coordinator's edits carry over to the next version; a first version is pre-filled from the roll-up.
      const narrative = previous?.narrative ?? defaultNarrative(figures);
      const version = (previous?.version ?? 0) + 1;
      const builtAt = this.clock.now();
      const documentNumber = previous?.document_number ?? null;
      const id = await this.consolidations.insertVersion(
        { periodId, version, trigger, builtBy: user?.id ?? null, builtAt, figures, revisions, narrative, documentNumber },
        em,
      );
      await this.audit.record(em, {
        actor: user,
        action: 'consolidation.built',
        entity: 'consolidation',
        entityId: id,
        detail: { period: period.label, version, trigger },
      });
      // Answered from what was just written: the figures are not read back.
      const view: ConsolidationView = {
        id,
        periodId,
        version,
        trigger,
        builtAt: toZonedIso(builtAt),
        builtBy: user?.displayName ?? null,
        figures,
        revisions,
        narrative,
        documentNumber,
        editVersion: 1,
        final: false,
        sentDate: null,
        finalizedAt: null,
        metDeadline: null,
        changes: previous ? diffFigures(previous.figures, figures) : [],
        identity: await this.identityOf(period.plan_id),
      };
      return view;
    };
    if (outer) return run(outer);
    // A finalize that locked the period while this build waited for it makes the REPEATABLE READ
    // snapshot stale (40001): built again, the build sees the period locked and answers 409.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction('REPEATABLE READ', run);
      } catch (error) {
        if (attempt >= 3 || (error as { driverError?: { code?: string } }).driverError?.code !== '40001') throw error;
      }
    }
  }

  /**
   * The report as a PDF, to read beside the narrative editor: the DOCX's words as they stand now
   * (the narrative last saved), dated today when the report is not sent yet.
   */
  async previewPdf(id: string): Promise<{ bytes: Buffer; fileName: string }> {
    const c = await this.get(id);
    const now = this.clock.now();
    const bytes = await consolidationPdf(c, formatIsoDate(zonedDate(now)), now);
    return { bytes, fileName: `bao-cao-tong-hop-v${c.version}.pdf` };
  }

  async get(id: string, em?: EntityManager): Promise<ConsolidationView> {
    if (!UUID.test(id)) throw AppError.notFound('Không tìm thấy báo cáo tổng hợp.', 'CONSOLIDATION_NOT_FOUND');
    const row = await this.consolidations.withPrevious(id, em);
    if (!row) throw AppError.notFound('Không tìm thấy báo cáo tổng hợp.', 'CONSOLIDATION_NOT_FOUND');
    return {
      id: row.id,
      periodId: row.period_id,
      version: row.version,
      trigger: row.trigger,
      builtAt: toZonedIso(row.built_at),
      builtBy: row.built_by_name,
      figures: row.figures,
      revisions: row.revisions,
      narrative: row.narrative,
      documentNumber: row.document_number,
      editVersion: row.edit_version,
      final: row.finalized_at !== null,
      sentDate: row.sent_date_text,
      finalizedAt: row.finalized_at ? toZonedIso(row.finalized_at) : null,
      metDeadline: row.met_deadline,
      changes: row.previous ? diffFigures(row.previous, row.figures) : [],
      identity: await this.identityOf(row.plan_id),
    };
  }

  private async identityOf(planId: string): Promise<PlanIdentity> {
    const identity = await this.identities.forPlan(planId);
    if (!identity) throw AppError.notFound('Không tìm thấy kế hoạch của kỳ báo cáo.', 'PLAN_NOT_FOUND');
    return identity;
  }

  /** The versions of a period, newest first. */
  async list(periodId: string): Promise<{ id: string; version: number; builtAt: string; trigger: string; final: boolean }[]> {
    if (!UUID.test(periodId)) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    const rows = await this.consolidations.versions(periodId);
    return rows.map((r) => ({
      id: r.id,
      version: r.version,
      builtAt: toZonedIso(r.built_at),
      trigger: r.trigger,
      final: r.finalized_at !== null,
    }));
  }

  /**
   * A period's capital by section and its lead entries by status, live from the reports as they
   * stand (the same reads a new version would take; nothing written but this transaction's
   * temporary table): the leader's dashboard, whether or not a version was built.
   */
  async highlights(periodId: string): Promise<PeriodHighlights> {
    if (!UUID.test(periodId)) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    const figures = await this.dataSource.transaction('REPEATABLE READ', (em) => this.rollups.highlights(periodId, em));
    if (!figures) throw AppError.notFound('Không tìm thấy kỳ báo cáo.', 'PERIOD_NOT_FOUND');
    return figures;
  }

  /** The coordinator edits the narrative and the document number (optimistic locking by editVersion). */
  async update(
    id: string,
    user: CurrentUser,
    body: { editVersion?: number; narrative?: Partial<Narrative>; documentNumber?: string | null },
  ): Promise<ConsolidationView> {
    await this.dataSource.transaction(async (em) => {
      const row = await this.lockEditable(em, id);
      if (body.editVersion !== undefined && body.editVersion !== row.edit_version) {
        throw AppError.conflict('Báo cáo tổng hợp vừa được người khác sửa. Hãy tải lại trang rồi nhập lại phần thay đổi.', 'STALE_VERSION');
      }
      const narrative = {
        ...row.narrative,
        ...Object.fromEntries(Object.entries(body.narrative ?? {}).filter(([, v]) => v !== undefined)),
      };
      await this.consolidations.editNarrative(id, narrative, body.documentNumber, this.clock.now(), em);
      await this.audit.record(em, {
        actor: user,
        action: 'consolidation.edited',
        entity: 'consolidation',
        entityId: id,
        detail: { fields: Object.keys(body.narrative ?? {}), documentNumber: body.documentNumber },
      });
    });
    return this.get(id);
  }

  /**
   * "Đã gửi UBND tỉnh": the report is final with its document number and date, the period locks,
   * and whether it met the consolidation deadline (30/5, 25/12) is recorded.
   */
  async finalize(id: string, user: CurrentUser, body: { sentDate?: string; documentNumber?: string }): Promise<ConsolidationView> {
    const { chain, emailIds } = await this.dataSource.transaction(async (em) => {
      // The period first, as a build locks it: a build and a finalize of one period run one after the other.
      const periodId = UUID.test(id) ? await this.consolidations.periodOf(id, em) : undefined;
      if (!periodId) throw AppError.notFound('Không tìm thấy báo cáo tổng hợp.', 'CONSOLIDATION_NOT_FOUND');
      const period = (await this.periods.lockForConsolidation(periodId, em))!;
      const row = await this.lockEditable(em, id);
      if (period.locked_at) throw AppError.conflict(`"${period.label}" đã khóa: báo cáo tổng hợp đã gửi UBND tỉnh.`, 'PERIOD_LOCKED');
      const documentNumber = body.documentNumber ?? row.document_number;
      if (!documentNumber) {
        throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'CONSOLIDATION_INCOMPLETE', 'Cần nhập số văn bản trước khi gửi UBND tỉnh.', [
          { path: 'documentNumber', message: 'Cần nhập số văn bản (ví dụ 125/BC-SXD) trước khi gửi UBND tỉnh.' },
        ]);
      }
      if (await this.consolidations.hasNewerVersion(row.period_id, row.version, em)) {
        throw AppError.conflict('Đã có bản tổng hợp mới hơn; hãy hoàn thiện bản mới nhất.', 'NOT_LATEST');
      }
      const now = this.clock.now();
      const sentDate = body.sentDate ?? formatIsoDate(zonedDate(now));
      if (body.sentDate !== undefined) requireSentDateWithin(body.sentDate, row.built_at, now);
      const met = metDeadline(sentDate, period.consolidation_due_at);
      await this.consolidations.markFinal(id, { documentNumber, sentDate, at: now, by: user.id, metDeadline: met }, em);
      await this.periods.lock(row.period_id, now, em);
      await this.audit.record(em, {
        actor: user,
        action: 'consolidation.finalized',
        entity: 'consolidation',
        entityId: id,
        detail: {
          period: period.label,
          version: row.version,
          documentNumber,
          sentDate,
          stated: body.sentDate !== undefined,
          metDeadline: met,
        },
      });
      return this.feedNextLevel(
        em,
        id,
        { periodId: row.period_id, planId: period.plan_id, label: period.label },
        user,
        documentNumber,
        sentDate,
      );
    });
    await this.outbox.enqueue(emailIds);
    const view = await this.get(id);
    return chain ? { ...view, chain } : view;
  }

  /**
   * The report chain, in the finalize's transaction: when the period's kind feeds a kind of another
   * plan, the plan's recipient agency's report of that plan's period of the same year and slot
   * (a draft when it has none) gets the final report's DOCX attached and a "Căn cứ" line, and its
   * reporters an email. Only that report is touched; a report already sent or accepted, a period
   * the recipient does not owe or that does not exist is left alone, and the audit log says why.
   * Idempotent: the attachment is unique per consolidated report and report, the email per both.
   */
  private async feedNextLevel(
    em: EntityManager,
    consolidationId: string,
    period: { periodId: string; planId: string; label: string },
    user: CurrentUser,
    documentNumber: string,
    sentDate: string,
  ): Promise<{ chain: ChainDelivery | null; emailIds: string[] }> {
    const recipient = await this.regimes.planRecipient(period.planId, em);
    const fed = await this.regimes.fedPeriod(period.periodId, recipient?.id ?? null, em);
    if (!fed) return { chain: null, emailIds: [] };
    const identity = await this.identityOf(period.planId);
    const basis = basisLine(identity, documentNumber, sentDate);
    const view = await this.get(consolidationId, em);
    const fileName = `bao-cao-tong-hop-${fed.source_plan_code}-${slug(period.label)}.docx`;
    const chain: ChainDelivery = {
      planCode: fed.plan_code,
      kindCode: fed.kind_code,
      periodLabel: fed.label,
      agency: recipient?.name ?? null,
      outcome: 'skipped',
      fileName: null,
      basis: null,
      note: null,
    };
    let emailIds: string[] = [];
    if (!recipient) chain.note = 'Kế hoạch chưa có cơ quan nhận báo cáo; báo cáo tổng hợp không gửi tiếp được.';
    else if (!fed.period_id)
      chain.note = `Kế hoạch ${fed.plan_code} không có kỳ báo cáo "${fed.kind_code}" cùng năm, cùng kỳ với "${period.label}"; báo cáo tổng hợp không gửi tiếp.`;
    else if (!fed.owes)
      chain.note = `${recipient.name} không phải báo cáo "${fed.label}" của kế hoạch ${fed.plan_code}; báo cáo tổng hợp không gửi tiếp.`;
    else if (fed.locked)
      chain.note = `"${fed.label}" của kế hoạch ${fed.plan_code} đã khóa (báo cáo tổng hợp cấp trên đã gửi); báo cáo tổng hợp không gửi tiếp.`;
    else {
      const docx = await consolidationDocx(view, sentDate);
      const result = await this.inputs.attach(em, {
        periodId: fed.period_id,
        agencyId: recipient.id,
        consolidationId,
        fileName,
        docx,
        basisLine: basis,
        by: user.id,
        at: this.clock.now(),
      });
      if (result.outcome === 'closed') {
        chain.note =
          `Báo cáo "${fed.label}" của ${recipient.name} đã ${result.state === 'accepted' ? 'được tiếp nhận' : 'gửi'}; ` +
          'báo cáo tổng hợp không được đính kèm thêm. Hãy gửi văn bản cho cơ quan đó nếu cần.';
      } else {
        chain.outcome = result.outcome;
        chain.fileName = fileName;
        chain.basis = basis;
        if (result.outcome === 'attached')
          emailIds = await this.outbox.queueChainInput(
            {
              reportId: result.reportId,
              consolidationId,
              fromName: identity.senderName,
              fromPeriodLabel: period.label,
              basis,
              fileName,
              now: this.clock.now(),
            },
            em,
          );
      }
    }
    await this.audit.record(em, {
      actor: user,
      action: 'consolidation.chain',
      entity: 'consolidation',
      entityId: consolidationId,
      detail: {
        period: period.label,
        plan: fed.plan_code,
        kind: fed.kind_code,
        fedPeriod: fed.label,
        outcome: chain.outcome,
        note: chain.note,
      },
    });
    if (chain.note) this.logger.warn({ consolidation: consolidationId, plan: fed.plan_code, note: chain.note }, 'Report chain skipped');
    return { chain, emailIds };
  }

  private async lockEditable(em: EntityManager, id: string): Promise<EditableRow> {
    if (!UUID.test(id)) throw AppError.notFound('Không tìm thấy báo cáo tổng hợp.', 'CONSOLIDATION_NOT_FOUND');
    const row = await this.consolidations.lockForEdit(id, em);
    if (!row) throw AppError.notFound('Không tìm thấy báo cáo tổng hợp.', 'CONSOLIDATION_NOT_FOUND');
    if (row.finalized_at) throw AppError.conflict('Báo cáo tổng hợp đã gửi UBND tỉnh, không sửa được nữa.', 'CONSOLIDATION_FINAL');
    return row;
  }
}

/**
 * The line a fed report starts with: "Căn cứ Báo cáo số 12/BC-SXD ngày 25/5/2026 của Sở Xây dựng
 * tỉnh Cao Bằng" (the number as the plan's number form writes it, the body with its province).
 */
export function basisLine(identity: PlanIdentity, documentNumber: string, sentDate: string): string {
  const number = numberLine(identity, documentNumber).replace(/^Số:?\s*/u, '');
  const day = parseIsoDate(sentDate);
  const j = identity.jurisdiction;
  const body = j && !identity.issuerName.includes(j) ? `${identity.issuerName} ${jurisdictionUnit(j)} ${j}` : identity.issuerName;
  return `Căn cứ Báo cáo số ${number}${day ? ` ngày ${formatViDate(day)}` : ''} của ${body}`;
}

/** "Sở Xây dựng" → "so-xay-dung": a file name's part, ASCII only. */
function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A sent date the coordinator states lies within [the version's build day, today] (local days):
 * the deadline record cannot be backdated before the report existed, nor dated ahead.
 */
export function requireSentDateWithin(sentDate: string, builtAt: Date, now: Date): void {
  const built = formatIsoDate(zonedDate(builtAt));
  const today = formatIsoDate(zonedDate(now));
  if (sentDate >= built && sentDate <= today) return;
  throw AppError.validation([
    {
      path: 'sentDate',
      message: `Ngày gửi phải từ ngày lập bản tổng hợp (${formatViDate(zonedDate(builtAt))}) đến hôm nay (${formatViDate(zonedDate(now))}).`,
    },
  ]);
}

/**
 * Whether a report sent on `sentDate` met the consolidation deadline: sent on a day before the
 * deadline's day ("before 30/5" = by 29/5), by Asia/Ho_Chi_Minh calendar days; null without one.
 */
export function metDeadline(sentDate: string, consolidationDueAt: Date | null): boolean | null {
  return consolidationDueAt ? sentDate < formatIsoDate(zonedDate(consolidationDueAt)) : null;
}

const vnd = (s: string) => `${formatViDecimal(s)} tỷ đồng`;
/** "0", "0.000", empty: no money at all. */
const isZeroDecimal = (v: string | null | undefined) => !v || /^0*(\.0*)?$/.test(v);

/** The narrative a first version starts from, written from the roll-up; the coordinator edits it. */
export function defaultNarrative(f: Rollup): Narrative {
  const c = f.completeness;
  const missing = c.agencies.filter((a) => a.state === 'missing').map((a) => a.name);
  const cap = f.capital;
  const assessment = [
    `Đến thời điểm tổng hợp, ${c.submitted}/${c.expected} cơ quan, đơn vị đã gửi báo cáo (${c.onTime} đúng hạn, ${c.late} muộn)` +
      (missing.length ? `; ${missing.length} đơn vị chưa gửi báo cáo.` : '.'),
    // A plan that states no capital (a party resolution, a programme of work) says nothing about money.
    ...(isZeroDecimal(cap.need.total) && isZeroDecimal(cap.allocated.total) && isZeroDecimal(cap.disbursedCumulative.total)
      ? []
      : [
          `Trong kỳ, tổng vốn đã bố trí cho các nhiệm vụ được báo cáo là ${vnd(cap.allocated.total)}, đã giải ngân ${vnd(cap.disbursed.total)}` +
            (cap.disbursementRate ? ` (đạt ${cap.disbursementRate.replace('.', ',')}%)` : '') +
            `; lũy kế giải ngân ${vnd(cap.disbursedCumulative.total)}` +
            (isZeroDecimal(cap.need.total)
              ? ' (Kế hoạch không nêu nhu cầu vốn).'
              : ` trên tổng nhu cầu vốn ${vnd(cap.need.total)} của Kế hoạch.`),
        ]),
    f.behind.length ? `Có ${f.behind.length} nhiệm vụ chậm tiến độ.` : 'Chưa ghi nhận nhiệm vụ chậm tiến độ.',
  ].join('\n');
  const difficulties = f.difficulties.length
    ? f.difficulties
        .map(
          (g) =>
            `- ${DIFFICULTY_KIND_LABELS[g.kind as keyof typeof DIFFICULTY_KIND_LABELS] ?? g.kind}` +
            (g.level
              ? ` (thẩm quyền giải quyết: ${RESOLVING_LEVEL_LABELS[g.level as keyof typeof RESOLVING_LEVEL_LABELS] ?? g.level})`
              : '') +
            `: ${g.count} ý kiến của ${g.agencies.length} đơn vị.`,
        )
        .join('\n')
    : 'Các cơ quan, đơn vị chưa phản ánh khó khăn, vướng mắc.';
  const keyTasks = f.nextSteps.length
    ? f.nextSteps
        .slice(0, 30)
        .map((n) => `- ${n.agencyName} (${n.taskCode}): ${n.text}`)
        .join('\n')
    : 'Tiếp tục triển khai các nhiệm vụ theo Kế hoạch.';
  const proposals = f.proposals.length
    ? f.proposals
        .slice(0, 30)
        .map((p) => `- ${p.agencyName}${p.taskCode ? ` (${p.taskCode})` : ''}: ${p.text}`)
        .join('\n')
    : 'Không có kiến nghị.';
  return { assessment, difficulties, keyTasks, proposals };
}

/** What changed between two versions' figures, as a coordinator reads it. */
export function diffFigures(before: Rollup, after: Rollup): { what: string; before: string; after: string }[] {
  const out: { what: string; before: string; after: string }[] = [];
  const cmp = (what: string, a: string | number | null | undefined, b: string | number | null | undefined) => {
    const x = a === null || a === undefined ? '—' : String(a);
    const y = b === null || b === undefined ? '—' : String(b);
    if (x !== y) out.push({ what, before: x, after: y });
  };
  const labels: [Exclude<keyof Rollup['completeness'], 'agencies'>, string][] = [
    ['submitted', 'Số đơn vị đã gửi'],
    ['onTime', 'Gửi đúng hạn'],
    ['late', 'Gửi muộn'],
    ['missing', 'Chưa gửi'],
    ['returned', 'Bị trả lại'],
    ['accepted', 'Đã tiếp nhận'],
  ];
  for (const [k, label] of labels) cmp(label, before.completeness[k], after.completeness[k]);
  const states = new Map(before.completeness.agencies.map((a) => [a.code, a.state]));
  for (const a of after.completeness.agencies)
    if (states.get(a.code) !== a.state) cmp(`Tình trạng báo cáo – ${a.name}`, states.get(a.code), a.state);
  cmp('Vốn bố trí trong kỳ (tỷ đồng)', before.capital.allocated.total, after.capital.allocated.total);
  cmp('Vốn giải ngân trong kỳ (tỷ đồng)', before.capital.disbursed.total, after.capital.disbursed.total);
  const tasks = new Map(before.sections.flatMap((s) => s.tasks).map((t) => [t.code, t]));
  for (const t of after.sections.flatMap((s) => s.tasks)) {
    const p = tasks.get(t.code);
    cmp(`Nhiệm vụ ${t.code} – số đơn vị đã báo cáo`, p?.reported, t.reported);
    cmp(`Nhiệm vụ ${t.code} – tỷ lệ hoàn thành bình quân (%)`, p?.averagePercent, t.averagePercent);
  }
  const indicators = new Map(before.indicators.map((i) => [i.code, i.value]));
  for (const i of after.indicators) cmp(`Chỉ tiêu ${i.code} (${i.unit})`, indicators.get(i.code), i.value);
  return out;
}
