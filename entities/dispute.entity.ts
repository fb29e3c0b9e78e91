import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from './agency.entity';
import { DATETIME, DATETIME_PRECISION } from './columns';
import type { DisputeCategory, DisputeStatus } from './enums';
import { User } from './user.entity';

@Entity('dispute')
@Index('ix_dispute_resident', ['residentId', 'createdAt'])
@Index('ix_dispute_committee_status', ['committeeId', 'status'])
@Index('ix_dispute_status_deadline', ['status', 'deadlineAt'])
@Index('ix_dispute_mediator_status', ['mediatorId', 'status'])
// Covers the disputes report: a period's filings in one index range scan.
// Covers the live part of that report: open disputes past their deadline.
@Index('ix_dispute_overdue', ['status', 'deadlineAt', 'createdAt', 'category', 'committeeId', 'villageId', 'village'])
@Index('ix_dispute_report', ['createdAt', 'category', 'status', 'committeeId', 'villageId', 'village', 'deadlineAt', 'closedAt'])
// Lists, newest first (migration 1765400000000).
@Index('ix_dispute_created', ['createdAt', 'id'])
export class Dispute {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  // JF-<year>-<6 digits>
  @Index('uq_dispute_serial', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  serial: string;

  @Column({ type: 'integer' })
  residentId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'residentId', foreignKeyConstraintName: 'fk_dispute_resident' })
  resident?: User;

  @Column({ type: 'varchar', length: 32 })
  category: DisputeCategory;

  @Column({ type: 'text' })
  description: string;

  @Index('ix_dispute_village')
  @Column({ type: 'varchar', length: 64 })
  village: string;

  // The listed village (an agency of kind village) the dispute comes from, when
  // the resident picked one; `village` then holds its official name.
  @Index('ix_dispute_village_id')
  @Column({ type: 'integer', nullable: true })
  villageId: number | null;

  @ManyToOne(() => Agency, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'villageId', foreignKeyConstraintName: 'fk_dispute_village' })
  villageAgency?: Agency | null;

  // Typed as text that names no listed village: routed by the text alone, and
  // listed for an admin to map (GET /api/disputes?unmapped=1).
  @Column({ type: 'boolean', default: false })
  placeUnmapped: boolean;

  @Column({ type: 'varchar', length: 200, nullable: true })
  otherParty: string | null;

  @Column({ type: 'text', nullable: true })
  contactPhoneCipher: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  contactPhoneHash: string | null;

  // The resident asked the mediator to call them back (适老化: for those who
  // would rather talk than type); their 待办 lists such disputes first.
  @Column({ type: 'boolean', default: false })
  callback: boolean;

  @Column({ type: 'integer', nullable: true })
  committeeId: number | null;

  @ManyToOne(() => Agency, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'committeeId', foreignKeyConstraintName: 'fk_dispute_committee' })
  committee?: Agency | null;

  @Column({ type: 'integer', nullable: true })
  mediatorId: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'mediatorId', foreignKeyConstraintName: 'fk_dispute_mediator' })
  mediator?: User | null;

  @Column({ type: 'varchar', length: 32 })
  status: DisputeStatus;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  deadlineAt: Date | null;

  // The deadline reached a year the working-day calendar does not cover yet:
  // computed on weekends only, recomputed when that year is loaded.
  @Column({ type: 'boolean', default: false })
  deadlineProvisional: boolean;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  closedAt: Date | null;

  // 司法确认: the parties apply together within 30 days of the agreement (the
  // resolve). The window's last moment, set at resolve; when each party applied.
  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  confirmationDueAt: Date | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  residentAppliedAt: Date | null;

  // Recorded by the mediator who spoke with the other party.
  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  otherPartyAppliedAt: Date | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  createdAt: Date;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  updatedAt: Date;
}
