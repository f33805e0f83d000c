import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MetricsService } from './metrics.service';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Prometheus scrape endpoint. With METRICS_TOKEN set it answers only `Authorization: Bearer
 * <METRICS_TOKEN>` (401 otherwise); unset, it is open, to be restricted to the monitoring network
 * at the reverse proxy.
 */
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('metrics')
  @ApiExcludeEndpoint()
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    const expected = this.config.metricsToken;
    if (expected !== undefined) {
      const presented = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      // Compared as digests: equal length, constant time, whatever was presented.
      if (!timingSafeEqual(digest(presented), digest(expected))) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        throw AppError.unauthorized('Cần mã truy cập (METRICS_TOKEN) để đọc số liệu giám sát.');
      }
    }
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.send(await this.metrics.text());
  }
}
