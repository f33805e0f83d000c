import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { registerDecorator, ValidationArguments } from 'class-validator';
import { COMMON_PASSWORDS } from './common-passwords';

/**
 * The password policy of every way a user or an administrator sets a password (OWASP ASVS 4.0
 * §2.1): at least 12 characters (runs of spaces counted as one), at most 128, any characters
 * (no composition rules), not a commonly breached password (COMMON_PASSWORDS) nor a run of a few
 * characters; a change of one's own password also refuses the current one. The seeded demo
 * accounts (`Demo@2026`) are written by the seed, not through this policy.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_POLICY = `Mật khẩu cần ít nhất ${PASSWORD_MIN_LENGTH} ký tự; nên dùng một cụm từ dễ nhớ, khó đoán.`;
export const PASSWORD_TOO_LONG = `Mật khẩu dài tối đa ${PASSWORD_MAX_LENGTH} ký tự.`;
export const PASSWORD_COMMON = 'Mật khẩu này quá phổ biến hoặc quá đơn giản nên dễ bị đoán; hãy chọn mật khẩu khác.';
export const PASSWORD_REUSED = 'Mật khẩu mới phải khác mật khẩu hiện tại.';

const COMMON = new Set(COMMON_PASSWORDS);

/** The password in the form the common list is compared with: lower case, no spaces, no trailing digits or punctuation. */
function stem(password: string): string {
  return password
    .normalize('NFC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[\d\p{P}\p{S}]+$/u, '');
}

/** What is wrong with a new password (a Vietnamese sentence), or null when the policy accepts it. */
export function passwordProblem(password: string): string | null {
  const length = [...password.replace(/ {2,}/g, ' ')].length;
  if (length < PASSWORD_MIN_LENGTH) return PASSWORD_POLICY;
  if ([...password].length > PASSWORD_MAX_LENGTH) return PASSWORD_TOO_LONG;
  const lower = password.normalize('NFC').toLowerCase().replace(/\s+/g, '');
  if (new Set(lower).size < 5 || COMMON.has(lower) || COMMON.has(stem(password)) || stem(password).length < 4) return PASSWORD_COMMON;
  return null;
}

/** class-validator: the field is a string the password policy accepts; the message says what is wrong. */
export function IsAcceptablePassword(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'acceptablePassword',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => typeof value === 'string' && passwordProblem(value) === null,
        defaultMessage: (args?: ValidationArguments) =>
          typeof args?.value === 'string' ? (passwordProblem(args.value) ?? PASSWORD_POLICY) : PASSWORD_POLICY,
      },
    });
}

let unusable: Promise<string> | undefined;

/**
 * The password hash of an account whose user has not chosen a password yet (created with a
 * welcome link, or reset): the hash of a random secret nobody keeps, so no password matches it,
 * and checking one costs what checking a real one costs. One per process.
 */
export function unusablePasswordHash(): Promise<string> {
  unusable ??= hash(randomBytes(32).toString('hex'));
  return unusable;
}
