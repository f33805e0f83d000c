import { Module } from '@nestjs/common';
import { AgenciesAdminController } from './agencies-admin.controller';
import { AgenciesAdminService } from './agencies-admin.service';
import { AgenciesController } from './agencies.controller';
import { AgenciesDataModule } from './agencies-data.module';
import { AgenciesService } from './agencies.service';

@Module({
  imports: [AgenciesDataModule],
  controllers: [AgenciesController, AgenciesAdminController],
  providers: [AgenciesService, AgenciesAdminService],
  exports: [AgenciesService, AgenciesDataModule],
})
export class AgenciesModule {}
