import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION, jsonList } from './columns';
import type { AgencyKind, DisputeCategory } from './enums';

@Entity('agency')
export class Agency {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('uq_agency_name', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  // How a court's calendar or a document may name the agency besides its full name.
  @Column({ type: 'varchar', length: 50, nullable: true })
  shortName: string | null;

  @Column({ type: 'text', nullable: true, transformer: jsonList })
  aliases: string[];

  // A court's judicial suggestions are numbered <documentPrefix>〔year〕N号.
  @Column({ type: 'varchar', length: 16, nullable: true })
  documentPrefix: string | null;

  @Column({ type: 'varchar', length: 32 })
  kind: AgencyKind;

  @Column({ type: 'integer', nullable: true })
  parentId: number | null;

  @ManyToOne(() => Agency, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'parentId', foreignKeyConstraintName: 'fk_agency_parent' })
  parent?: Agency | null;

  // The dispute categories and villages a mediation committee serves; routing reads them.
  @Column({ type: 'text', transformer: jsonList })
  categories: DisputeCategory[];

  @Column({ type: 'text', transformer: jsonList })
  villages: string[];

  @Column({ type: 'varchar', length: 128, nullable: true })
  wecomWebhookKey: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  wechatyRoomId: string | null;

  // No foreign key: user.agencyId already points the other way, and a cycle
  // would make either row impossible to insert first.
  @Column({ type: 'integer', nullable: true })
  headUserId: number | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  createdAt: Date;
}
