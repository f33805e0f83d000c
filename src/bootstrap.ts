import { DynamicModule, INestApplication, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AuditService } from './audit/audit.service';
import { requestContextMiddleware } from './audit/request-context';
import { AppConfig } from './config/app-config';
import { Clock } from './common/clock';
import { AllExceptionsFilter } from './common/http-exception.filter';
import { MetricsService } from './health/metrics.service';
import { createValidationPipe } from './common/validation';
import { bodyDepthGuard } from './common/body-depth';
import { SESSION_SECRET_SETTING } from './web/page-session';
import { mountQueueBoard, QUEUE_BOARD_PATH } from './web/queue-board';

/** Builds the HTTP application exactly as production runs it (also used by the tests). */
export async function createHttpApp(
  config: AppConfig,
  options: { bufferLogs?: boolean; overrideClock?: Clock; extraModules?: (Type | DynamicModule)[] } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, { clock: options.overrideClock, extraModules: options.extraModules }),
    {
      bufferLogs: options.bufferLogs ?? true,
    },
  );
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  // Per application, not per process: the CSRF and queue board tokens are keyed by it (page-session.ts).
  app.set(SESSION_SECRET_SETTING, config.sessionSecret);
  app.disable('x-powered-by');
  // Nothing this application answers may be kept by a browser or a proxy cache: answers are per
  // user (pages, reports, tokens). The page assets say otherwise themselves (WebController).
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.useBodyParser('json', { limit: '1mb' });
  app.useBodyParser('urlencoded', { extended: true });
  app.use(bodyDepthGuard);
  app.use(requestContextMiddleware);
  app.use(app.get(MetricsService).middleware());
  app.use(cookieParser());
  const strictHelmet = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.path.startsWith(QUEUE_BOARD_PATH) ? next() : strictHelmet(req, res, next),
  );
  if (config.role !== 'worker') mountQueueBoard(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(app.get(AuditService)));
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Theo dõi, báo cáo thực hiện Kế hoạch – API')
    .setDescription(
      'Plans, tasks, indicators, reporting periods and agencies. Money is a decimal string in tỷ đồng; times are ISO 8601 with offset.',
    )
    .setVersion('0.1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), {
    customCss: '',
    // Our sheet under the site's CSP: hides the unused URL bar, darkens colours to WCAG AA contrast.
    customCssUrl: '/assets/swagger.css',
    // No deep link inside each operation's summary button (a link nested in a button, WCAG 4.1.2).
    swaggerOptions: { persistAuthorization: true, deepLinking: false },
  });
  return app;
}

/** The worker role: no HTTP, just the modules that process queues and timers. */
export async function createWorkerContext(config: AppConfig, options: { overrideClock?: Clock } = {}): Promise<INestApplicationContext> {
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(config, { clock: options.overrideClock }), { bufferLogs: true });
  ctx.useLogger(ctx.get(Logger));
  ctx.enableShutdownHooks();
  return ctx;
}
