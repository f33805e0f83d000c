import { Transform } from 'class-transformer';

function clean(value: unknown): unknown {
  return typeof value === 'string' ? value.normalize('NFC').trim() : value;
}

/**
 * Stored text is NFC and trimmed: a name typed on a keyboard that sends decomposed diacritics
 * must compare equal to the same name from the seed. Applies to strings and arrays of strings;
 * runs before validation, so "   " fails @IsNotEmpty.
 */
export function NormalizeText(): PropertyDecorator {
  return Transform(({ value }) => (Array.isArray(value) ? value.map(clean) : clean(value)));
}
