import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthRepository } from './health.repository';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Module({ controllers: [HealthController, MetricsController], providers: [HealthRepository, MetricsService], exports: [MetricsService] })
export class HealthModule {}
