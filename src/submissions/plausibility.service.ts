import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import type { SaveReportDto } from './dto/report.dto';
import {
  checkEntry,
  checkIndicatorValue,
  EntryFigures,
  IndicatorFigure,
  EntryNeed,
  PathFinding,
  placeFindings,
  PlausibilityCode,
  PlausibilityField,
} from './plausibility';
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

/** An indicator value's refusal at its path, if any; none for a code the report does not hold (the save refuses it apart). */
function indicatorFinding(v: IndicatorFigure | undefined, path: string): PathFinding[] {
  const found = v ? checkIndicatorValue(v) : null;
  return found ? [{ path, ...found }] : [];
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
   * The posted entries as the save left them (the saved view: posted over stored), checked; paths
   * are the request's ("tasks.0.capitalDisbursed"), whatever the report's own order.
   */
  async checkSaved(body: SaveReportDto, saved: ReportView, em?: EntityManager, taskNeeds?: TaskNeedRow[]): Promise<PlausibilityResult> {
    const values = new Map(saved.indicators.map((v) => [v.indicatorCode, v]));
    const indicatorErrors = (body.indicators ?? []).flatMap((v, i) =>
      indicatorFinding(values.get(v.indicatorCode), `indicators.${i}.value`),
    );
    const posted = body.tasks ?? [];
    if (!posted.length) return { errors: indicatorErrors, warnings: [] };
    const entries = new Map(saved.tasks.map((t) => [t.taskCode, t]));
    // The needs come with the save's answer (ReportsRepository.saveReport); asked here otherwise.
    const needs = new Map(
      (taskNeeds ?? (await this.repo.taskNeeds(saved.periodId, [...new Set(posted.map((t) => t.taskCode))], em))).map((n) => [n.code, n]),
    );
    const result: PlausibilityResult = { errors: indicatorErrors, warnings: [] };
    posted.forEach((t, i) => {
      const entry = entries.get(t.taskCode);
      if (!entry) return;
      const placed = placeFindings(checkEntry(entry, needOf(needs.get(t.taskCode))), `tasks.${i}.`);
      result.errors.push(...placed.errors);
      result.warnings.push(...placed.warnings);
    });
    return result;
  }

  /** A report as it stands; paths are the report's own ("tasks.3.capitalAllocated", in the form's order). */
  async checkView(view: ReportView, em?: EntityManager): Promise<PlausibilityResult> {
    const indicatorErrors = view.indicators.flatMap((v, i) => indicatorFinding(v, `indicators.${i}.value`));
    if (!view.tasks.length) return { errors: indicatorErrors, warnings: [] };
    const needs = new Map(
      (
        await this.repo.taskNeeds(
          view.periodId,
          view.tasks.map((t) => t.taskCode),
          em,
        )
      ).map((n) => [n.code, n]),
    );
    const result: PlausibilityResult = { errors: indicatorErrors, warnings: [] };
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
