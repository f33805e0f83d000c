import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { AgenciesRepository, AgencyView } from './agencies.repository';
import type { AgencyKind } from './agency.entity';

export type { AgencyView } from './agencies.repository';

@Injectable()
export class AgenciesService {
  constructor(private readonly agencies: AgenciesRepository) {}

  list(kind?: AgencyKind): Promise<AgencyView[]> {
    return this.agencies.list(kind);
  }

  async get(code: string): Promise<AgencyView> {
    const agency = await this.agencies.viewByCode(code);
    if (!agency) throw AppError.notFound(`Không tìm thấy cơ quan có mã "${code}".`, 'AGENCY_NOT_FOUND');
    return agency;
  }

  /** Maps agency codes to ids; refuses unknown codes naming each one at its field path. */
  async resolveCodes(codes: string[], path: string, em?: EntityManager): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows = await this.agencies.idsOfCodes(codes, em);
    const byCode = new Map(rows.map((r) => [r.code, r.id]));
    const errors = codes
      .map((code, i) => ({ code, i }))
      .filter(({ code }) => !byCode.has(code))
      .map(({ code, i }) => ({ path: `${path}.${i}`, message: `Không có cơ quan nào mang mã "${code}".` }));
    if (errors.length) throw AppError.validation(errors, 'Có mã cơ quan không tồn tại.');
    return codes.map((c) => byCode.get(c) as string);
  }
}
