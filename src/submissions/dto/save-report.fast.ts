import { isDecimalString } from '../../common/decimal';
import { parseIsoDate } from '../../common/time-zone';
import { DIFFICULTY_KINDS, RESOLVING_LEVELS, TASK_STATUSES } from '../report.constants';
import { IndicatorValueDto, OfficialLetterDto, SaveReportDto, SummaryDto, TaskEntryDto } from './report.dto';

/**
 * The save's body checked in one pass, without class-transformer and class-validator walking
 * ~360 decorated fields (2 ms of a save's CPU in the profile; BENCHMARKS.md). It accepts only
 * what the decorators on SaveReportDto accept and builds the same instances the ValidationPipe
 * would (NFC and trimmed texts included); on anything else it answers null and the pipe runs
 * class-validator as before, so every refusal keeps its field-level messages. It may refuse more
 * than the decorators (a long text counted in UTF-16 units): that costs a slow path, never a
 * different answer. save-report.fast.spec.ts holds it to that against class-validator.
 */

const TEXT_MAX = 20000;
const TASK_STATUS = new Set<string>(TASK_STATUSES);
const DIFFICULTY_KIND = new Set<string>(DIFFICULTY_KINDS);
const RESOLVING_LEVEL = new Set<string>(RESOLVING_LEVELS);

/** A field's check: the value to store, or FAIL. */
const FAIL = Symbol('fail');
type Check = (value: unknown) => unknown;

/** An object literal as JSON.parse makes it (its prototype is a realm's Object.prototype). */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto !== null && Object.getPrototypeOf(proto) === null;
}

/** @Allow(): anything, kept as sent (the service ignores these read-only fields). */
const allow: Check = (v) => v;

/** @IsOptional() before the rest: null and undefined pass as they are. */
const optional =
  (check: Check): Check =>
  (v) =>
    v === null || v === undefined ? v : check(v);

/** @IsString() @IsNotEmpty() @MaxLength(max), no normalisation (codes). */
const code =
  (max: number): Check =>
  (v) =>
    typeof v === 'string' && v !== '' && v.length <= max ? v : FAIL;

/** @NormalizeText() @IsString() @MaxLength(max): NFC and trimmed, then measured. */
const text =
  (max: number): Check =>
  (v) => {
    if (typeof v !== 'string') return FAIL;
    const clean = v.normalize('NFC').trim();
    return clean.length <= max ? clean : FAIL;
  };

const oneOf =
  (values: Set<string>): Check =>
  (v) =>
    typeof v === 'string' && values.has(v) ? v : FAIL;

const decimal: Check = (v) => (isDecimalString(v) ? v : FAIL);
const percent: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 100 ? v : FAIL);
const calendarDate: Check = (v) => (typeof v === 'string' && parseIsoDate(v) !== null ? v : FAIL);

type Shape = Record<string, Check>;

/** An instance of `type` from `value` when the `required` keys are there, every key is known and every field passes. */
function build<T extends object>(type: new () => T, shape: Shape, value: unknown, required?: string): T | typeof FAIL {
  if (!isPlainObject(value) || (required !== undefined && !Object.prototype.hasOwnProperty.call(value, required))) return FAIL;
  const out = new type() as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    const check = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
    if (!check) return FAIL;
    const v = check(value[key]);
    if (v === FAIL) return FAIL;
    out[key] = v;
  }
  return out as T;
}

const nested =
  <T extends object>(type: new () => T, shape: Shape, required?: string): Check =>
  (v) =>
    build(type, shape, v, required);

const list =
  (max: number, item: Check): Check =>
  (v) => {
    if (!Array.isArray(v) || v.length > max) return FAIL;
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i += 1) {
      const x = item(v[i]);
      if (x === FAIL) return FAIL;
      out[i] = x;
    }
    return out;
  };

const TASK: Shape = {
  taskCode: code(64),
  title: allow,
  role: allow,
  sectionCode: allow,
  sectionTitle: allow,
  status: optional(oneOf(TASK_STATUS)),
  percentComplete: optional(percent),
  capitalAllocated: optional(decimal),
  capitalAllocatedStateBudget: optional(decimal),
  capitalDisbursed: optional(decimal),
  capitalDisbursedStateBudget: optional(decimal),
  workDone: optional(text(TEXT_MAX)),
  difficulties: optional(text(TEXT_MAX)),
  difficultyKind: optional(oneOf(DIFFICULTY_KIND)),
  resolvingLevel: optional(oneOf(RESOLVING_LEVEL)),
  proposals: optional(text(TEXT_MAX)),
  nextSteps: optional(text(TEXT_MAX)),
};

const INDICATOR: Shape = {
  indicatorCode: code(48),
  name: allow,
  unit: allow,
  target: allow,
  aggregation: allow,
  question: allow,
  targetSpec: allow,
  value: optional(decimal),
};

const LETTER: Shape = { number: optional(text(64)), date: optional(calendarDate) };
const SUMMARY: Shape = {
  assessment: optional(text(TEXT_MAX)),
  difficulties: optional(text(TEXT_MAX)),
  proposals: optional(text(TEXT_MAX)),
};

const REPORT: Shape = {
  version: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : FAIL),
  ...Object.fromEntries(
    [
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
    ].map((k) => [k, allow]),
  ),
  officialLetter: optional(nested(OfficialLetterDto, LETTER)),
  tasks: optional(list(2000, nested(TaskEntryDto, TASK, 'taskCode'))),
  indicators: optional(list(500, nested(IndicatorValueDto, INDICATOR, 'indicatorCode'))),
  summary: optional(nested(SummaryDto, SUMMARY)),
};

/** The body as the ValidationPipe would hand it to the controller, or null: let class-validator judge. */
export function fastSaveReport(value: unknown): SaveReportDto | null {
  const out = build(SaveReportDto, REPORT, value, 'version');
  return out === FAIL ? null : out;
}
