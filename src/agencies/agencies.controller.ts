import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
import { AppError } from '../common/errors';
import { AgenciesService, AgencyView } from './agencies.service';
import { AGENCY_KINDS, AgencyKind } from './agency.entity';

@ApiTags('agencies')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Get()
  @ApiOperation({ summary: 'Agencies: the province, departments, wards and communes' })
  @ApiQuery({ name: 'kind', required: false, enum: AGENCY_KINDS })
  list(@Query('kind') kind?: string): Promise<AgencyView[]> {
    if (kind !== undefined && !(AGENCY_KINDS as readonly string[]).includes(kind)) {
      throw AppError.field('kind', `Loại cơ quan phải là một trong: ${AGENCY_KINDS.join(', ')}.`);
    }
    return this.agencies.list(kind as AgencyKind | undefined);
  }

  @Get(':code')
  @ApiOperation({ summary: 'One agency by its code' })
  get(@Param('code') code: string): Promise<AgencyView> {
    return this.agencies.get(code);
  }
}
