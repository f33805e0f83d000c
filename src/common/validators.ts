import { registerDecorator, ValidationOptions } from 'class-validator';
import { isDecimalString } from './decimal';
import { parseIsoDate } from './time-zone';

/** A non-negative decimal string in tỷ đồng: "93243.1", "800", at most 3 decimals. */
export function IsDecimalAmount(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isDecimalAmount',
      target: object.constructor,
      propertyName,
      options,
      validator: { validate: (value: unknown) => isDecimalString(value) },
    });
}

/** 'YYYY-MM-DD' naming a day that exists (31/2 is refused). */
export function IsCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName,
      options,
      validator: { validate: (value: unknown) => typeof value === 'string' && parseIsoDate(value) !== null },
    });
}
