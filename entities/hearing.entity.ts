import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from './agency.entity';
import { DATETIME, DATETIME_PRECISION, jsonList } from './columns';
import { Dispute } from './dispute.entity';
import type { Appearance, HearingStatus } from './enums';
import { User } from './user.entity';

@Entity('hearing')
// A hearing is a case's session: a re-import with the same pair is the same hearing.
@Index('uq_hearing_case_session', ['caseNumber', 'session'], { unique: true })
@Index('ix_hearing_starts', ['startsAt'])
@Index('ix_hearing_agency_starts', ['defendantAgencyId', 'startsAt'])
export class Hearing {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  // 案号 in its normalized form (parseCaseNumber), e.g. （2026）陕0602行初12号.
  @Index('ix_hearing_case_number')
  @Column({ type: 'varchar', length: 64 })
  caseNumber: string;

  // 庭次: the case's first, second… session; 1 when the calendar does not say.
  @Column({ type: 'integer', default: 1 })
  session: number;

  @Column({ type: 'varchar', length: 200 })
  cause: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  courtRoom: string | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  startsAt: Date;

  @Column({ type: 'integer', nullable: true })
  judgeId: number | null;

  // 承办法官 as the court's calendar names them (a judge need not be a user here).
  @Column({ type: 'varchar', length: 64, nullable: true })
  judgeName: string | null;

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

  // Created or moved to less than three days before the hearing: the court's
  // appearance notice is due three days ahead (法释〔2020〕3号 Art. 5).
  @Column({ type: 'boolean', default: false })
  noticeShort: boolean;

  // Before the hearing, the agency says who will appear (head, deputy, none).
  @Column({ type: 'varchar', length: 16, nullable: true })
  declaration: Appearance | null;

  @Column({ type: 'text', nullable: true })
  declarationNote: string | null;

  // At or after it, the judge records who did.
  @Column({ type: 'varchar', length: 16, nullable: true })
  appearance: Appearance | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  appearanceName: string | null;

  @Column({ type: 'text', nullable: true })
  appearanceNote: string | null;

  @Column({ type: 'integer', nullable: true })
  disputeId: number | null;

  @ManyToOne(() => Dispute, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'disputeId', foreignKeyConstraintName: 'fk_hearing_dispute' })
  dispute?: Dispute | null;

  // Where an imported row came from (file and row), for the admin's reference only.
  @Index('ix_hearing_source_row')
  @Column({ type: 'varchar', length: 191, nullable: true })
  sourceRow: string | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  createdAt: Date;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  updatedAt: Date;
}
