import { And, In, IsNull, LessThan, MoreThanOrEqual, Not, type EntityManager } from 'typeorm';
import { Agency, LinkageItem, type LinkageItemType } from '../../../entities';
import { mdText } from '../outbox/markdown-text';
import { addDays, shanghaiDate, shanghaiTime, type LocalDate } from '../shanghai-time';
import { LINKAGE_OPEN_STATUSES } from './linkage-queries';

// The Monday digest of linkage items (联动事项周报). Sent at 09:00 on a
// Monday, it looks back over the week that just ended (Monday 00:00 to Monday
// 00:00 Shanghai: what was registered, what was answered late) and ahead over
// the week it opens (what falls due), and lists what is overdue now. The
// liaison office gets the whole district, grouped by agency; each receiving
// agency gets its own list, overdue first. The headings say 上周 and 本周 as a
// reader on Monday morning means them. A function of the rows and `now` only.

export interface DigestWeek {
  // Monday 00:00 Shanghai of the week the digest opens, and the week before it.
  start: Date;
  end: Date;
  lastStart: Date;
  // ISO week of `start`, e.g. 2026-W50: names the digest in dedupe keys.
  isoWeek: string;
}

export interface LinkageDigest {
  week: DigestWeek;
  // For the liaison office: never empty (a short "nothing" card when so).
  office: string;
  // Receiving agencies with something new, due or overdue; others get nothing.
  agencies: Array<{ agency: Agency; content: string }>;
}

export const NOTHING_THIS_WEEK = '本周无新增、无到期、无超期事项。';

// Lines a section lists before "另有 N 件"; the rest is in the system.
const SECTION_LINES = 500;
const TITLE_CHARS = 40;
const DAY_MS = 24 * 3600 * 1000;

// Short labels for a line; the linkage engine's own labels may replace these.
const TYPE_LABELS: Record<LinkageItemType, string> = {
  judicial_suggestion: '司法建议',
  admin_dispute: '行政争议',
  debt_litigation_notice: '债务诉讼通报',
  legality_review: '合法性审查',
  assistance_request: '协助请求',
  risk_letter: '风险提示',
  joint_meeting: '联席会议',
};

function weekday(d: LocalDate): number {
  return (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7; // Monday 0
}

function isoWeekOf(monday: LocalDate): string {
  const thursday = addDays(monday, 3);
  const dayOfYear = Math.round((Date.UTC(thursday.year, thursday.month - 1, thursday.day) - Date.UTC(thursday.year, 0, 1)) / DAY_MS) + 1;
  return `${thursday.year}-W${String(Math.ceil(dayOfYear / 7)).padStart(2, '0')}`;
}

// The digest week that contains `now`: from its Monday 00:00 Shanghai.
export function digestWeek(now: Date): DigestWeek {
  const today = shanghaiDate(now);
  const monday = addDays(today, -weekday(today));
  return {
    start: shanghaiTime(monday),
    end: shanghaiTime(addDays(monday, 7)),
    lastStart: shanghaiTime(addDays(monday, -7)),
    isoWeek: isoWeekOf(monday),
  };
}

function day(at: Date, now: Date): string {
  const d = shanghaiDate(at);
  return d.year === shanghaiDate(now).year ? `${d.month}月${d.day}日` : `${d.year}年${d.month}月${d.day}日`;
}

function span(from: Date, to: Date, now: Date): string {
  return `${day(from, now)}—${day(new Date(to.getTime() - 1), now)}`;
}

function daysLate(dueAt: Date, at: Date): number {
  return Math.max(1, Math.round((shanghaiTime(shanghaiDate(at)).getTime() - shanghaiTime(shanghaiDate(dueAt)).getTime()) / DAY_MS));
}

function clip(s: string): string {
  return s.length > TITLE_CHARS ? `${s.slice(0, TITLE_CHARS)}…` : s;
}

// 【司法建议】宝法建〔2026〕3号 标题: what the item is, by the number people quote.
function itemName(i: LinkageItem): string {
  const number = i.documentNumber ? mdText(i.documentNumber) : `编号${i.id}`;
  return `【${TYPE_LABELS[i.type] ?? i.type}】${number} ${mdText(clip(i.title))}`;
}

function due(i: LinkageItem, now: Date): string {
  return i.dueAt ? `${day(i.dueAt, now)}到期` : '无期限';
}

function section(title: string, lines: string[]): string[] {
  if (!lines.length) return [];
  const shown = lines.slice(0, SECTION_LINES);
  const more = lines.length > shown.length ? [`……另有 ${lines.length - shown.length} 件，请在系统中查看`] : [];
  return [`**${title}**`, ...shown, ...more];
}

interface Rows {
  fresh: LinkageItem[];
  dueSoon: LinkageItem[];
  overdue: LinkageItem[];
  answeredLate: LinkageItem[];
}

const within = (from: Date, to: Date) => And(MoreThanOrEqual(from), LessThan(to));

async function load(em: EntityManager, week: DigestWeek, now: Date): Promise<Rows> {
  const open = In([...LINKAGE_OPEN_STATUSES]);
  // An item due this week that is already past due (a rerun later in the week) is listed as overdue.
  const dueFrom = now > week.start ? now : week.start;
  const [fresh, dueSoon, overdue, answered] = await Promise.all([
    em.find(LinkageItem, {
      where: { createdAt: within(week.lastStart, week.start) },
      order: { createdAt: 'ASC', id: 'ASC' },
    }),
    em.find(LinkageItem, {
      where: { status: open, dueAt: within(dueFrom, week.end) },
      order: { dueAt: 'ASC', id: 'ASC' },
    }),
    em.find(LinkageItem, { where: { status: open, dueAt: LessThan(now) }, order: { dueAt: 'ASC', id: 'ASC' } }),
    em.find(LinkageItem, {
      where: { answeredAt: within(week.lastStart, week.start), dueAt: Not(IsNull()) },
      order: { answeredAt: 'ASC', id: 'ASC' },
    }),
  ]);
  return { fresh, dueSoon, overdue, answeredLate: answered.filter((i) => i.answeredAt! > i.dueAt!) };
}

// Items by receiving agency, the agency with the most first.
function byAgency(items: LinkageItem[]): Array<[number | null, LinkageItem[]]> {
  const groups = new Map<number | null, LinkageItem[]>();
  for (const i of items) groups.set(i.toAgencyId, [...(groups.get(i.toAgencyId) ?? []), i]);
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] ?? 0) - (b[0] ?? 0));
}

