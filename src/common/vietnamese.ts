/** Vietnamese text helpers. */

/** Every stored and rendered string is NFC. */
export function nfc(value: string): string {
  return value.normalize('NFC');
}

/** Lower case, no diacritics, đ -> d: for tolerant matching of names. */
export function foldVietnamese(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

export function compareVietnamese(a: string, b: string): number {
  return collator.compare(a, b);
}
