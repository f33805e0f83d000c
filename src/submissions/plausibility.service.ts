import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import type { SaveReportDto } from './dto/report.dto';
import { checkEntry, EntryFigures, EntryNeed, PathFinding, placeFindings, PlausibilityCode, PlausibilityField } from './plausibility';
import { PlausibilityRepository, StoredFiguresRow, TaskNeedRow } from './plausibility.repository';
import type { ReportView } from './report-view';

export interface PlausibilityResult {
  errors: PathFinding[];
  warnings: PathFinding[];
}

/** One finding of a received report, for the coordinator before the consolidated document is produced. */
export interface PeriodFinding {
  severity: 'error' | 'warning';
  code: PlausibilityCode;
  field: PlausibilityField;
  message: string;
  reportId: string;
  agencyCode: string;
  agencyName: string;
  taskCode: string;
  taskTitle: string;
}

const stored = (r: StoredFiguresRow): EntryFigures => ({
  percentComplete: r.percent_complete,
  capitalAllocated: r.capital_allocated,
  capitalAllocatedStateBudget: r.capital_allocated_state_budget,
  capitalDisbursed: r.capital_disbursed,
  capitalDisbursedStateBudget: r.capital_disbursed_state_budget,
});

const needOf = (row: Pick<TaskNeedRow, 'task_need' | 'section_code' | 'section_need'> | undefined): EntryNeed => ({
  taskNeed: row?.task_need ?? null,
  sectionCode: row?.section_code ?? null,
  sectionNeed: row?.section_need ?? null,
});

const EMPTY: EntryFigures = {
  percentComplete: null,
  capitalAllocated: null,
  capitalAllocatedStateBudget: null,
  capitalDisbursed: null,
  capitalDisbursedStateBudget: null,
};

/** A posted value over the stored one: absent keeps it, blank clears it (as the save stores it). */
function posted<T>(value: T | null | undefined, was: T | null): T | null {
  if (value === undefined) return was;
  if (value === null || (typeof value === 'string' && value.trim() === '')) return null;
  return value;
}

/** The 400 a save or a submission gets for figures that cannot be right: each at its field, with its code. */
export function plausibilityRefusal(errors: PathFinding[]): AppError {
  return new AppError(
    HttpStatus.BAD_REQUEST,
    'IMPLAUSIBLE_FIGURES',
    errors.length === 1 ? errors[0].message : `Có ${errors.length} số liệu không hợp lý, vui lòng xem các thông báo bên dưới.`,
    errors,
  );
}

/** The plausibility rules (src/submissions/plausibility.ts) applied to a save, a report, a period. */
@Injectable()
export class PlausibilityService {
  constructor(private readonly repo: PlausibilityRepository) {}

  /**
   * The figures each posted entry will have once saved (posted over stored), checked; paths are
   * the request's ("tasks.0.capitalDisbursed"). A stale version is left for the save to refuse.
   */
  async checkSave(periodId: string, agencyId: string, body: SaveReportDto, em?: EntityManager): Promise<PlausibilityResult> {
    const tasks = body.tasks ?? [];
    if (!tasks.length) return { errors: [], warnings: [] };
    const report = await this.repo.storedReport(periodId, agencyId, em);
    if (report && report.version !== body.version) return { errors: [], warnings: [] };
    const entries = new Map((report?.entries ?? []).map((e) => [e.task_code, stored(e)]));
    const needs = new Map((await this.repo.taskNeeds(periodId, [...new Set(tasks.map((t) => t.taskCode))], em)).map((n) => [n.code, n]));
    const result: PlausibilityResult = { errors: [], warnings: [] };
    tasks.forEach((t, i) => {
      const need = needs.get(t.taskCode);
      // An unknown code is refused by the save itself, at its own path.
      if (!need) return;
      const was = entries.get(t.taskCode) ?? EMPTY;
      const figures: EntryFigures = {
        percentComplete: posted(t.percentComplete, was.percentComplete),
        capitalAllocated: posted(t.capitalAllocated, was.capitalAllocated),
        capitalAllocatedStateBudget: posted(t.capitalAllocatedStateBudget, was.capitalAllocatedStateBudget),
        capitalDisbursed: posted(t.capitalDisbursed, was.capitalDisbursed),
        capitalDisbursedStateBudget: posted(t.capitalDisbursedStateBudget, was.capitalDisbursedStateBudget),
      };
      const placed = placeFindings(checkEntry(figures, needOf(need)), `tasks.${i}.`);
      result.errors.push(...placed.errors);
      result.warnings.push(...placed.warnings);
    });
    return result;
  }

  /** A report as it stands; paths are the report's own ("tasks.3.capitalAllocated", in the form's order). */
  async checkView(view: ReportView, em?: EntityManager): Promise<PlausibilityResult> {
    if (!view.tasks.length) return { errors: [], warnings: [] };
    const needs = new Map(
      (
        await this.repo.taskNeeds(
          view.periodId,
          view.tasks.map((t) => t.taskCode),
          em,
        )
      ).map((n) => [n.code, n]),
    );
    const result: PlausibilityResult = { errors: [], warnings: [] };
    view.tasks.forEach((t, i) => {
      const placed = placeFindings(checkEntry(t, needOf(needs.get(t.taskCode))), `tasks.${i}.`);
      result.errors.push(...placed.errors);
      result.warnings.push(...placed.warnings);
    });
    return result;
  }

  /** Every breach and warning across the period's received reports, by agency then task. */
  async periodFindings(periodId: string, em?: EntityManager): Promise<PeriodFinding[]> {
    const rows = await this.repo.receivedEntries(periodId, em);
    return rows.flatMap((r) =>
      checkEntry(stored(r), needOf(r)).map((f) => ({
        severity: f.severity,
        code: f.code,
        field: f.field,
        message: f.message,
        reportId: r.report_id,
        agencyCode: r.agency_code,
        agencyName: r.agency_name,
        taskCode: r.task_code,
        taskTitle: r.title,
      })),
    );
  }
}
