import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI (migration:generate in check mode). Needs DATABASE_URL. */
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cb_reporting_dev';
export default new DataSource(dataSourceOptions(url));
