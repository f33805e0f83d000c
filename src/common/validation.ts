import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { bodyTooDeep, nestedDeeperThan } from './body-depth';
import { AppError, FieldError } from './errors';

/** Vietnamese wording for class-validator constraints; the field path says where. */
const MESSAGES: Record<string, string> = {
  isString: 'phải là chuỗi ký tự',
  isNotEmpty: 'không được để trống',
  isDefined: 'là bắt buộc',
  isInt: 'phải là số nguyên',
  isBoolean: 'phải là đúng/sai (true/false)',
  isEmail: 'phải là địa chỉ email hợp lệ',
  isIn: 'có giá trị không được chấp nhận',
  isEnum: 'có giá trị không được chấp nhận',
  isArray: 'phải là một danh sách',
  arrayMinSize: 'cần ít nhất một phần tử',
  arrayMaxSize: 'có quá nhiều phần tử',
  arrayUnique: 'có phần tử trùng lặp',
  min: 'nhỏ hơn giá trị cho phép',
  max: 'lớn hơn giá trị cho phép',
  maxLength: 'quá dài',
  minLength: 'quá ngắn',
  matches: 'không đúng định dạng',
  isObject: 'phải là một đối tượng',
  nestedValidation: 'không hợp lệ',
  whitelistValidation: 'không được phép (trường không xác định)',
  isDecimalAmount: 'phải là số thập phân không âm, dấu chấm thập phân, tối đa 3 chữ số lẻ (ví dụ "1200.5")',
  isCalendarDate: 'phải là ngày có thật theo dạng YYYY-MM-DD',
};

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [constraint, fallback] of Object.entries(error.constraints ?? {})) {
      // class-validator types a constraint's context as `any`; ours carry `{ message }`.
      const context = error.contexts?.[constraint] as { message?: string } | undefined;
      const custom = context?.message;
      const message = custom ?? (MESSAGES[constraint] ? `Trường "${path}" ${MESSAGES[constraint]}.` : fallback);
      out.push({ path, message });
    }
    if (error.children?.length) out.push(...flatten(error.children, path));
  }
  return out;
}

export function validationErrorsToAppError(errors: ValidationError[]): AppError {
  return AppError.validation(flatten(errors));
}

/**
 * The API's ValidationPipe, refusing a value nested deeper than MAX_BODY_DEPTH first (400
 * BODY_TOO_DEEP): class-transformer and class-validator walk a value recursively, and a deep one
 * would overflow the stack. Multipart fields reach here without the body middleware's check.
 */
class DepthCheckedValidationPipe extends ValidationPipe {
  constructor(
    options: ConstructorParameters<typeof ValidationPipe>[0],
    private readonly fastChecks: boolean,
  ) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (nestedDeeperThan(value)) throw bodyTooDeep();
    const fast = this.fastChecks && metadata.type === 'body' && metadata.metatype ? FAST_CHECKS.get(metadata.metatype) : undefined;
    const checked = fast?.(value);
    if (checked) return checked;
    return super.transform(value, metadata);
  }
}

/**
 * A DTO's one-pass check (for a hot route): the instance the pipe would build, or null to let
 * class-validator judge and word the refusal. It must accept nothing the decorators refuse.
 */
export type FastCheck = (value: unknown) => object | null;

const FAST_CHECKS = new Map<unknown, FastCheck>();

export function registerFastCheck(type: abstract new () => object, check: FastCheck): void {
  FAST_CHECKS.set(type, check);
}

/** `fastChecks: false` runs class-validator on every DTO (the fast checks' spec compares the two). */
export function createValidationPipe({ fastChecks = true }: { fastChecks?: boolean } = {}): ValidationPipe {
  return new DepthCheckedValidationPipe(
    {
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: validationErrorsToAppError,
    },
    fastChecks,
  );
}
