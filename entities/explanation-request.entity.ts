import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION } from './columns';
import { DisputeEntry } from './dispute-entry.entity';
import { Dispute } from './dispute.entity';
import { User } from './user.entity';

// A mediator's question to the court's judges on one dispute (请法官说法).
// Open until a judge gives an explanation on that dispute; the question stays
// among staff (it may hold the mediator's own notes), the resident's timeline
// only says that a judge was asked.
@Entity('explanation_request')
// The judges' 待办: open requests, oldest first.
@Index('ix_explanation_request_open', ['answeredAt', 'createdAt'])
@Index('ix_explanation_request_dispute', ['disputeId', 'answeredAt'])
export class ExplanationRequest {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  disputeId: number;

  @ManyToOne(() => Dispute, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'disputeId', foreignKeyConstraintName: 'fk_explanation_request_dispute' })
  dispute?: Dispute;

  // Null for the shared admin token, which is no person.
  @Column({ type: 'integer', nullable: true })
  askerId: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'askerId', foreignKeyConstraintName: 'fk_explanation_request_asker' })
  asker?: User | null;

  @Column({ type: 'text' })
  question: string;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  createdAt: Date;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  answeredAt: Date | null;

  // The judge's explanation that answered it (its author is the judge).
  @Column({ type: 'integer', nullable: true })
  answerEntryId: number | null;

  @ManyToOne(() => DisputeEntry, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'answerEntryId', foreignKeyConstraintName: 'fk_explanation_request_answer' })
  answerEntry?: DisputeEntry | null;
}
