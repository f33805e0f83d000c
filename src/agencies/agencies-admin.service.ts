import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { fieldRefusal } from '../common/field-errors';
import { AgenciesRepository } from './agencies.repository';
import { AgenciesService, AgencyView } from './agencies.service';
import { CreateAgencyDto, UpdateAgencyDto } from './dto/agency.dto';

/** Administrator writes to the agency list; reads stay in AgenciesService. */
@Injectable()
export class AgenciesAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AgenciesRepository,
    private readonly agencies: AgenciesService,
  ) {}

  async create(dto: CreateAgencyDto): Promise<AgencyView> {
    await this.dataSource.transaction(async (em) => {
      if (await this.repository.codeExists(dto.code, em))
        throw AppError.conflict(`Mã cơ quan "${dto.code}" đã tồn tại.`, 'AGENCY_CODE_TAKEN');
      const parentId = dto.parentCode ? await this.parentId(em, dto.parentCode) : null;
      await this.repository.insert(
        {
          code: dto.code,
          kind: dto.kind,
          name: dto.name,
          shortName: dto.shortName,
          emails: dto.emails ?? [],
          parentId,
          requiresHeadSignOff: dto.requiresHeadSignOff ?? false,
        },
        em,
      );
    });
    return this.agencies.get(dto.code);
  }

  async update(code: string, dto: UpdateAgencyDto): Promise<AgencyView> {
    await this.dataSource.transaction(async (em) => {
      const agencyId = await this.repository.lockIdByCode(code, em);
      if (!agencyId) throw AppError.notFound(`Không tìm thấy cơ quan có mã "${code}".`, 'AGENCY_NOT_FOUND');
      let parentId: string | null | undefined;
      if (dto.parentCode === null) parentId = null;
      else if (dto.parentCode !== undefined) {
        await this.repository.lockParentChanges(em);
        parentId = await this.parentId(em, dto.parentCode);
        await this.refuseCycle(em, agencyId, code, parentId, dto.parentCode);
      }
      await this.repository.update(
        agencyId,
        {
          kind: dto.kind,
          name: dto.name,
          shortName: dto.shortName,
          emails: dto.emails,
          requiresHeadSignOff: dto.requiresHeadSignOff,
          parentId,
        },
        em,
      );
    });
    return this.agencies.get(code);
  }

  private async parentId(em: EntityManager, parentCode: string): Promise<string> {
    const id = await this.repository.idByCode(parentCode, em);
    if (!id) throw AppError.field('parentCode', `Không có cơ quan nào mang mã "${parentCode}".`);
    return id;
  }

  /** The new parent must not be the agency itself nor one of the agencies under it. */
  private async refuseCycle(em: EntityManager, agencyId: string, code: string, parentId: string, parentCode: string): Promise<void> {
    if (!(await this.repository.isSelfOrAncestor(parentId, agencyId, em))) return;
    const message =
      parentId === agencyId
        ? `Cơ quan "${code}" không thể là cơ quan cấp trên của chính nó.`
        : `Không thể đặt "${parentCode}" làm cơ quan cấp trên của "${code}" vì "${parentCode}" đang trực thuộc "${code}" (sẽ tạo thành vòng lặp).`;
    throw fieldRefusal('AGENCY_PARENT_CYCLE', 'parentCode', message);
  }
}
