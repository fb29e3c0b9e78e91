import test from 'ava';
import type { Dispute, User } from '../../entities';
import { cadreText, chatDigestCard, mediatorAssignedText, newDisputeCard, overdueCard, residentMessageText } from '../../server/domain/disputes/dispute-notices';

// Issue 11 ("Words"): every command a card asks staff to send is written out
// as 「如需…，请发：…」, and the overdue card never asks the mediator to 回复.

const d = { id: 7, serial: 'JF-2026-000007', category: 'neighbor', village: '南关社区', status: 'mediating', deadlineAt: new Date('2026-12-10T02:00:00Z'), callback: false } as unknown as Dispute;
const mediator = { name: '艾建国' } as User;
const ctx = { dispute: d, resident: { name: '张三' }, residentPhone: null };
const lastLines = (text: string, n: number) => text.split('\n').slice(-n);

const cases: Array<[string, string, string[]]> = [
  ['new dispute card', newDisputeCard(ctx, mediator), ['如需受理，请发：受理 JF-2026-000007', '如需答复，请发：回复 JF-2026-000007 答复内容']],
  ['assigned mediator', mediatorAssignedText(ctx), ['如需查看详情，请发：查看 JF-2026-000007；如需受理，请发：受理 JF-2026-000007']],
  ['overdue card', overdueCard(d, mediator, 3), ['请尽快化解；如需延期，请发：延期 JF-2026-000007 天数 原因']],
  ['resident message', residentMessageText(d, '你好'), ['如需答复，请发：回复 JF-2026-000007 答复内容']],
  ['chat digest', chatDigestCard(d, ['一', '二']), ['如需查看全文，请发：查看 JF-2026-000007', '如需答复，请发：回复 JF-2026-000007 答复内容']],
];

for (const [name, text, expected] of cases) {
  test(`${name}: the commands are written out`, (t) => {
    t.deepEqual(lastLines(text, expected.length), expected);
  });
}

test('the overdue card does not ask the mediator to 回复', (t) => {
  t.false(overdueCard(d, mediator, 3).includes('回复'));
});

test('the village cadre reads 包联', (t) => {
  t.is(cadreText(ctx, '南市街道人民调解委员会'), '您包联的南关社区有群众反映邻里纠纷（JF-2026-000007），已转南市街道人民调解委员会办理，请关注。');
});
