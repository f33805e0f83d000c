import { Module } from '@nestjs/common';
import { ReportingModule } from '../reporting/reporting.module';
import { OutboxController, RemindersController } from './reminders.controller';
import { RemindersService } from './reminders.service';

@Module({
  imports: [ReportingModule],
  controllers: [RemindersController, OutboxController],
  providers: [RemindersService],
  exports: [RemindersService],
})
export class RemindersModule {}
