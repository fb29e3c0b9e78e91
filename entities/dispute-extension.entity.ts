import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION } from './columns';
import { Dispute } from './dispute.entity';

export type ExtensionStatus = 'requested' | 'effective';

// A mediator's request for more days on a dispute's deadline. It takes effect
// once the committee's head (or an admin) has approved it and both parties
// have agreed, in any order of the two consents.
@Entity('dispute_extension')
@Index('ix_dispute_extension_dispute', ['disputeId', 'status'])
export class DisputeExtension {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  disputeId: number;

  @ManyToOne(() => Dispute, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'disputeId', foreignKeyConstraintName: 'fk_dispute_extension_dispute' })
  dispute?: Dispute;

  @Column({ type: 'integer' })
  days: number;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 16 })
  status: ExtensionStatus;

  @Column({ type: 'integer' })
  requestedById: number;

  @Column({ type: 'integer', nullable: true })
  approvedById: number | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  approvedAt: Date | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  residentConsentAt: Date | null;

  // Recorded by the mediator, who spoke with the other party.
  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  otherPartyConsentAt: Date | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  previousDeadlineAt: Date | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  newDeadlineAt: Date | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  createdAt: Date;
}
