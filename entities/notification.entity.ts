import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION } from './columns';
import type { NotificationStatus } from './enums';

// The outbox: every message the product sends is first a row here, written in
// the same transaction as the change that causes it.
@Entity('notification')
@Index('ix_notification_status_due', ['status', 'dueAt'])
@Index('ix_notification_subject', ['subjectType', 'subjectId', 'status'])
// The rate limiter counts what one target was sent in the last minute.
@Index('ix_notification_target_sent', ['channel', 'target', 'sentAt'])
export class Notification {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  channel: string;

  @Column({ type: 'varchar', length: 255 })
  target: string;

  // json: a robot image's base64 PNG outgrows MariaDB's 64 KB `text`.
  @Column({ type: 'json' })
  payload: Record<string, unknown>;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  dueAt: Date;

  @Column({ type: 'varchar', length: 16 })
  status: NotificationStatus;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  leaseUntil: Date | null;

  // Set by the claim: a sender whose lease ran out and whose row another
  // sender claimed again can no longer mark it.
  @Column({ type: 'varchar', length: 36, nullable: true })
  leaseToken: string | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  // 191 characters keeps a unique index within InnoDB's limit under utf8mb4.
  @Index('uq_notification_dedupe', { unique: true })
  @Column({ type: 'varchar', length: 191 })
  dedupeKey: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  subjectType: string | null;

  @Column({ type: 'integer', nullable: true })
  subjectId: number | null;

  // The resident whose subscribe credit this row spent: cancelling it gives the credit back.
  @Column({ type: 'integer', nullable: true })
  creditUserId: number | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  sentAt: Date | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  createdAt: Date;
}
