import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, Matches, MaxLength, registerDecorator, ValidationArguments } from 'class-validator';
import { IsAcceptablePassword } from '../auth/passwords';
import { ROLES } from '../auth/user.entity';

/**
 * The page forms about accounts: the administrator's "add a user" form and the form behind a
 * one-time sign-in link where a user chooses a password. Each refusal says in Vietnamese what to
 * fix, next to the field (see PageFormPipe).
 */

const says = (message: string) => ({ context: { message } });

/** A text field, NFC and trimmed (lower case when `lower`); anything but a string reads as empty. */
const FormText = (options: { lower?: boolean; maxLength?: number } = {}) =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return '';
    const text = value
      .normalize('NFC')
      .trim()
      .slice(0, options.maxLength ?? 1000);
    return options.lower ? text.toLowerCase() : text;
  });

/** A password as typed (never trimmed), at most 256 characters; anything but a string reads as empty. */
const FormPassword = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.slice(0, 256) : ''));

/** The field equals the form's `other` field; `message` is what the page says when it does not. */
function SameAs(other: string, message: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'sameAs',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [other],
      options: { message },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          value === (args.object as Record<string, unknown>)[args.constraints[0] as string],
      },
    });
}

export const USERNAME_RULE = 'Tên đăng nhập gồm 2–64 chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.';
const DISPLAY_NAME = 'Cần ghi họ và tên (tối đa 255 ký tự).';
const EMAIL_REQUIRED = 'Cần email để gửi đường dẫn đặt mật khẩu cho người dùng.';
const EMAIL_INVALID = 'Địa chỉ email không hợp lệ.';
const ROLE = 'Hãy chọn vai trò của người dùng.';
const AGENCY = 'Hãy chọn cơ quan, đơn vị của người dùng.';

/** Administration → Người dùng → Sửa: an account's name, email, role and agency (its username stays). */
export class UserEditForm {
  @FormText({ maxLength: 300 })
  @IsNotEmpty(says(DISPLAY_NAME))
  @MaxLength(255, says(DISPLAY_NAME))
  displayName!: string;

  @FormText({ lower: true, maxLength: 300 })
  @MaxLength(255, says(EMAIL_INVALID))
  @IsEmail({}, says(EMAIL_INVALID))
  @IsNotEmpty(says(EMAIL_REQUIRED))
  email!: string;

  @FormText()
  @IsIn(ROLES, says(ROLE))
  role!: string;

  @FormText({ maxLength: 100 })
  @IsNotEmpty(says(AGENCY))
  @MaxLength(32, says(AGENCY))
  agencyCode!: string;
}

/** Administration → Người dùng: a new account (the edit form's fields and its username); its user chooses a password through the welcome link. */
export class UserCreateForm extends UserEditForm {
  @FormText({ lower: true, maxLength: 100 })
  @Matches(/^[a-z0-9._-]{2,64}$/, says(USERNAME_RULE))
  username!: string;
}

const CONFIRM = 'Mật khẩu nhập lại không khớp.';

/** The page behind a sign-in link: the password the user chooses, typed twice. */
export class SetPasswordForm {
  @FormPassword()
  @IsAcceptablePassword()
  password!: string;

  @FormPassword()
  @SameAs('password', CONFIRM)
  confirm!: string;
}

const CURRENT_PASSWORD = 'Hãy nhập mật khẩu hiện tại.';

/** Đổi mật khẩu: the current password, and the new one typed twice (the policy of every password). */
export class ChangePasswordForm {
  @FormPassword()
  @IsNotEmpty(says(CURRENT_PASSWORD))
  currentPassword!: string;

  @FormPassword()
  @IsAcceptablePassword()
  newPassword!: string;

  @FormPassword()
  @SameAs('newPassword', CONFIRM)
  confirm!: string;
}

const IDENTIFIER = 'Hãy nhập tên đăng nhập hoặc email của tài khoản.';
const IDENTIFIER_TOO_LONG = 'Tên đăng nhập hoặc email dài tối đa 255 ký tự.';

/** Quên mật khẩu: the account's username or email. */
export class ForgotPasswordForm {
  @FormText({ maxLength: 300 })
  @MaxLength(255, says(IDENTIFIER_TOO_LONG))
  @IsNotEmpty(says(IDENTIFIER))
  identifier!: string;
}
