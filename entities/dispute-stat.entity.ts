import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DisputeCategory, DisputeStatus } from './enums';

// The disputes report's summary: how many disputes filed in a Shanghai month
// are now in each state, by what the report groups and scopes on. Kept by
// countDisputeChange (server/domain/reports/dispute-stats.ts) in the same
// transaction as every filing and status move. "None" is 0, not NULL, so the
// unique key (which the upserts hit) also holds for disputes without a
// committee or a listed village.
@Entity('dispute_stat')
@Index('uq_dispute_stat', ['month', 'category', 'committeeId', 'villageId', 'village', 'status'], { unique: true })
export class DisputeStat {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  // YYYY-MM, Shanghai, of createdAt.
  @Column({ type: 'varchar', length: 7 })
  month: string;

  @Column({ type: 'varchar', length: 32 })
  category: DisputeCategory;

  @Column({ type: 'integer' })
  committeeId: number;

  @Column({ type: 'integer' })
  villageId: number;

  // Always the text (an official's scope is a list of village names).
  @Column({ type: 'varchar', length: 64 })
  village: string;

  @Column({ type: 'varchar', length: 32 })
  status: DisputeStatus;

  @Column({ type: 'integer' })
  n: number;
}

// Days to resolve, district-wide: resolved disputes by month filed and tenths
// of a day from filing to closing (rounded as the report shows them, so a
// percentile over these buckets is the percentile over exact whole hours).
@Entity('dispute_resolve_stat')
@Index('uq_dispute_resolve_stat', ['month', 'tenths'], { unique: true })
export class DisputeResolveStat {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 7 })
  month: string;

  @Column({ type: 'integer' })
  tenths: number;

  @Column({ type: 'integer' })
  n: number;
}
