import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from './agency.entity';
import { DATETIME, DATETIME_PRECISION } from './columns';
import { Dispute } from './dispute.entity';
import type { DueKind, LinkageItemStatus, LinkageItemType } from './enums';
import { User } from './user.entity';

// 联动事项: anything one side sends the other with a deadline for an answer —
// a judicial suggestion, a transferred administrative dispute, a legality review…
@Entity('linkage_item')
@Index('ix_linkage_item_status_due', ['status', 'dueAt'])
// An agency's open items by deadline (linkage-queries.ts): filter and order from the index.
@Index('ix_linkage_item_to_status_due', ['toAgencyId', 'status', 'dueAt'])
@Index('ix_linkage_item_type_status', ['type', 'status'])
export class LinkageItem {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  type: LinkageItemType;

  // e.g. 宝法建〔2026〕3号
  @Index('ix_linkage_item_document')
  @Column({ type: 'varchar', length: 64, nullable: true })
  documentNumber: string | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'integer', nullable: true })
  fromAgencyId: number | null;

  @ManyToOne(() => Agency, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'fromAgencyId', foreignKeyConstraintName: 'fk_linkage_item_from' })
  fromAgency?: Agency | null;

  @Column({ type: 'integer', nullable: true })
  toAgencyId: number | null;

  @ManyToOne(() => Agency, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'toAgencyId', foreignKeyConstraintName: 'fk_linkage_item_to' })
  toAgency?: Agency | null;

  @Column({ type: 'integer', nullable: true })
  assigneeId: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assigneeId', foreignKeyConstraintName: 'fk_linkage_item_assignee' })
  assignee?: User | null;

  @Column({ type: 'varchar', length: 16 })
  status: LinkageItemStatus;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  dueAt: Date | null;

  // How the deadline was set (calendar or working days, and how many), so it
  // can be recomputed when the item is transferred.
  @Column({ type: 'varchar', length: 16, nullable: true })
  dueKind: DueKind | null;

  @Column({ type: 'integer', nullable: true })
  dueDays: number | null;

  // The deadline reached a year the calendar does not cover: weekends only, until that year is loaded.
  @Column({ type: 'boolean', default: false })
  provisional: boolean;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  disputeId: number | null;

  @ManyToOne(() => Dispute, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'disputeId', foreignKeyConstraintName: 'fk_linkage_item_dispute' })
  dispute?: Dispute | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  createdAt: Date;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  updatedAt: Date;
}
