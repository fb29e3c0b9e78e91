import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION } from './columns';
import { User } from './user.entity';

// A report kept for download (the scheduled 通报 and monthly figures). The
// bytes live in a file under the data directory, not in the database: a PNG or
// an xlsx is larger than a portable TEXT/BLOB column holds on MySQL.
@Entity('report_file')
@Index('ix_report_file_created', ['createdAt'])
export class ReportFile {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  // disputes | appearance | suggestions | linkage
  @Column({ type: 'varchar', length: 32 })
  name: string;

  // e.g. 2026年下半年
  @Column({ type: 'varchar', length: 64 })
  periodLabel: string;

  // xlsx | png | svg | html
  @Column({ type: 'varchar', length: 8 })
  format: string;

  // relative to the report files directory
  @Column({ type: 'varchar', length: 200 })
  path: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  createdAt: Date;

  // null: the scheduled job kept it
  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'createdById', foreignKeyConstraintName: 'fk_report_file_creator' })
  createdBy?: User | null;
}
