import { Column, Entity, PrimaryColumn } from 'typeorm';

// Named sequences (a dispute serial per year, a document number per court and
// year), incremented under a row lock so concurrent filings never share a number.
@Entity('counter')
export class Counter {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'integer' })
  value: number;
}
