import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A day off in Vietnam. Seeded from the date-holidays package (country VN: it computes Tết and
 * Giỗ Tổ Hùng Vương), then adjusted by administrators to the days the Government decrees.
 */
@Entity('holidays')
@Check('ck_holidays_source', `"source" IN ('date-holidays', 'admin')`)
export class Holiday {
  @PrimaryColumn({ type: 'date' })
  date!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** False keeps a seeded holiday on record as a working day (the administrator said so). */
  @Column({ type: 'boolean', default: true })
  dayOff!: boolean;

  @Column({ type: 'varchar', length: 16 })
  source!: 'date-holidays' | 'admin';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
