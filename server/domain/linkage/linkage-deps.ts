import type { DataSource } from 'typeorm';
import type { CalendarSource, ProvisionalNotices } from '../calendar/calendar';
import type { Clock } from '../clock';
import type { Outbox } from '../outbox/outbox-service';
import type { Reminders } from '../reminders/reminders';

// The default deadline of each type that has one (a joint meeting is due at
// its own time), as settings: JUDICIAL_SUGGESTION_MONTHS,
// ADMIN_DISPUTE_WORKING_DAYS, and the others in server/config.ts.
export interface LinkageRules {
  judicialSuggestionMonths: number;
  adminDisputeWorkingDays: number;
  debtNoticeWorkingDays: number;
  legalityReviewWorkingDays: number;
  assistanceWorkingDays: number;
  riskLetterMonths: number;
}

// DESIGN.md "Linkage items": two months for a judicial suggestion (法释〔2023〕11号 Art. 8), …
export const DEFAULT_LINKAGE_RULES: LinkageRules = {
  judicialSuggestionMonths: 2,
  adminDisputeWorkingDays: 15,
  debtNoticeWorkingDays: 5,
  legalityReviewWorkingDays: 10,
  assistanceWorkingDays: 7,
  riskLetterMonths: 1,
};

export interface LinkageDeps {
  db: DataSource;
  clock: Clock;
  outbox: Outbox;
  reminders: Reminders;
  calendar: CalendarSource;
  provisionalNotices?: ProvisionalNotices;
  rules: LinkageRules;
}
