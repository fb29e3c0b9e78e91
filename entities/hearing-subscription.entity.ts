import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION } from './columns';
import { User } from './user.entity';

// A resident follows a case, not one hearing: a session the court schedules
// later is covered too, and a case not yet in the calendar can be followed
// (the resident is told when a session appears).
@Entity('hearing_subscription')
@Index('uq_hearing_subscription', ['caseNumber', 'userId'], { unique: true })
export class HearingSubscription {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  // Normalized (parseCaseNumber).
  @Index('ix_hearing_subscription_case')
  @Column({ type: 'varchar', length: 64 })
  caseNumber: string;

  @Index('ix_hearing_subscription_user')
  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_hearing_subscription_user' })
  user?: User;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  createdAt: Date;
}
