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
export const CASE_TYPE_LABELS: Readonly<Record<string, string>> = {
  民初: '民事一审', 民终: '民事二审', 民再: '民事再审', 民申: '民事申请再审审查', 民特: '民事特别程序（含司法确认）',
  民催: '公示催告', 民督: '督促程序', 民破: '破产', 民辖: '管辖', 民监: '民事审判监督',
  行初: '行政一审', 行终: '行政二审', 行再: '行政再审', 行申: '行政申请再审审查', 行审: '非诉行政执行审查',
  行审复: '非诉行政执行审查复议', 行赔初: '行政赔偿一审', 行赔终: '行政赔偿二审', 行辖: '行政管辖',
  刑初: '刑事一审', 刑终: '刑事二审', 刑再: '刑事再审', 刑申: '刑事申诉审查', 刑更: '减刑假释', 刑监: '刑事审判监督',
  执: '首次执行', 执恢: '恢复执行', 执异: '执行异议', 执复: '执行复议', 执保: '财产保全执行', 执监: '执行监督',
  执协: '执行协调', 执他: '其他执行', 财保: '诉前财产保全', 行保: '行政非诉保全',
  法赔: '法院赔偿', 委赔: '赔偿委员会', 司救民: '司法救助（民事）', 司救行: '司法救助（行政）', 司惩: '司法制裁',
  诉前调: '诉前调解',
};

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
  if (typeof input !== 'string') return { ok: false, error: '案号应为文字' };
  if (input.length > 64) return { ok: false, error: '案号太长，请检查' };
  const text = canonicalChars(input);
  if (!text) return { ok: false, error: '请填写案号' };

  const opened = /^（([^）]*)）(.*)$/.exec(text);
  if (!opened) return { ok: false, error: '案号应以括号内的收案年度开头，如（2026）陕0602行初12号' };
  const [, yearText, rest] = opened as unknown as [string, string, string];
  if (!/^\d{4}$/.test(yearText)) return { ok: false, error: '年份应为四位数字' };
  const year = Number(yearText);
  if (year < 1949 || year > 2200) return { ok: false, error: '年份应为四位数字' };

  // The court code ends at its last digit; what follows up to the number is the type code.
  const body = /^(最高法|\D\d{2}(?:\d{2})?)(\D*?)(\d*)(号?)$/.exec(rest);
  const courtGuess = /^(最高法|\D\d+)/.exec(rest)?.[1] ?? '';
  if (!body) {
    if (!COURT.test(courtGuess)) return { ok: false, error: '法院代字不正确' };
    return { ok: false, error: '缺少案件序号' };
  }
  const [, court, type, seqText] = body as unknown as [string, string, string, string];
  if (!COURT.test(court)) return { ok: false, error: '法院代字不正确' };
  if (!type || !HAN.test(type) || type.length > 5) return { ok: false, error: '案件类型代字不正确，如“民初”“行初”“执”' };
  if (!seqText) return { ok: false, error: '缺少案件序号' };
  const seq = Number(seqText);
  if (!Number.isSafeInteger(seq) || seq < 1 || seqText.length > 9) return { ok: false, error: '案件序号不正确' };

  const typeLabel = CASE_TYPE_LABELS[type] ?? null;
  return {
    ok: true,
    year, court, type, seq, typeLabel,
    normalized: `（${year}）${court}${type}${seq}号`,
    warning: typeLabel ? null : `案件类型代字“${type}”不在常见列表中，已按原样接收`,
  };
}
