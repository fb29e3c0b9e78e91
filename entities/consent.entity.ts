import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION } from './columns';
import { User } from './user.entity';

// What a person agreed to and when: the privacy notice, a subscribe template.
// Withdrawal sets withdrawnAt; the row itself stays as the record.
@Entity('consent')
@Index('ix_consent_user_kind', ['userId', 'kind'])
export class Consent {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_consent_user' })
  user?: User;

  @Column({ type: 'varchar', length: 64 })
  kind: string;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  grantedAt: Date;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  withdrawnAt: Date | null;
}
