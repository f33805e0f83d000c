import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../auth/user.entity';
import { Plan } from './plan.entity';

/**
 * A coordinator or leader the administrator named on a plan: they work on it as its coordinating
 * (or recipient) agency's users do. Administrators see every plan without being named.
 */
@Entity('plan_members')
export class PlanMember {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_plan_members' })
  planId!: string;

  @ManyToOne(() => Plan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_plan_members_plan' })
  plan?: Plan;

  @Index('ix_plan_members_user_id')
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_plan_members' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_plan_members_user' })
  user?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
