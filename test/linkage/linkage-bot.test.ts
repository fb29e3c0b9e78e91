import { LinkageEvent, Notification } from '../../entities';
import { createConversation } from '../../bot/conversation';
import { startHarness } from '../helpers/app-harness';
import { eachDb } from '../helpers/databases';
import { ok } from '../helpers/district.helper';
import { countRows } from '../helpers/row-counts.helper';
import { linkageDistrict } from './linkage-district.helper';

// The trail from chat: the court registers, the market bureau 签收 and 转办,
// the housing bureau assigns, the court 催办, the assignee 反馈, the court
// closes; 待办 lists open items, overdue first. Refusals write nothing.

eachDb('签收 → 转办 → 催办 → 反馈 from chat, with 待办 listing the open items', async (t, db) => {
  const h = await startHarness(db);
  try {
    const d = await linkageDistrict(h);
    const bot = createConversation({ services: h.services, now: () => h.clock.now() });
    const say = (from: string, text: string) => bot.handle({ from, text, via: 'wecom' });
    const post = (body: object) => ok(h.request('POST', '/api/linkage-items', { token: d.people.judge.token, body: { body: '内容', toAgencyId: d.agencies.market.id, ...body } }), 201);
    const item = await post({ type: 'judicial_suggestion', title: '关于食品许可的司法建议' });
    const late = await post({ type: 'risk_letter', title: '关于合同风险的提示函', due: { days: 1 } });
    h.clock.set('2026-11-28T02:00:00Z');

    // The overdue letter first; mediators have none.
    t.is(await say('baiganshi', '待办'), [
      '待办 2 件：',
      '【已超期】',
      `· 联动事项 风险提示函 #${late.id}“关于合同风险的提示函” 已登记，已超期`,
      '【联动事项】',
      '· 司法建议 宝法建〔2026〕1号“关于食品许可的司法建议” 已登记，期限 2027年1月26日 23:59',
      '发“签收 文号”签收，“反馈 文号 内容”反馈。',
    ].join('\n'));
    t.is(await say('lixiulan', '待办'), '暂无待办，辛苦了。', 'the sender has nothing to do');

    t.is(await say('baiganshi', '签收 宝法建[2026]1号'), '已签收：司法建议 宝法建〔2026〕1号“关于食品许可的司法建议”，办理期限 2027年1月26日 23:59。\n办结后请发“反馈 宝法建〔2026〕1号 内容”。');
    // Only the receiving side signs; the court is told what it may do instead.
    const before = await countRows(db, { LinkageEvent, Notification });
    t.is(await say('lixiulan', '签收 宝法建〔2026〕1号'), '当前状态下您不能“签收”');
    t.is(await say('hekezhang', '签收 宝法建〔2026〕1号'), '没有找到联动事项 宝法建〔2026〕1号，或您无权查看');
    t.is(await say('baiganshi', '转办 宝法建〔2026〕1号 不存在的局'), '没有找到单位“不存在的局”');
    t.deepEqual(await countRows(db, { LinkageEvent, Notification }), before, 'refusals wrote nothing');

    t.is(await say('baiganshi', '转办 宝法建〔2026〕1号 宝塔区住房和城乡建设局'), '已移送：司法建议 宝法建〔2026〕1号“关于食品许可的司法建议”已转至宝塔区住房和城乡建设局，新的办理期限 2027年1月28日 23:59。');
    await ok(h.request('POST', `/api/linkage-items/${item.id}/actions`, { token: d.people.housing.token, body: { action: 'assign', assigneeId: d.people.housingStaff.id } }), 200);
    t.is(await say('lixiulan', `催办 #${item.id} 请本月内反馈`), '已催办：司法建议 宝法建〔2026〕1号“关于食品许可的司法建议”，已通知宝塔区住房和城乡建设局。');
    t.is(await say('gaozhuanyuan', '反馈 宝法建（２０２６）１号 已建立许可复核制度。'), '已反馈：司法建议 宝法建〔2026〕1号“关于食品许可的司法建议”。来文单位已收到通知。');
    await ok(h.request('POST', `/api/linkage-items/${item.id}/actions`, { token: d.people.judge.token, body: { action: 'close' } }), 200);

    const events = (await ok(h.request('GET', `/api/linkage-items/${item.id}`, { token: d.people.judge.token }), 200)).events;
    t.deepEqual(events.map((e: any) => [e.action, e.actor.name]), [
      ['register', '李秀兰'], ['sign', '白干事'], ['transfer', '白干事'], ['assign', '贺科长'], ['urge', '李秀兰'], ['feedback', '高专员'], ['close', '李秀兰'],
    ]);
    t.is(events[4].note, '请本月内反馈');
  } finally {
    await h.close();
  }
});
