import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION } from './columns';
import { User } from './user.entity';

// A resident's one-time subscribe messages still unspent, per template: each
// "allow" in wx.requestSubscribeMessage lets the server send exactly one.
@Entity('subscription_credit')
@Index('uq_subscription_credit', ['userId', 'template'], { unique: true })
export class SubscriptionCredit {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_subscription_credit_user' })
  user?: User;

  @Column({ type: 'varchar', length: 32 })
  template: string;

  @Column({ type: 'integer' })
  credits: number;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  updatedAt: Date;
}
