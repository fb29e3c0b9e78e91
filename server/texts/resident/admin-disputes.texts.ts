// A resident's administrative dispute sent to an agency as a linkage item:
// what the resident reads of the agency's answer (timeline, subscribe message).
// Conventions as in ../resident.texts.ts.

export const adminDisputesTexts = {
  // On the dispute's timeline, in plain words; `note` is the agency's answer.
  feedback: (agency: string, note: string) => `${agency}对您反映的行政争议作出答复：${note}`,
  // Who answered, when the agency is not on record.
  unknownAgency: '行政机关',
} as const;
