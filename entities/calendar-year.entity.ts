import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION } from './columns';

// A year whose holiday arrangement is loaded ("covered"). Coverage is its own
// row rather than "has calendar_day rows": a loaded year is covered even if it
// had no special days, and the row is what concurrent loads of one year lock.
@Entity('calendar_year')
export class CalendarYear {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 191 })
  source: string;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  loadedAt: Date;

  // Goes up with every load of the year: a server instance compares the sum
  // with the one its cached calendar was built from, and rebuilds on a change
  // (another instance may have loaded a year).
  @Column({ type: 'integer' })
  revision: number;
}
