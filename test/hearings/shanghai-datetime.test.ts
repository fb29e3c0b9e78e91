import test from 'ava';
import { fromExcelDate, fromExcelSerial, parseShanghaiDateTime } from '../../server/domain/hearings/shanghai-datetime';

// 2026-12-08 09:00 in Shanghai is 01:00 UTC.
const NINE = '2026-12-08T01:00:00.000Z';
const FORMS: Array<[string, string]> = [
  ['2026-12-08 09:00', NINE],
  ['2026/12/8 9:00', NINE],
  ['2026.12.8 9:00', NINE],
  ['2026年12月8日 9:00', NINE],
  ['2026年12月8日9时', NINE],
  ['2026年12月8日 上午9时', NINE],
  ['2026年12月8日上午9点', NINE],
  ['2026-12-08T09:00:00', NINE],
  ['2026-12-08 09:00:00', NINE],
  ['２０２６年１２月８日　９：００', NINE],
  [' 2026-12-8 9:00 ', NINE],
  ['2026年12月8日 下午2:30', '2026-12-08T06:30:00.000Z'],
  ['2026年12月8日下午2时30分', '2026-12-08T06:30:00.000Z'],
  ['2026年12月8日 下午3点半', '2026-12-08T07:30:00.000Z'],
  ['2026-12-08 14:30', '2026-12-08T06:30:00.000Z'],
  ['2026-12-08 下午14:30', '2026-12-08T06:30:00.000Z'],
];
for (const [text, iso] of FORMS) {
  test(`read as Shanghai time: ${JSON.stringify(text)}`, (t) => {
    const r = parseShanghaiDateTime(text);
    if (!r.ok) return t.fail(r.error);
    t.is(r.at.toISOString(), iso);
  });
}

const REFUSED: Array<[string, RegExp]> = [
  ['', /为空/],
  ['2026-12-08', /缺少时刻/],
  ['下周一上午', /无法识别的开庭时间/],
  ['2026-02-30 09:00', /2026年2月30日 不存在/],
  ['2026-13-01 09:00', /不存在/],
  ['2026-12-08 25:00', /不存在/],
  ['2026-12-08 九点', /无法识别的开庭时刻/],
];
for (const [text, reason] of REFUSED) {
  test(`refused: ${JSON.stringify(text)}`, (t) => {
    const r = parseShanghaiDateTime(text);
    t.false(r.ok);
    if (!r.ok) t.regex(r.error, reason);
  });
}

test("Excel's date cells and serial numbers are wall time in Shanghai", (t) => {
  const cell = fromExcelDate(new Date(Date.UTC(2026, 11, 8, 9, 0)));
  t.true(cell.ok && cell.at.toISOString() === NINE);
  // 46364 is 2026-12-08; .375 is 09:00.
  const serial = fromExcelSerial(46364.375);
  t.true(serial.ok && serial.at.toISOString() === NINE);
  t.false(fromExcelSerial(-3).ok);
  t.false(fromExcelDate(new Date(Number.NaN)).ok);
});
