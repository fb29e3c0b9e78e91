import { readFileSync } from 'node:fs';
import test from 'ava';
import { readCalendarFile } from '../../server/domain/calendar/calendar-files';
import { DomainError } from '../../server/domain/errors';

// The two file forms a year's arrangement comes in.

const pkg = (name: string) => {
  const path = require.resolve(`chinese-days/dist/${name}`);
  return [path, readFileSync(path, 'utf8')] as const;
};

test('the package\'s per-year JSON: holidays and make-up days with their Chinese names', (t) => {
  const [y] = readCalendarFile(...pkg('years/2026.json'));
  t.is(y!.year, 2026);
  t.deepEqual(y!.workdays.map((d) => d.date), ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  t.deepEqual(y!.workdays.find((d) => d.date === '2026-10-10'), { date: '2026-10-10', name: '国庆节' });
  t.true(y!.holidays.some((d) => d.date === '2026-10-01' && d.name === '国庆节'));
  t.true(y!.holidays.some((d) => d.date === '2026-09-25' && d.name === '中秋'));
});

test('the package\'s .ics of a year gives the same days as its JSON', (t) => {
  const [fromIcs] = readCalendarFile(...pkg('years/2026.ics'));
  const [fromJson] = readCalendarFile(...pkg('years/2026.json'));
  t.deepEqual(fromIcs!.holidays.map((d) => d.date), fromJson!.holidays.map((d) => d.date));
  t.deepEqual(fromIcs!.workdays.map((d) => d.date), fromJson!.workdays.map((d) => d.date));
  t.is(fromIcs!.workdays[0]!.name, '元旦');
});

test('the package\'s three-year holidays.ics comes back as three years', (t) => {
  const years = readCalendarFile(...pkg('holidays.ics'));
  t.deepEqual(years.map((y) => y.year), [2024, 2025, 2026]);
});

// A hand-written calendar in another common shape: folded lines, CRLF, ranges,
// 补班/上班 in the summary, a one-day event without DTEND, a BOM.
const ICS = [
  '\uFEFFBEGIN:VCALENDAR',
  'VERSION:2.0',
  'X-WR-CALNAME:2027年法定节假日',
  'BEGIN:VEVENT',
  'UID:2027-spring',
  'DTSTART;VALUE=DATE:20270205',
  'DTEND;VALUE=DATE:20270214',
  'SUMMARY:春节 假期 第1天/共9',
  ' 天',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:2027-spring-work',
  'DTSTART;VALUE=DATE:20270214',
  'SUMMARY:春节 补班',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART:20271009T000000',
  'DTEND:20271010T000000',
  'SUMMARY:国庆节调休',
  'CATEGORIES:上班',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20271001',
  'DTEND;VALUE=DATE:20271008',
  'SUMMARY:国庆节\\, 中秋节',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

test('an .ics: date ranges (DTEND exclusive), 班 marks make-up days, folded lines and escapes', (t) => {
  const [y, ...more] = readCalendarFile('2027.ics', ICS);
  t.is(more.length, 0);
  t.is(y!.year, 2027);
  t.deepEqual(y!.holidays.map((d) => d.date), [
    '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13',
    '2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07',
  ]);
  t.is(y!.holidays[0]!.name, '春节 假期 第1天/共9天');
  t.is(y!.holidays.at(-1)!.name, '国庆节, 中秋节');
  t.deepEqual(y!.workdays, [{ date: '2027-02-14', name: '春节 补班' }, { date: '2027-10-09', name: '国庆节调休' }]);
});

test('a JSON file in the API\'s form: lists of dates, no names', (t) => {
  const [y] = readCalendarFile('2027.json', JSON.stringify({ holidays: ['2027-10-01', '2027-01-01'], workdays: ['2027-10-09'] }));
  t.deepEqual(y, { year: 2027, holidays: [{ date: '2027-01-01', name: null }, { date: '2027-10-01', name: null }], workdays: [{ date: '2027-10-09', name: null }] });
});

test('files that are neither form are refused in Chinese', (t) => {
  const refuse = (name: string, content: string, message: RegExp) => {
    const err = t.throws(() => readCalendarFile(name, content), { instanceOf: DomainError });
    t.regex(err!.message, message);
  };
  refuse('x.json', 'not json', /既不是 JSON 也不是/);
  refuse('x.json', '{"days": []}', /chinese-days 的年度格式/);
  refuse('x.json', '{"holidays": {"2027-02-30": "x"}}', /2027-02-30.*不是有效的日期/);
  refuse('x.ics', 'BEGIN:VCALENDAR\nEND:VCALENDAR', /没有日程/);
  refuse('x.ics', 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:元旦\nDTSTART:2027-01-01\nEND:VEVENT\nEND:VCALENDAR', /元旦.*DTSTART/);
});
