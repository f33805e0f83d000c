import { Column } from 'typeorm';
import type { TimelineKind } from './timeline';

/** Columns timeline_kind, timeline_year, timeline_end_year, timeline_date, timeline_text. */
export class TimelineColumns {
  @Column({ type: 'varchar', length: 16, nullable: true })
  kind!: TimelineKind | null;

  @Column({ type: 'smallint', nullable: true })
  year!: number | null;

  @Column({ type: 'smallint', nullable: true })
  endYear!: number | null;

  @Column({ type: 'date', nullable: true })
  date!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  text!: string | null;
}
