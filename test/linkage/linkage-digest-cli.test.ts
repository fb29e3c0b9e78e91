import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { Agency, LinkageItem, Notification } from '../../entities';
import { migrate, openDatabase } from '../../server/db/data-source';
import { cleanEnv, spawnFuyuan } from '../helpers/cli.helper';

// `npx fuyuan digest` as an operator runs it: the week's digest written to the
// outbox once, whatever the number of runs; a bad --now is a usage error.

const dir = mkdtempSync(join(tmpdir(), 'fuyuan-cli-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

async function fuyuan(args: string[]) {
  const run = spawnFuyuan(args, cleanEnv({ FUYUAN_DATA_DIR: dir }));
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 60_000);
  const { code } = await run.exit;
  clearTimeout(timer);
  return { code, stderr: run.stderr(), lines: run.stdout().split('\n').filter((l) => l && !l.startsWith('{')) };
}

test('digest --now writes the week once; a rerun writes nothing; a bad --now is refused', async (t) => {
  const ds = await openDatabase({ sqlitePath: join(dir, 'fuyuan.sqlite') });
  await migrate(ds);
  const at = new Date('2026-11-01T00:00:00Z');
  const agency = (name: string, kind: 'liaison_office' | 'government', wecomWebhookKey: string) => ({
    name, kind, wecomWebhookKey, shortName: null, aliases: [], documentPrefix: null, parentId: null, categories: [], villages: [], wechatyRoomId: null, headUserId: null, createdAt: at,
  });
  const [, housing] = await ds.getRepository(Agency).save([agency('府院联动联席办公室', 'liaison_office', 'office-key-0001'), agency('宝塔区住房和城乡建设局', 'government', 'housing-key-0001')]);
  await ds.getRepository(LinkageItem).save({
    type: 'judicial_suggestion', documentNumber: '宝法建〔2026〕9号', title: '关于规范征收程序的司法建议', body: '', fromAgencyId: null, toAgencyId: housing!.id,
    assigneeId: null, status: 'registered', dueAt: new Date('2026-12-01T15:59:59.999Z'), dueKind: 'calendar', dueDays: 30, answeredAt: null, disputeId: null, createdAt: at, updatedAt: at,
  });
  await ds.destroy();

  const first = await fuyuan(['digest', '--now', '2026-12-07T09:00:00+08:00']);
  t.is(first.code, 0, first.stderr);
  t.deepEqual(first.lines, ['linkage digest 2026-W50: 2 group(s), 2 message(s) written to the outbox']);
  const again = await fuyuan(['digest', '--now', '2026-12-08T10:00:00+08:00']);
  t.deepEqual(again.lines, ['linkage digest 2026-W50: 0 group(s), 0 message(s) written to the outbox']);
  const bad = await fuyuan(['digest', '--now', 'next monday']);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--now must be an ISO date and time/);

  const check = await openDatabase({ sqlitePath: join(dir, 'fuyuan.sqlite') });
  try {
    const rows = await check.getRepository(Notification).find({ order: { id: 'ASC' } });
    t.deepEqual(rows.map((n) => [n.channel, n.target, n.dedupeKey]), [
      ['wecom-webhook', 'office-key-0001', 'linkage-digest:2026-W50:agency:1'],
      ['wecom-webhook', 'housing-key-0001', 'linkage-digest:2026-W50:agency:2'],
    ]);
    t.regex(String((rows[1]!.payload as { content: string }).content), /宝法建〔2026〕9号 关于规范征收程序的司法建议，12月1日到期，已超期 6 天/);
  } finally {
    await check.destroy();
  }
});
