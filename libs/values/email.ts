// Email addresses as the sync keys users by them (SPEC §6): trimmed, lower-case, checked for syntax.
import isEmail from 'validator/lib/isEmail';

/** RFC 5321 limits a forward path to 256 octets including the angle brackets. */
export const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_BYTES = 64;

/** What an address must look like, checked by validator's isEmail. */
export const EMAIL_SYNTAX: Parameters<typeof isEmail>[1] = {
  allow_utf8_local_part: true,
  require_tld: true,
  allow_ip_domain: false,
  ignore_max_length: true,
};

/**
 * The plain shape that nearly every address in a file has: ASCII letters, digits and `_+-` in dot-separated
 * parts, a domain of ASCII labels and a TLD of letters. isEmail accepts every such address (a unit test holds
 * the two together), so these skip it: isEmail was the largest part of a delete batch's evaluation.
 */
const PLAIN_EMAIL = /^[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;

/** Characters no one can see or type on purpose in an address: controls, format characters (the zero-width
 *  space, the byte order mark, bidi marks), spaces other than the plain one (validator judges that), and other default-ignorable code points. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}/u;

/** The key a user is stored and matched under: emails match case-insensitively, and `josé` typed on a Mac
 *  (NFD: e + combining accent) is the same address as on Windows (NFC). */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase().normalize('NFC');
}

/** Why `email` (normalized) is not a usable address, or null when it is. */
export function emailProblem(email: string): string | null {
  if (email === '') return 'the email address is missing';
  if (email.length > MAX_EMAIL_LENGTH)
    return `the email address is longer than ${MAX_EMAIL_LENGTH} characters`;
  // The octet limits of RFC 5321 (local part 64, domain 255) are checked here: validator's own check counts
  // bytes through encodeURI and was a tenth of a sync's evaluation time.
  const at = email.lastIndexOf('@');
  const tooLong =
    at >= 0 &&
    (Buffer.byteLength(email.slice(0, at)) > MAX_LOCAL_PART_BYTES ||
      Buffer.byteLength(email.slice(at + 1)) > MAX_EMAIL_LENGTH);
  if (tooLong) return `"${email}" is not a valid email address`;
  if (PLAIN_EMAIL.test(email)) return null;
  const invisible = INVISIBLE.exec(email);
  if (invisible) {
    const codePoint = (invisible[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return `the email address contains an invisible or control character (U+${codePoint})`;
  }
  if (!isEmail(email, EMAIL_SYNTAX)) return `"${email}" is not a valid email address`;
  return null;
}
