import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuditWritesInterceptor } from './audit-writes';

@Global()
@Module({
  providers: [AuditRepository, AuditService, { provide: APP_INTERCEPTOR, useClass: AuditWritesInterceptor }],
  exports: [AuditService],
})
export class AuditModule {}
