import test from 'ava';
import { categoryInfo } from '../../server/domain/disputes/dispute-categories';
import { formatUntil } from '../../server/domain/shanghai-time';

// Issue 11, "Words": plain words residents understand, the official term in brackets.

test('a deadline reads 至2026年5月1日, on the Shanghai day it falls', (t) => {
  const table: Array<[string, string]> = [
    ['2026-05-01T15:59:00Z', '至2026年5月1日'], // 23:59 in Shanghai
    ['2026-04-30T16:00:00Z', '至2026年5月1日'], // midnight in Shanghai
    ['2026-12-31T15:59:59Z', '至2026年12月31日'],
  ];
  for (const [at, expected] of table) t.is(formatUntil(new Date(at)), expected, at);
});

test('the categories residents pick say what happened, the official term in brackets', (t) => {
  t.is(categoryInfo('petition').label, '对法院案子有意见（涉诉信访）');
  t.is(categoryInfo('administrative').label, '和政府部门有争议（行政争议）');
  t.is(categoryInfo('neighbor').label, '邻里纠纷');
});
