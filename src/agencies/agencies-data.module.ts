import { Module } from '@nestjs/common';
import { AgenciesRepository } from './agencies.repository';

/**
 * The agencies repository on its own, for modules of every role: the worker role does not load
 * AgenciesModule (its controllers' guards need the API's AuthModule), yet imports plans.
 */
@Module({ providers: [AgenciesRepository], exports: [AgenciesRepository] })
export class AgenciesDataModule {}
