import { Transform } from 'class-transformer';
import { Allow, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

/**
 * The DTOs of the page forms (the report form has its own reader, report-form.ts). Each field says
 * in Vietnamese what the page shows when it is refused; what a form sends that its DTO does not
 * name (the CSRF token) is left out. Form values arrive as the body parser left them: a field
 * sent twice is an array, which the transforms read as a missing value, as the pages always did.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const says = (message: string) => ({ context: { message } });

/** Text typed in a form: NFC, Windows line ends made \n, trimmed; anything but a string is left out. */
const FormText = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.normalize('NFC').replace(/\r\n/g, '\n').trim() : undefined,
  );

/** A string field, trimmed (NFC when `nfc`); anything but a string reads as empty. */
const FormString = (nfc = false, maxLength?: number) =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return '';
    const text = nfc ? value.normalize('NFC').trim() : value;
    return maxLength === undefined ? text : text.slice(0, maxLength);
  });

/** A checkbox: checked ("on", or "true" from a script). */
const Checkbox = () => Transform(({ value }: { value: unknown }) => value === 'on' || value === 'true');

const HOLIDAY_DATE = 'Ngày không hợp lệ; chọn ngày theo lịch.';
const HOLIDAY_NAME = 'Tên ngày nghỉ cần có và không quá 255 ký tự.';

/** Administration → Ngày nghỉ: adds or changes a day. */
export class HolidayForm {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : ''))
  @Matches(ISO_DATE, says(HOLIDAY_DATE))
  date!: string;

  @FormString(true)
  @IsString(says(HOLIDAY_NAME))
  @IsNotEmpty(says(HOLIDAY_NAME))
  @MaxLength(255, says(HOLIDAY_NAME))
  name!: string;

  @Checkbox()
  @IsOptional()
  @IsBoolean()
  dayOff?: boolean;
}

/** Administration → Kế hoạch: a workbook to try (the default) or to apply (`mode=apply`); the file rides beside. */
export class PlanImportForm {
  @Allow()
  mode?: unknown;
}

const REMIND_AGENCY = 'Đơn vị cần nhắc không hợp lệ.';

/** "Nhắc nhở": one agency (its code), or every late one when none is named. */
export class RemindForm {
  @IsOptional()
  @IsString(says(REMIND_AGENCY))
  @IsNotEmpty(says(REMIND_AGENCY))
  agencyCode?: string;
}

/** The consolidation editor: build a new version, save the text, or record it as sent (finalize). */
export class ConsolidationForm {
  /** 'build', 'finalize'; anything else saves. */
  @Allow()
  action?: unknown;

  @FormText()
  @IsOptional()
  @IsString()
  consolidationId?: string;

  @Transform(({ value }: { value: unknown }) => {
    const n = Number(value);
    return Number.isInteger(n) ? n : undefined;
  })
  @IsOptional()
  @IsInt()
  editVersion?: number;

  @FormText()
  @IsOptional()
  @IsString()
  narrative_assessment?: string;

  @FormText()
  @IsOptional()
  @IsString()
  narrative_difficulties?: string;

  @FormText()
  @IsOptional()
  @IsString()
  narrative_keyTasks?: string;

  @FormText()
  @IsOptional()
  @IsString()
  narrative_proposals?: string;

  @FormText()
  @ValidateIf((form: ConsolidationForm) => form.action !== 'build' && Boolean(form.documentNumber))
  @MaxLength(64, says('Số văn bản dài quá 64 ký tự.'))
  documentNumber?: string;

  @FormText()
  @ValidateIf((form: ConsolidationForm) => form.action === 'finalize' && Boolean(form.sentDate))
  @Matches(ISO_DATE, says('Ngày gửi không hợp lệ.'))
  sentDate?: string;
}

/** The coordinator's decision on a sent report: return it (with a reason) or accept it. */
export class ReviewForm {
  @IsIn(['return', 'accept'], says('Thao tác không hợp lệ.'))
  action!: 'return' | 'accept';

  @FormString(true)
  @ValidateIf((form: ReviewForm) => form.action === 'return')
  @IsString(says('Cần ghi rõ lý do trả lại để đơn vị bổ sung.'))
  @IsNotEmpty(says('Cần ghi rõ lý do trả lại để đơn vị bổ sung.'))
  comment!: string;
}

const SIGN_IN_FIELDS = 'Vui lòng nhập tên đăng nhập và mật khẩu.';

/** The sign-in form; an over-long username or password is cut (64, 256 characters), as before. */
export class LoginForm {
  @FormString(false, 64)
  @IsString(says(SIGN_IN_FIELDS))
  @IsNotEmpty(says(SIGN_IN_FIELDS))
  username!: string;

  @FormString(false, 256)
  @IsString(says(SIGN_IN_FIELDS))
  @IsNotEmpty(says(SIGN_IN_FIELDS))
  password!: string;

  /** Where to go after signing in (only a same-site path is followed). */
  @Allow()
  next?: unknown;
}