export async function buildLinkageDigest(em: EntityManager, now: Date): Promise<LinkageDigest> {
  const week = digestWeek(now);
  const rows = await load(em, week, now);
  const all = [...rows.fresh, ...rows.dueSoon, ...rows.overdue, ...rows.answeredLate];
  const ids = [...new Set(all.map((i) => i.toAgencyId).filter((x): x is number => x !== null))];
  const agencies = new Map((ids.length ? await em.find(Agency, { where: { id: In(ids) } }) : []).map((a) => [a.id, a]));
  const agencyName = (id: number | null) => (id !== null && agencies.has(id) ? mdText(agencies.get(id)!.name) : '未指定单位');
  const heading = (who: string) => `**${who}联动事项周报（${day(week.start, now)}）**`;
  const periods = `> 上周：${span(week.lastStart, week.start, now)}　本周：${span(week.start, week.end, now)}`;

  const overdueGroups = byAgency(rows.overdue);
  const office = all.length === 0
    ? [heading(''), NOTHING_THIS_WEEK]
    : [
      heading(''),
      periods,
      `> 上周新登记 ${rows.fresh.length} 件，本周到期 ${rows.dueSoon.length} 件，已超期 ${rows.overdue.length} 件，上周逾期答复 ${rows.answeredLate.length} 件`,
      ...section(`上周新登记（${rows.fresh.length} 件）`, rows.fresh.map((i) => `· ${itemName(i)} → ${agencyName(i.toAgencyId)}，${due(i, now)}`)),
      ...section(`本周到期（${rows.dueSoon.length} 件）`, rows.dueSoon.map((i) => `· ${itemName(i)} → ${agencyName(i.toAgencyId)}，${due(i, now)}`)),
      ...section(`已超期（${rows.overdue.length} 件，按单位）`, overdueGroups.flatMap(([id, items]) => [
        `${agencyName(id)}（${items.length} 件）：`,
        ...items.map((i) => `· ${itemName(i)}，${due(i, now)}，已超期 ${daysLate(i.dueAt!, now)} 天`),
      ])),
      ...section(`上周逾期答复（${rows.answeredLate.length} 件）`, rows.answeredLate.map(
        (i) => `· ${itemName(i)} → ${agencyName(i.toAgencyId)}，${due(i, now)}，${day(i.answeredAt!, now)}答复（逾期 ${daysLate(i.dueAt!, i.answeredAt!)} 天）`,
      )),
    ];

  // Each receiving agency: what it must act on, overdue first. The liaison
  // office reads the whole district above, so it gets no second list.
  const perAgency: LinkageDigest['agencies'] = [];
  for (const id of ids) {
    const agency = agencies.get(id);
    if (!agency || agency.kind === 'liaison_office') continue;
    const mine = (list: LinkageItem[]) => list.filter((i) => i.toAgencyId === id);
    const [overdue, dueSoon, fresh] = [mine(rows.overdue), mine(rows.dueSoon), mine(rows.fresh)];
    if (!overdue.length && !dueSoon.length && !fresh.length) continue;
    perAgency.push({
      agency,
      content: [
        heading(mdText(agency.name)),
        periods,
        ...section(`已超期（${overdue.length} 件）`, overdue.map((i) => `· ${itemName(i)}，${due(i, now)}，已超期 ${daysLate(i.dueAt!, now)} 天`)),
        ...section(`本周到期（${dueSoon.length} 件）`, dueSoon.map((i) => `· ${itemName(i)}，${due(i, now)}`)),
        ...section(`上周新收（${fresh.length} 件）`, fresh.map((i) => `· ${itemName(i)}，${due(i, now)}`)),
        '请及时签收、办理并反馈；发“待办”查看您的全部待办。',
      ].join('\n'),
    });
  }
  return { week, office: office.join('\n'), agencies: perAgency };
}
