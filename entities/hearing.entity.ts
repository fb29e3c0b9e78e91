import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from './agency.entity';
import { DATETIME, DATETIME_PRECISION, jsonList } from './columns';
import { Dispute } from './dispute.entity';
import type { Appearance, HearingStatus } from './enums';
import { User } from './user.entity';

@Entity('hearing')
@Index('ix_hearing_starts', ['startsAt'])
@Index('ix_hearing_agency_starts', ['defendantAgencyId', 'startsAt'])
export class Hearing {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  // 案号, e.g. （2026）陕0602行初12号, stored as given after normalising brackets.
  @Index('ix_hearing_case_number')
  @Column({ type: 'varchar', length: 64 })
  caseNumber: string;

  @Column({ type: 'varchar', length: 200 })
  cause: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  courtRoom: string | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  startsAt: Date;

  @Column({ type: 'integer', nullable: true })
  judgeId: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'judgeId', foreignKeyConstraintName: 'fk_hearing_judge' })
  judge?: User | null;

  @Column({ type: 'text', transformer: jsonList })
  parties: string[];

  @Column({ type: 'varchar', length: 16 })
  status: HearingStatus;

  @Column({ type: 'boolean' })
  administrative: boolean;

  @Column({ type: 'integer', nullable: true })
  defendantAgencyId: number | null;

  @ManyToOne(() => Agency, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'defendantAgencyId', foreignKeyConstraintName: 'fk_hearing_agency' })
  defendantAgency?: Agency | null;

  @Column({ type: 'boolean' })
  headMustAppear: boolean;

  @Column({ type: 'varchar', length: 16, nullable: true })
  appearance: Appearance | null;

  @Column({ type: 'text', nullable: true })
  appearanceNote: string | null;

  @Column({ type: 'integer', nullable: true })
  disputeId: number | null;

  @ManyToOne(() => Dispute, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'disputeId', foreignKeyConstraintName: 'fk_hearing_dispute' })
  dispute?: Dispute | null;

  // Where an imported row came from (file and line), so a re-import updates instead of duplicating.
  @Index('uq_hearing_source_row', { unique: true })
  @Column({ type: 'varchar', length: 191, nullable: true })
  sourceRow: string | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  createdAt: Date;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  updatedAt: Date;
}
