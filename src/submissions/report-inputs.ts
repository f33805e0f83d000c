import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AttachmentStore } from './attachment-store';
import { ReportsRepository } from './reports.repository';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A lower level's final consolidated report, to become an input of one agency's report of a period. */
export interface ChainInput {
  periodId: string;
  agencyId: string;
  consolidationId: string;
  fileName: string;
  docx: Buffer;
  /** "Căn cứ Báo cáo số 12/BC-SXD ngày 25/5/2026 của Sở Xây dựng tỉnh Cao Bằng". */
  basisLine: string;
  /** Who finalized the consolidated report: the attachment's uploader. */
  by: string;
  at: Date;
}

export type ChainInputResult =
  | { outcome: 'attached'; reportId: string; created: boolean }
  | { outcome: 'already'; reportId: string }
  | { outcome: 'closed'; reportId: string; state: string };

/**
 * Inputs a report receives from elsewhere (a report chain): only the receiving agency's own report
 * of the period is touched; a report already sent or accepted is left as it is.
 */
@Injectable()
export class ReportInputs {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly store: AttachmentStore,
  ) {}

  /** In the caller's transaction: the agency's report (a draft when it has none) carries the file and the "Căn cứ" line. */
  async attach(em: EntityManager, input: ChainInput): Promise<ChainInputResult> {
    const created = await this.reports.createDraft(input.periodId, input.agencyId, em);
    const report = (await this.reports.lockReport(input.periodId, input.agencyId, em))!;
    if (report.state === 'submitted' || report.state === 'accepted') return { outcome: 'closed', reportId: report.id, state: report.state };
    // The bytes are stored by content first: a rolled-back transaction leaves an unreferenced file, never a dangling row.
    const stored = await this.store.put(input.docx);
    const id = await this.reports.addChainInput(
      {
        reportId: report.id,
        name: input.fileName,
        size: stored.size,
        sha256: stored.sha256,
        mediaType: DOCX,
        storageKey: stored.key,
        uploadedBy: input.by,
        at: input.at,
        consolidationId: input.consolidationId,
        basisLine: input.basisLine,
      },
      em,
    );
    return id ? { outcome: 'attached', reportId: report.id, created } : { outcome: 'already', reportId: report.id };
  }
}
