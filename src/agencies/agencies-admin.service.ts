import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { fieldRefusal } from '../common/field-errors';
import { AgenciesService, AgencyView } from './agencies.service';
import { CreateAgencyDto, UpdateAgencyDto } from './dto/agency.dto';

/** Administrator writes to the agency list; reads stay in AgenciesService. */
@Injectable()
export class AgenciesAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agencies: AgenciesService,
  ) {}

  async create(dto: CreateAgencyDto): Promise<AgencyView> {
    await this.dataSource.transaction(async (em) => {
      const [taken] = (await em.query('SELECT 1 FROM agencies WHERE code = $1', [dto.code])) as unknown[];
      if (taken) throw AppError.conflict(`Mã cơ quan "${dto.code}" đã tồn tại.`, 'AGENCY_CODE_TAKEN');
      const parentId = dto.parentCode ? await this.parentId(em, dto.parentCode) : null;
      await em.query(
        `INSERT INTO agencies (code, kind, name, short_name, emails, parent_id, requires_head_sign_off)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [dto.code, dto.kind, dto.name, dto.shortName, dto.emails ?? [], parentId, dto.requiresHeadSignOff ?? false],
      );
    });
    return this.agencies.get(dto.code);
  }

  async update(code: string, dto: UpdateAgencyDto): Promise<AgencyView> {
    await this.dataSource.transaction(async (em) => {
      const [agency] = (await em.query('SELECT id FROM agencies WHERE code = $1 FOR UPDATE', [code])) as { id: string }[];
      if (!agency) throw AppError.notFound(`Không tìm thấy cơ quan có mã "${code}".`, 'AGENCY_NOT_FOUND');
      let parentId: string | null | undefined;
      if (dto.parentCode === null) parentId = null;
      else if (dto.parentCode !== undefined) {
        // Serialises parent changes so two concurrent edits cannot close a loop between them.
        await em.query(`SELECT pg_advisory_xact_lock(hashtext('agencies.parent_id'))`);
        parentId = await this.parentId(em, dto.parentCode);
        await this.refuseCycle(em, agency.id, code, parentId, dto.parentCode);
      }
      await em.query(
        `UPDATE agencies SET
           kind = coalesce($2, kind), name = coalesce($3, name), short_name = coalesce($4, short_name),
           emails = coalesce($5, emails), requires_head_sign_off = coalesce($6, requires_head_sign_off),
           parent_id = CASE WHEN $7 THEN $8::uuid ELSE parent_id END, updated_at = now()
         WHERE id = $1`,
        [
          agency.id,
          dto.kind ?? null,
          dto.name ?? null,
          dto.shortName ?? null,
          dto.emails ?? null,
          dto.requiresHeadSignOff ?? null,
          parentId !== undefined,
          parentId ?? null,
        ],
      );
    });
    return this.agencies.get(code);
  }

  private async parentId(em: EntityManager, parentCode: string): Promise<string> {
    const [row] = (await em.query('SELECT id FROM agencies WHERE code = $1', [parentCode])) as { id: string }[];
    if (!row) throw AppError.field('parentCode', `Không có cơ quan nào mang mã "${parentCode}".`);
    return row.id;
  }

  /** The new parent must not be the agency itself nor one of the agencies under it. */
  private async refuseCycle(em: EntityManager, agencyId: string, code: string, parentId: string, parentCode: string): Promise<void> {
    const [hit] = (await em.query(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id FROM agencies WHERE id = $1
         UNION SELECT a.id, a.parent_id FROM agencies a JOIN up ON a.id = up.parent_id
       ) SELECT 1 FROM up WHERE id = $2`,
      [parentId, agencyId],
    )) as unknown[];
    if (!hit) return;
    const message =
      parentId === agencyId
        ? `Cơ quan "${code}" không thể là cơ quan cấp trên của chính nó.`
        : `Không thể đặt "${parentCode}" làm cơ quan cấp trên của "${code}" vì "${parentCode}" đang trực thuộc "${code}" (sẽ tạo thành vòng lặp).`;
    throw fieldRefusal('AGENCY_PARENT_CYCLE', 'parentCode', message);
  }
}
