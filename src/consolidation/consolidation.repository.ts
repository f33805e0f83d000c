import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';
import type { Narrative } from './consolidations.service';
import type { Rollup } from './rollup';

/** A report revision a consolidated report was built from. */
export interface RevisionRef {
  reportId: string;
  agencyCode: string;
  revision: number;
}

/** The newest version of a period: what the next version carries over and compares against. */
export interface LatestVersionRow {
  version: number;
  narrative: Narrative;
  figures: Rollup;
  document_number: string | null;
}

export interface NewVersion {
  periodId: string;
  version: number;
  trigger: 'manual' | 'auto';
  builtBy: string | null;
  builtAt: Date;
  figures: Rollup;
  revisions: RevisionRef[];
  narrative: Narrative;
  documentNumber: string | null;
}

/** A consolidated report with its builder's name and the previous version's figures. */
export interface ConsolidationRow {
  id: string;
  period_id: string;
  plan_id: string;
  version: number;
  trigger: string;
  built_at: Date;
  built_by_name: string | null;
  figures: Rollup;
  revisions: RevisionRef[];
  narrative: Narrative;
  document_number: string | null;
  edit_version: number;
  sent_date_text: string | null;
  finalized_at: Date | null;
  met_deadline: boolean | null;
  /** The figures of version - 1, or null for a first version. */
  previous: Rollup | null;
}

export interface VersionRow {
  id: string;
  version: number;
  built_at: Date;
  trigger: string;
  finalized_at: Date | null;
}

/** A consolidated report as its editor locks it. */
export interface EditableRow {
  period_id: string;
  version: number;
  narrative: Narrative;
  document_number: string | null;
  edit_version: number;
  finalized_at: Date | null;
  /** When the version was built: a stated sent date may not lie before its day. */
  built_at: Date;
}

/** `consolidations`: the versioned snapshots of a period's consolidated report. */
@Injectable()
export class ConsolidationRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** The latest revision of every report of the period that stands sent (submitted or accepted), by agency code. */
  sentRevisions(periodId: string, em?: EntityManager): Promise<RevisionRef[]> {
    return this.rows<RevisionRef>(
      `SELECT r.id AS "reportId", a.code AS "agencyCode", max(v.number)::int AS revision
       FROM agency_reports r JOIN agencies a ON a.id = r.agency_id JOIN report_revisions v ON v.report_id = r.id
       WHERE r.period_id = $1 AND r.state IN ('submitted', 'accepted') GROUP BY r.id, a.code ORDER BY a.code`,
      [periodId],
      em,
    );
  }

  /** The plan a consolidated report's period belongs to; undefined for no such report (plan scoping). */
  async planIdOf(consolidationId: string, em?: EntityManager): Promise<string | undefined> {
    const row = await this.first<{ plan_id: string }>(
      'SELECT p.plan_id FROM consolidations c JOIN reporting_periods p ON p.id = c.period_id WHERE c.id = $1',
      [consolidationId],
      em,
    );
    return row?.plan_id;
  }

  latestVersion(periodId: string, em?: EntityManager): Promise<LatestVersionRow | undefined> {
    return this.first<LatestVersionRow>(
      `SELECT version, narrative, figures, document_number FROM consolidations WHERE period_id = $1 ORDER BY version DESC LIMIT 1`,
      [periodId],
      em,
    );
  }

  /** Inserts a version; answers its id. */
  async insertVersion(v: NewVersion, em?: EntityManager): Promise<string> {
    const [{ id }] = await this.rows<{ id: string }>(
      `INSERT INTO consolidations (period_id, version, trigger, built_by, built_at, figures, revisions, narrative, document_number)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        v.periodId,
        v.version,
        v.trigger,
        v.builtBy,
        v.builtAt,
        JSON.stringify(v.figures),
        JSON.stringify(v.revisions),
        JSON.stringify(v.narrative),
        v.documentNumber,
      ],
      em,
    );
    return id;
  }

  withPrevious(id: string, em?: EntityManager): Promise<ConsolidationRow | undefined> {
    return this.first<ConsolidationRow>(
      `SELECT c.id, c.period_id, c.version, c.trigger, c.built_at, c.figures, c.revisions, c.narrative, c.document_number, c.edit_version,
              c.finalized_at, c.met_deadline, to_char(c.sent_date, 'YYYY-MM-DD') AS sent_date_text, u.display_name AS built_by_name,
              (SELECT p.figures FROM consolidations p WHERE p.period_id = c.period_id AND p.version = c.version - 1) AS previous,
              (SELECT rp.plan_id FROM reporting_periods rp WHERE rp.id = c.period_id) AS plan_id
       FROM consolidations c LEFT JOIN users u ON u.id = c.built_by WHERE c.id = $1`,
      [id],
      em,
    );
  }

  /** The versions of a period, newest first. */
  versions(periodId: string, em?: EntityManager): Promise<VersionRow[]> {
    return this.rows<VersionRow>(
      `SELECT id, version, built_at, trigger, finalized_at FROM consolidations WHERE period_id = $1 ORDER BY version DESC`,
      [periodId],
      em,
    );
  }

  /** The period a version belongs to (unlocked: the finalize locks the period first, then the version). */
  async periodOf(id: string, em?: EntityManager): Promise<string | undefined> {
    return (await this.first<{ period_id: string }>('SELECT period_id FROM consolidations WHERE id = $1', [id], em))?.period_id;
  }

  /** The version, locked (FOR UPDATE) for an edit or for finalising. */
  lockForEdit(id: string, em?: EntityManager): Promise<EditableRow | undefined> {
    return this.first<EditableRow>(
      'SELECT period_id, version, narrative, document_number, edit_version, finalized_at, built_at FROM consolidations WHERE id = $1 FOR UPDATE',
      [id],
      em,
    );
  }

  /** Writes the narrative and, unless `documentNumber` is undefined, the document number; bumps the edit version. */
  async editNarrative(
    id: string,
    narrative: Narrative,
    documentNumber: string | null | undefined,
    at: Date,
    em?: EntityManager,
  ): Promise<void> {
    await this.change(
      `UPDATE consolidations SET narrative = $2, document_number = CASE WHEN $3 THEN $4 ELSE document_number END, edit_version = edit_version + 1, updated_at = $5 WHERE id = $1`,
      [id, JSON.stringify(narrative), documentNumber !== undefined, documentNumber ?? null, at],
      em,
    );
  }

  /** Whether the period has a version newer than `version`. */
  async hasNewerVersion(periodId: string, version: number, em?: EntityManager): Promise<boolean> {
    const row = await this.first('SELECT 1 FROM consolidations WHERE period_id = $1 AND version > $2', [periodId, version], em);
    return row !== undefined;
  }

  /** "Đã gửi UBND tỉnh": the version is final with its number, sent date and whether it met the deadline. */
  async markFinal(
    id: string,
    f: { documentNumber: string; sentDate: string; at: Date; by: string; metDeadline: boolean | null },
    em?: EntityManager,
  ): Promise<void> {
    await this.change(
      `UPDATE consolidations SET document_number = $2, sent_date = $3, finalized_at = $4, finalized_by = $5, met_deadline = $6, edit_version = edit_version + 1, updated_at = $4 WHERE id = $1`,
      [id, f.documentNumber, f.sentDate, f.at, f.by, f.metDeadline],
      em,
    );
  }
}
