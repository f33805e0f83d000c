import { AuditWrites } from '../audit/audit-writes';
import { Body, Controller, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
import { Roles } from '../auth/auth.decorators';
import { AgenciesAdminService } from './agencies-admin.service';
import { AgencyView } from './agencies.service';
import { CreateAgencyDto, UpdateAgencyDto } from './dto/agency.dto';

@ApiTags('agencies')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('administrator')
@AuditWrites('agency')
@Controller('api/agencies')
export class AgenciesAdminController {
  constructor(private readonly admin: AgenciesAdminService) {}

  @Post()
  @ApiOperation({ summary: 'Create an agency (administrator)' })
  create(@Body() dto: CreateAgencyDto): Promise<AgencyView> {
    return this.admin.create(dto);
  }

  @Patch(':code')
  @ApiOperation({ summary: 'Change an agency; the code stays (administrator). A parent loop is refused.' })
  update(@Param('code') code: string, @Body() dto: UpdateAgencyDto): Promise<AgencyView> {
    return this.admin.update(code, dto);
  }
}
