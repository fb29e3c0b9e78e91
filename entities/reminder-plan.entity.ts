import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION } from './columns';

// One row per subject with reminders (a dispute's deadline, a hearing, a
// linkage item). `version` goes into every dedupe key the plan writes, so a
// re-plan after a cancel writes new rows instead of meeting the old keys;
// `dueAt` (null once cancelled) is what the one overdue sweep reads, through
// its index, whatever the subject type; the urge counters pace that sweep.
@Entity('reminder_plan')
@Index('uq_reminder_plan_subject', ['subjectType', 'subjectId'], { unique: true })
@Index('ix_reminder_plan_due', ['dueAt'])
export class ReminderPlan {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  subjectType: string;

  @Column({ type: 'integer' })
  subjectId: number;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  dueAt: Date | null;

  // Urges written since the plan's due time passed (reset by a re-plan).
  @Column({ type: 'integer' })
  urges: number;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  lastUrgeAt: Date | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  escalatedAt: Date | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  updatedAt: Date;
}
