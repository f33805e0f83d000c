import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/errors';
import type { AgencyKind } from './agency.entity';

export interface AgencyView {
  code: string;
  kind: AgencyKind;
  name: string;
  shortName: string;
  emails: string[];
  parentCode: string | null;
  requiresHeadSignOff: boolean;
}

const SELECT = `SELECT a.code, a.kind, a.name, a.short_name, a.emails, p.code AS parent_code, a.requires_head_sign_off
                FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id`;

type Row = {
  code: string;
  kind: AgencyKind;
  name: string;
  short_name: string;
  emails: string[];
  parent_code: string | null;
  requires_head_sign_off: boolean;
};

const toView = (r: Row): AgencyView => ({
  code: r.code,
  kind: r.kind,
  name: r.name,
  shortName: r.short_name,
  emails: r.emails,
  parentCode: r.parent_code,
  requiresHeadSignOff: r.requires_head_sign_off,
});

@Injectable()
export class AgenciesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(kind?: AgencyKind): Promise<AgencyView[]> {
    const rows = (await this.dataSource.query(
      `${SELECT} WHERE ($1::text IS NULL OR a.kind = $1)
       ORDER BY array_position(ARRAY['province','department','ward','commune','other']::text[], a.kind::text), a.code`,
      [kind ?? null],
    )) as Row[];
    return rows.map(toView);
  }

  async get(code: string): Promise<AgencyView> {
    const [row] = (await this.dataSource.query(`${SELECT} WHERE a.code = $1`, [code])) as Row[];
    if (!row) throw AppError.notFound(`Không tìm thấy cơ quan có mã "${code}".`, 'AGENCY_NOT_FOUND');
    return toView(row);
  }

  /** Maps agency codes to ids; refuses unknown codes naming each one at its field path. */
  async resolveCodes(codes: string[], path: string): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows = (await this.dataSource.query('SELECT id, code FROM agencies WHERE code = ANY($1::text[])', [codes])) as {
      id: string;
      code: string;
    }[];
    const byCode = new Map(rows.map((r) => [r.code, r.id]));
    const errors = codes
      .map((code, i) => ({ code, i }))
      .filter(({ code }) => !byCode.has(code))
      .map(({ code, i }) => ({ path: `${path}.${i}`, message: `Không có cơ quan nào mang mã "${code}".` }));
    if (errors.length) throw AppError.validation(errors, 'Có mã cơ quan không tồn tại.');
    return codes.map((c) => byCode.get(c) as string);
  }
}
