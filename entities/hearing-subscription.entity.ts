import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION } from './columns';
import { Hearing } from './hearing.entity';
import { User } from './user.entity';

@Entity('hearing_subscription')
@Index('uq_hearing_subscription', ['hearingId', 'userId', 'channel'], { unique: true })
export class HearingSubscription {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  hearingId: number;

  @ManyToOne(() => Hearing, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'hearingId', foreignKeyConstraintName: 'fk_hearing_subscription_hearing' })
  hearing?: Hearing;

  @Index('ix_hearing_subscription_user')
  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_hearing_subscription_user' })
  user?: User;

  @Column({ type: 'varchar', length: 32 })
  channel: string;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  consentedAt: Date;
}
