import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';

/** The password policy of every way a password is set: at least 8 characters, letters and digits. */
export const PASSWORD_RULE = /^(?=.*[A-Za-z])(?=.*\d).{8,128}$/;
export const PASSWORD_POLICY = 'Mật khẩu cần ít nhất 8 ký tự, gồm cả chữ và số.';

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
