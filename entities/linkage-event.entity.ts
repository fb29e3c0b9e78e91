import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION } from './columns';
import type { LinkageAction } from './enums';
import { LinkageItem } from './linkage-item.entity';
import { User } from './user.entity';

@Entity('linkage_event')
@Index('ix_linkage_event_item', ['itemId', 'at'])
export class LinkageEvent {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  itemId: number;

  @ManyToOne(() => LinkageItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'itemId', foreignKeyConstraintName: 'fk_linkage_event_item' })
  item?: LinkageItem;

  @Column({ type: 'varchar', length: 16 })
  action: LinkageAction;

  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actorId', foreignKeyConstraintName: 'fk_linkage_event_actor' })
  actor?: User | null;

  @Column({ type: 'integer', nullable: true })
  fromAgencyId: number | null;

  @Column({ type: 'integer', nullable: true })
  toAgencyId: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  at: Date;
}
