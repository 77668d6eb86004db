// Email addresses as the sync keys users by them (SPEC §6): trimmed, lower-case, checked for syntax.
import isEmail from 'validator/lib/isEmail';

/** RFC 5321 limits a forward path to 256 octets including the angle brackets. */
export const MAX_EMAIL_LENGTH = 254;

/** The key a user is stored and matched under: emails match case-insensitively. */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Why `email` (normalized) is not a usable address, or null when it is. */
export function emailProblem(email: string): string | null {
  if (email === '') return 'the email address is missing';
  if (email.length > MAX_EMAIL_LENGTH)
    return `the email address is longer than ${MAX_EMAIL_LENGTH} characters`;
  if (!isEmail(email, { allow_utf8_local_part: true, require_tld: true, allow_ip_domain: false })) {
    return `"${email}" is not a valid email address`;
  }
  return null;
}
