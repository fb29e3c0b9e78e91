import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

// A day that breaks the Monday–Friday rule in a covered year: a public holiday
// (法定节假日, including the weekend days inside a holiday block) or a make-up
// working day (调休上班). Every other day of a covered year follows the week.
// The date is Shanghai's calendar day as text, so no time zone can move it.
@Entity('calendar_day')
export class CalendarDay {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  date: string;

  @Column({ type: 'varchar', length: 16 })
  kind: CalendarDayKind;

  // 国庆节, 春节…; null when loaded as bare dates.
  @Column({ type: 'varchar', length: 64, nullable: true })
  name: string | null;

  // Where the arrangement came from: "chinese-days@1.5.7", a State Council notice…
  @Column({ type: 'varchar', length: 191 })
  source: string;
}
