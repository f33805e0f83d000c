import { AuditWrites } from '../audit/audit-writes';
import { Body, Controller, Param, Patch, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
import { Roles } from '../auth/auth.decorators';
import { createValidationPipe } from '../common/validation';
import { CreateIndicatorDto, ReplaceTargetsDto, TargetDto, UpdateIndicatorDto } from './dto/indicator.dto';
import { IndicatorsAdminService } from './indicators-admin.service';
import { IndicatorView } from './plans.service';

/** The targets body comes bare or wrapped; both are validated by the same rules as every body. */
const targetsPipe = createValidationPipe();

@ApiTags('plans (administration)')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('administrator')
@AuditWrites('indicator')
@Controller('api/plans/:code/indicators')
export class IndicatorsAdminController {
  constructor(private readonly admin: IndicatorsAdminService) {}

  @Post()
  @ApiOperation({ summary: 'Add an indicator with its owners and yearly targets (administrator)' })
  create(@Param('code') code: string, @Body() dto: CreateIndicatorDto): Promise<IndicatorView> {
    return this.admin.create(code, dto);
  }

  @Patch(':indicatorCode')
  @ApiOperation({ summary: 'Change an indicator; owners and targets, when given, replace the stored ones' })
  update(
    @Param('code') code: string,
    @Param('indicatorCode') indicatorCode: string,
    @Body() dto: UpdateIndicatorDto,
  ): Promise<IndicatorView> {
    return this.admin.update(code, indicatorCode, dto);
  }

  @Put(':indicatorCode/targets')
  @ApiOperation({ summary: "Replace an indicator's targets: a bare array or {targets:[...]}; each year within the plan, once" })
  @ApiExtraModels(TargetDto, ReplaceTargetsDto)
  @ApiBody({
    schema: { oneOf: [{ type: 'array', items: { $ref: getSchemaPath(TargetDto) } }, { $ref: getSchemaPath(ReplaceTargetsDto) }] },
  })
  async targets(@Param('code') code: string, @Param('indicatorCode') indicatorCode: string, @Body() body: unknown): Promise<IndicatorView> {
    const wrapped = Array.isArray(body) ? { targets: body } : body;
    const dto = (await targetsPipe.transform(wrapped, { type: 'body', metatype: ReplaceTargetsDto })) as ReplaceTargetsDto;
    return this.admin.replaceTargets(code, indicatorCode, dto);
  }
}
