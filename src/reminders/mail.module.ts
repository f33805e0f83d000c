import { DynamicModule, Module } from '@nestjs/common';
import { EmailQueue } from './email-queue';
import { EmailSender } from './email-sender';
import { EmailProcessor } from './email.processor';
import { Mailer } from './mailer';
import { OutboxService } from './outbox.service';

/** The outbox, the email queue and the mailer in every role; the sending worker only in worker roles. */
@Module({})
export class MailModule {
  static forRoot(options: { worker: boolean }): DynamicModule {
    return {
      module: MailModule,
      global: true,
      providers: [Mailer, EmailQueue, EmailSender, OutboxService, ...(options.worker ? [EmailProcessor] : [])],
      exports: [Mailer, EmailQueue, EmailSender, OutboxService],
    };
  }
}
