import { DynamicModule, Module } from '@nestjs/common';
import { PlansDataModule } from '../plans/plans-data.module';
import { ReportingDataModule } from '../reporting/reporting-data.module';
import { DevMailboxRepository } from './dev-mailbox.repository';
import { EmailQueue } from './email-queue';
import { EmailSender } from './email-sender';
import { EmailProcessor } from './email.processor';
import { Mailer } from './mailer';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { RemindersRepository } from './reminders.repository';

/** The reminders' and the outbox's repositories, the outbox, the email queue and the mailer in every role; the sending worker only in worker roles. */
@Module({})
export class MailModule {
  static forRoot(options: { worker: boolean }): DynamicModule {
    return {
      module: MailModule,
      global: true,
      // A manual reminder takes the period's lock, which belongs to the reporting module.
      imports: [ReportingDataModule, PlansDataModule],
      providers: [
        RemindersRepository,
        OutboxRepository,
        DevMailboxRepository,
        Mailer,
        EmailQueue,
        EmailSender,
        OutboxService,
        ...(options.worker ? [EmailProcessor] : []),
      ],
      exports: [RemindersRepository, OutboxRepository, Mailer, EmailQueue, EmailSender, OutboxService],
    };
  }
}
