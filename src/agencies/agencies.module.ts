import { Module } from '@nestjs/common';
import { AgenciesAdminController } from './agencies-admin.controller';
import { AgenciesAdminService } from './agencies-admin.service';
import { AgenciesController } from './agencies.controller';
import { AgenciesService } from './agencies.service';

@Module({
  controllers: [AgenciesController, AgenciesAdminController],
  providers: [AgenciesService, AgenciesAdminService],
  exports: [AgenciesService],
})
export class AgenciesModule {}
