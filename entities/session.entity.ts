import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION } from './columns';
import type { SessionKind } from './enums';
import { User } from './user.entity';

@Entity('session')
export class Session {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  // SHA-256 of the bearer token: a leaked table does not let anyone sign in.
  @Index('uq_session_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Index('ix_session_user')
  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_session_user' })
  user?: User;

  @Column({ type: 'varchar', length: 16 })
  kind: SessionKind;

  @Index('ix_session_expires')
  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  expiresAt: Date;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  createdAt: Date;
}
