import { HttpStatus } from '@nestjs/common';
import { AppError, FieldError } from './errors';

/**
 * Gathers every refusal of one request so the administrator sees all of them at once, then
 * throws one 400. Validation errors thrown by helpers (AgenciesService.resolveCodes) are absorbed.
 */
export class FieldErrors {
  readonly list: FieldError[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  addAll(errors: FieldError[]): void {
    this.list.push(...errors);
  }

  /** Runs a check that may throw a VALIDATION_FAILED AppError; keeps its errors and answers undefined. */
  async absorb<T>(work: Promise<T>): Promise<T | undefined> {
    try {
      return await work;
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
        this.addAll(error.errors);
        return undefined;
      }
      throw error;
    }
  }

  throwIfAny(): void {
    if (this.list.length) throw AppError.validation(this.list);
  }
}

/** A 400 with its own stable code (TASK_PARENT_CYCLE) and the field it is about. */
export function fieldRefusal(code: string, path: string, message: string): AppError {
  return new AppError(HttpStatus.BAD_REQUEST, code, message, [{ path, message }]);
}
