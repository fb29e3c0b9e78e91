import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION, jsonObject } from './columns';
import { Dispute } from './dispute.entity';
import type { DisputeEntryKind, Via } from './enums';
import { User } from './user.entity';

// One line of a dispute's timeline: a chat message, a judge's explanation,
// a status move or an escalation.
@Entity('dispute_entry')
@Index('ix_dispute_entry_dispute', ['disputeId', 'at'])
// The chat rate limit: one author's messages in the last minute.
@Index('ix_dispute_entry_author', ['authorId', 'kind', 'at'])
export class DisputeEntry {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  disputeId: number;

  @ManyToOne(() => Dispute, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'disputeId', foreignKeyConstraintName: 'fk_dispute_entry_dispute' })
  dispute?: Dispute;

  @Column({ type: 'varchar', length: 16 })
  kind: DisputeEntryKind;

  @Column({ type: 'integer', nullable: true })
  authorId: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'authorId', foreignKeyConstraintName: 'fk_dispute_entry_author' })
  author?: User | null;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 16 })
  via: Via;

  // For moves: {from, to, action}; for escalations: the agencies named.
  @Column({ type: 'text', nullable: true, transformer: jsonObject })
  meta: Record<string, unknown> | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  at: Date;
}
