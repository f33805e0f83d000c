import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Task } from './task.entity';
import { TimelineColumns } from './timeline.embedded';

/** A dated step of a task: "giai đoạn 1 hoàn thành vào dịp 19/5/2026". */
@Entity('task_milestones')
@Index('uq_task_milestones_task_position', ['taskId', 'position'], { unique: true })
export class TaskMilestone {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  taskId!: string;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_task_milestones_task' })
  task?: Task;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column(() => TimelineColumns)
  timeline!: TimelineColumns;
}
