import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { parseViDecimal } from '../common/decimal';
import { AppError, FieldError } from '../common/errors';
import { validationErrorsToAppError } from '../common/validation';
import { SaveReportDto } from '../submissions/dto/report.dto';

const MONEY = ['capitalAllocated', 'capitalAllocatedStateBudget', 'capitalDisbursed', 'capitalDisbursedStateBudget'] as const;
const TEXT = ['workDone', 'difficulties', 'proposals', 'nextSteps'] as const;
const CHOICE = ['status', 'difficultyKind', 'resolvingLevel'] as const;

type FormValue = string | string[] | FormObject | undefined;
interface FormObject {
  [key: string]: FormValue;
}

/** qs turns tasks[0][status] into an array, or into an object once indices pass its limit. */
function items(value: FormValue): FormObject[] {
  if (!value || typeof value === 'string') return [];
  return (Array.isArray(value) ? value : Object.values(value)).filter(
    (v): v is FormObject => typeof v === 'object' && v !== null && !Array.isArray(v),
  );
}

function text(value: FormValue): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/**
 * The report form as the save route takes it: Vietnamese amounts ("1.200,5") read into decimal
 * strings, empty fields into null; a field that cannot be read is named with its path.
 */
export async function formToSaveDto(posted: Record<string, unknown>): Promise<SaveReportDto> {
  // The urlencoded body parser (qs) answers strings, arrays and nested objects only.
  const body = posted as FormObject;
  const errors: FieldError[] = [];
  const decimal = (raw: FormValue, path: string, message: (typed: string) => string): string | null => {
    const t = text(raw);
    if (t === null) return null;
    const parsed = parseViDecimal(t);
    if (parsed === null) errors.push({ path, message: message(t) });
    return parsed;
  };
  const money = (raw: FormValue, path: string) => decimal(raw, path, (t) => `"${t}" không phải số tiền hợp lệ (tỷ đồng, ví dụ 1.200,5).`);
  const tasks = items(body.tasks).map((t, i) => {
    const out: Record<string, unknown> = { taskCode: typeof t.taskCode === 'string' ? t.taskCode : '' };
    // A field the form did not show (a cooperating task shows only its text) keeps what is stored.
    const shown = (f: string) => f in t;
    for (const f of CHOICE) if (shown(f)) out[f] = text(t[f]);
    for (const f of TEXT) if (shown(f)) out[f] = text(t[f]);
    for (const f of MONEY) if (shown(f)) out[f] = money(t[f], `tasks.${i}.${f}`);
    const percent = text(t.percentComplete);
    if (!shown('percentComplete')) return out;
    if (percent === null) out.percentComplete = null;
    else if (/^\d{1,3}$/.test(percent.trim())) out.percentComplete = Number(percent.trim());
    else errors.push({ path: `tasks.${i}.percentComplete`, message: 'Tỷ lệ hoàn thành là số nguyên từ 0 đến 100 (tối đa 100%).' });
    return out;
  });
  const indicators = items(body.indicators).map((v, i) => ({
    indicatorCode: typeof v.indicatorCode === 'string' ? v.indicatorCode : '',
    value: decimal(v.value, `indicators.${i}.value`, (t) => `"${t}" không phải số hợp lệ (ví dụ 1.500 hoặc 12,5).`),
  }));
  const letter: FormObject = typeof body.officialLetter === 'object' && !Array.isArray(body.officialLetter) ? body.officialLetter : {};
  const summary: FormObject = typeof body.summary === 'object' && !Array.isArray(body.summary) ? body.summary : {};
  const plain = {
    version: Number(body.version),
    officialLetter: { number: text(letter.number), date: text(letter.date) },
    tasks,
    indicators,
    summary: { assessment: text(summary.assessment), difficulties: text(summary.difficulties), proposals: text(summary.proposals) },
  };
  const dto = plainToInstance(SaveReportDto, plain);
  const invalid = await validate(dto, { whitelist: true, forbidNonWhitelisted: false });
  if (invalid.length) errors.push(...validationErrorsToAppError(invalid).errors);
  if (errors.length) throw AppError.validation(errors, 'Một số ô chưa đúng, vui lòng xem các thông báo bên dưới.');
  return dto;
}
