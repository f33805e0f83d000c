import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Plan } from '../plans/plan.entity';

/** The reporting regime of a plan (chế độ báo cáo): its report kinds and how deadlines behave. */
@Entity('reporting_regimes')
@Index('uq_reporting_regimes_plan_code', ['planId', 'code'], { unique: true })
export class ReportingRegime {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  planId!: string;

  @ManyToOne(() => Plan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_reporting_regimes_plan' })
  plan?: Plan;

  @Column({ type: 'varchar', length: 48 })
  code!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** Where the regime is written: "Mục V Kế hoạch; Nghị định 09/2019/NĐ-CP". */
  @Column({ type: 'text', nullable: true })
  legalBasis!: string | null;

  /** Move a deadline falling on a weekend or public holiday to the next working day. */
  @Column({ type: 'boolean', default: false })
  rollForward!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
