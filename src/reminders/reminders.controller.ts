import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AuthGuard } from '../auth/auth.guard';
import { ReportingService } from '../reporting/reporting.service';
import { RemindersService, ReminderView } from './reminders.service';

@ApiTags('reminders')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/periods')
export class RemindersController {
  constructor(
    private readonly reminders: RemindersService,
    private readonly reporting: ReportingService,
  ) {}

  @Get(':id/reminders')
  @Roles('coordinator')
  @ApiOperation({ summary: 'The reminder log of a period: who is reminded under which rule, when, and in what state' })
  async list(@Param('id') id: string): Promise<ReminderView[]> {
    await this.reporting.period(id); // 404 for an unknown period
    return this.reminders.forPeriod(id);
  }
}
