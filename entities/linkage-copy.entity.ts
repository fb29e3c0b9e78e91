import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from './agency.entity';
import { LinkageItem } from './linkage-item.entity';

// An agency a linkage item was copied to (抄送): told when it is registered,
// may read it, never acts on it. A row per agency, so "what was copied to
// us" is an indexed lookup rather than a search through a list.
@Entity('linkage_copy')
@Index('uq_linkage_copy', ['itemId', 'agencyId'], { unique: true })
@Index('ix_linkage_copy_agency', ['agencyId'])
export class LinkageCopy {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  itemId: number;

  @ManyToOne(() => LinkageItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'itemId', foreignKeyConstraintName: 'fk_linkage_copy_item' })
  item?: LinkageItem;

  @Column({ type: 'integer' })
  agencyId: number;

  @ManyToOne(() => Agency, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agencyId', foreignKeyConstraintName: 'fk_linkage_copy_agency' })
  agency?: Agency;
}
