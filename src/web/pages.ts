import { applyDecorators, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PageAuthGuard } from './page-access';
import { CsrfGuard } from './page-csrf';
import { PageExceptionFilter } from './page-exception.filter';

/**
 * A controller of server-rendered pages: its routes pass the page role gate (@PageRoles) and the
 * CSRF check of every form post, and its errors are answered with pages (PageExceptionFilter).
 */
export const Pages = () => applyDecorators(ApiExcludeController(), UseGuards(PageAuthGuard, CsrfGuard), UseFilters(PageExceptionFilter));
