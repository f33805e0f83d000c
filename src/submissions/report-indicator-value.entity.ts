import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../common/decimal';
import { Indicator } from '../plans/indicator.entity';
import { AgencyReport } from './agency-report.entity';

/** The value an agency reports for an indicator it owns. */
@Entity('report_indicator_values')
@Index('uq_report_indicator_values_report_indicator', ['reportId', 'indicatorId'], { unique: true })
@Check('ck_report_indicator_values_value', `"value" IS NULL OR "value" >= 0`)
export class ReportIndicatorValue {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  reportId!: string;

  @ManyToOne(() => AgencyReport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'fk_report_indicator_values_report' })
  report?: AgencyReport;

  @Index('ix_report_indicator_values_indicator_id')
  @Column({ type: 'uuid' })
  indicatorId!: string;

  @ManyToOne(() => Indicator, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'indicator_id', foreignKeyConstraintName: 'fk_report_indicator_values_indicator' })
  indicator?: Indicator;

  @Column({ type: 'numeric', precision: 20, scale: 3, nullable: true, transformer: decimalTransformer })
  value!: string | null;
}
