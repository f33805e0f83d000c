import { AuditWrites } from '../audit/audit-writes';
import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AuthGuard } from '../auth/auth.guard';
import { AppError } from '../common/errors';
import { PutHolidayDto } from './dto/holiday.dto';
import { HolidaysService, HolidayView } from './holidays.service';

@ApiTags('holidays')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@AuditWrites('holiday')
@Controller('api/holidays')
export class HolidaysController {
  constructor(private readonly holidays: HolidaysService) {}

  @Get()
  @ApiOperation({ summary: 'Public holidays (days off) that roll-forward regimes skip' })
  @ApiQuery({ name: 'year', required: false })
  list(@Query('year') year?: string): Promise<HolidayView[]> {
    if (year !== undefined && !/^\d{4}$/.test(year)) throw AppError.field('year', 'Năm phải gồm 4 chữ số.');
    return this.holidays.list(year === undefined ? undefined : Number(year));
  }

  @Put(':date')
  @Roles('administrator')
  @ApiOperation({ summary: 'Add or change a day off (YYYY-MM-DD), e.g. the Tết days the Government decrees' })
  put(@Param('date') date: string, @Body() body: PutHolidayDto): Promise<HolidayView> {
    return this.holidays.put(date, body);
  }

  @Delete(':date')
  @HttpCode(204)
  @Roles('administrator')
  @ApiOperation({ summary: 'Remove a day from the table' })
  remove(@Param('date') date: string): Promise<void> {
    return this.holidays.remove(date);
  }
}
