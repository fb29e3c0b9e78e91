import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION, jsonObject } from './columns';

// Who did what to which record. No foreign keys: the trail outlives what it describes.
@Entity('audit_entry')
@Index('ix_audit_subject', ['subjectType', 'subjectId'])
@Index('ix_audit_at', ['at'])
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 32 })
  subjectType: string;

  @Column({ type: 'integer', nullable: true })
  subjectId: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  // How the actor proved who they were: 'admin-token' (shared, no actor),
  // 'session' or 'api-token'; null for the bot and the command line.
  @Column({ type: 'varchar', length: 16, nullable: true })
  tokenKind: string | null;

  @Column({ type: 'text', nullable: true, transformer: jsonObject })
  detail: Record<string, unknown> | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  at: Date;
}
