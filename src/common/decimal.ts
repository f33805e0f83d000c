/**
 * Money and indicator values travel as decimal strings ("93243.1"); arithmetic happens in SQL.
 * These helpers validate, reformat and (toMilli/fromMilli) add or scale them; they never go through a float.
 */
export const DECIMAL_PATTERN = /^(0|[1-9]\d{0,14})(\.\d{1,3})?$/;

export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_PATTERN.test(value);
}

/** "800.000" -> "800", "93243.100" -> "93243.1", "-0.50" -> "-0.5". */
export function normalizeDecimal(value: string): string;
export function normalizeDecimal(value: string | null | undefined): string | null;
export function normalizeDecimal(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  let s = String(value).trim();
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  let [int, frac = ''] = s.split('.');
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const out = frac ? `${int}.${frac}` : int;
  return negative && out !== '0' ? `-${out}` : out;
}

/** Vietnamese display: "93243.1" -> "93.243,1". */
export function formatViDecimal(value: string | null | undefined): string {
  const normalized = normalizeDecimal(value);
  if (normalized === null) return '';
  const negative = normalized.startsWith('-');
  const [int, frac] = (negative ? normalized.slice(1) : normalized).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped}${frac ? `,${frac}` : ''}`;
}

/** TypeORM transformer for numeric columns: normalised decimal strings both ways. */
export const decimalTransformer = {
  to: (value: string | null | undefined) => (value === undefined ? undefined : normalizeDecimal(value)),
  from: (value: string | null) => normalizeDecimal(value),
};

/**
 * Reads an amount typed the Vietnamese way ("1.200,5", "93.243,1", "800") or with a decimal
 * point ("1200.5"), into a normalised decimal string; null when it is not a number.
 * "1.200" (dots every three digits) is twelve hundred, as a Vietnamese reader means it.
 */
export function parseViDecimal(input: string): string | null {
  const s = input.trim().replace(/\s/g, '');
  if (s === '') return null;
  let canonical: string;
  if (s.includes(',')) canonical = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+$/.test(s)) canonical = s.replace(/\./g, '');
  else canonical = s;
  return DECIMAL_PATTERN.test(canonical) ? normalizeDecimal(canonical) : null;
}

/** Decimal arithmetic on strings with at most three decimals, through scaled bigints (thousandths). */
export function toMilli(value: string): bigint {
  const [int, frac = ''] = value.split('.');
  return BigInt(int) * 1000n + BigInt((frac + '000').slice(0, 3));
}

export function fromMilli(value: bigint): string {
  const int = value / 1000n;
  const frac = (value % 1000n).toString().padStart(3, '0');
  return normalizeDecimal(`${int}.${frac}`);
}
