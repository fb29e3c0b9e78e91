import { common } from '../../texts/resident.texts';

const E = common.caseNumber.errors;

// Case numbers (案号): `（收案年度）` + court code + type code + number + `号`,
// e.g. （2026）陕0602行初12号. People type them with half-width or full-width
// brackets, 〔〕, spaces and full-width digits; the normalized form has
// full-width round brackets, ASCII digits and no spaces, so one case is one
// string everywhere (the hearing's identity, subscriptions, chat commands).
//
// The structure is checked; the type code is labelled from a table but never
// refused when unknown (courts add codes, and refusing a real case number
// would lose a hearing).

export interface CaseNumber {
  year: number;
  court: string;
  type: string;
  seq: number;
  normalized: string;
  // 民事一审 …; null for a type code not in the table.
  typeLabel: string | null;
  // Set when the number was accepted with a doubt (an unknown type code).
  warning: string | null;
}

export type CaseNumberResult = ({ ok: true } & CaseNumber) | { ok: false; error: string };

// Type codes of 最高人民法院关于人民法院案件案号的若干规定 (the common ones).
export const CASE_TYPE_LABELS: Readonly<Record<string, string>> = common.caseNumber.typeLabels;

// Court codes: a province-level abbreviation and two to four digits (陕06 the
// Yan'an intermediate court, 陕0602 Baota District), or the Supreme Court's 最高法.
const PROVINCES = '京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新兵';
const COURT = new RegExp(`^(?:最高法|[${PROVINCES}]\\d{2}(?:\\d{2})?)$`);
const HAN = /^\p{Script=Han}+$/u;

const FULL_WIDTH_DIGITS = /[０-９]/g;

function canonicalChars(text: string): string {
  return text
    .replace(FULL_WIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\u00a0]+/g, '')
    .replace(/[(〔［\[【]/g, '（')
    .replace(/[)〕］\]】]/g, '）');
}

export function parseCaseNumber(input: unknown): CaseNumberResult {
  if (typeof input !== 'string') return { ok: false, error: E.notText };
  if (input.length > 64) return { ok: false, error: E.tooLong };
  const text = canonicalChars(input);
  if (!text) return { ok: false, error: E.empty };

  const opened = /^（([^）]*)）(.*)$/.exec(text);
  if (!opened) return { ok: false, error: E.noYear };
  const [, yearText, rest] = opened as unknown as [string, string, string];
  if (!/^\d{4}$/.test(yearText)) return { ok: false, error: E.yearDigits };
  const year = Number(yearText);
  if (year < 1949 || year > 2200) return { ok: false, error: E.yearDigits };

  // The court code ends at its last digit; what follows up to the number is the type code.
  const body = /^(最高法|\D\d{2}(?:\d{2})?)(\D*?)(\d*)(号?)$/.exec(rest);
  const courtGuess = /^(最高法|\D\d+)/.exec(rest)?.[1] ?? '';
  if (!body) {
    if (!COURT.test(courtGuess)) return { ok: false, error: E.courtCode };
    return { ok: false, error: E.noSeq };
  }
  const [, court, type, seqText] = body as unknown as [string, string, string, string];
  if (!COURT.test(court)) return { ok: false, error: E.courtCode };
  if (!type || !HAN.test(type) || type.length > 5) return { ok: false, error: E.typeCode };
  if (!seqText) return { ok: false, error: E.noSeq };
  const seq = Number(seqText);
  if (!Number.isSafeInteger(seq) || seq < 1 || seqText.length > 9) return { ok: false, error: E.seq };

  const typeLabel = CASE_TYPE_LABELS[type] ?? null;
  return {
    ok: true,
    year, court, type, seq, typeLabel,
    normalized: `（${year}）${court}${type}${seq}号`,
    warning: typeLabel ? null : E.unknownType(type),
  };
}
