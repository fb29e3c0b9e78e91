import { IsNull, Not } from 'typeorm';
import { Agency, AuditEntry, Dispute, DisputeArticle, DisputeEntry, DisputeExtension, ExplanationRequest, Hearing, HearingSubscription, LinkageEvent, LinkageItem, Notification, ReportFile, Session, User } from '../../entities';
import { startHarness, type Harness } from '../helpers/app-harness';
import { eachDb, type TestDb } from '../helpers/databases';
import { adminPost, BAOTA_AGENCIES, BAOTA_PEOPLE, issueToken, mpLogin, ok, pick, seedDistrict } from '../helpers/district.helper';
import { runRoleMatrix, type MatrixRow } from '../helpers/role-matrix.helper';
import { countRows } from '../helpers/row-counts.helper';
import { wxPrefixWecom } from '../helpers/wecom-login.helper';

// Who may do what: every role against every route, each cell an exact status.
// A refused cell also leaves every table as it was; an allowed cell is checked
// for doing what it says.

// `mediator` handles the matrix's disputes; `head` is another mediator of the same
// committee and its head. `official` works for an agency (the 司法局); `liaison`
// for the liaison office (联席办), which sees every hearing.
type Actor = 'anonymous' | 'resident' | 'mediator' | 'head' | 'judge' | 'official' | 'liaison' | 'adminToken' | 'adminUser';
const ACTORS: Actor[] = ['anonymous', 'resident', 'mediator', 'head', 'judge', 'official', 'liaison', 'adminToken', 'adminUser'];
const ROLE: Record<Actor, string> = {
  anonymous: '', resident: 'resident', mediator: 'mediator', head: 'mediator', judge: 'judge', official: 'official', liaison: 'official', adminToken: 'admin', adminUser: 'admin',
};

interface World {
  h: Harness;
  tokens: Record<Actor, string | null>;
  ids: Record<Actor, number | null>;
  otherResidentId: number;
  otherResidentToken: string;
  agencyId: number;
  // A failed outbox row for each actor to retry.
  failed: Record<Actor, number>;
  // A member of staff no actor is: the user the admin routes change.
  targetId: number;
  // A second token of each actor's, for logout to end.
  spare: Record<Actor, string | null>;
  // 延期: a dispute with no extension yet; one extension waiting for approval per
  // approver (the refused try the head's: they are refused before its state is read);
  // one approved, waiting for the parties. A resident files at most 5 a day.
  disputes: {
    fresh: number;
    pending: Record<'head' | 'adminToken' | 'adminUser', { id: number; ext: number }>;
    approved: { id: number; ext: number };
    // 司法确认: the resident's dispute, resolved.
    resolved: number;
  };
  // Hearings: `own` and `past` have the official's agency as defendant, `other` another agency.
  hearings: { own: number; other: number; past: number; officialAgencyId: number };
  // 开庭提醒: the resident's own subscription, and another resident's.
  subscriptions: { mine: number; theirs: number };
  // 法官说法: an article of another category than the disputes', for a judge to attach.
  articleId: number;
  // 联动事项 the court sent: to the official's agency, and to another.
  linkage: { own: number; other: number; officialAgencyId: number; otherAgencyId: number };
}
const only = (allowed: Actor[], ok: number, denied = 403) => (me: Actor) =>
  me === 'anonymous' ? 401 : allowed.includes(me) ? ok : denied;
const ADMINS: Actor[] = ['adminToken', 'adminUser'];
const STAFF: Actor[] = ['mediator', 'head', 'judge', 'official', 'liaison', ...ADMINS];
const SIGNED_IN: Actor[] = ['resident', ...STAFF];
// Hearings: the court, officials (in scope) and admins read; the court and admins write.
const HEARING_READERS: Actor[] = ['judge', 'official', 'liaison', ...ADMINS];
const COURT: Actor[] = ['judge', ...ADMINS];
const pendingOf = (w: World, me: Actor) => w.disputes.pending[me === 'adminToken' || me === 'adminUser' ? me : 'head'];
const csv = (rows: string[]) => ({ rawBody: rows.join('\n'), headers: { 'content-type': 'text/csv; charset=utf-8' } });

const MATRIX: Array<MatrixRow<World, Actor>> = [
  { route: 'POST /api/auth/mp-login', call: (_w, me, n) => ({ method: 'POST', path: '/api/auth/mp-login', body: { code: `m-${me}-${n}` } }),
    expect: () => 200, verify: (t, r) => t.is(r.body.user.role, 'resident') },
  { route: 'POST /api/auth/wecom-login', call: () => ({ method: 'POST', path: '/api/auth/wecom-login', body: { code: 'wx-mediator' } }),
    expect: () => 200, verify: (t, r, w) => t.deepEqual(r.body.user, { id: w.ids.mediator, role: 'mediator' }) },
  // The console's login page; development login is off in this harness, so its two routes do not exist.
  { route: 'GET /api/auth/options', call: () => ({ method: 'GET', path: '/api/auth/options' }), expect: () => 200,
    verify: (t, r) => t.deepEqual(r.body, { devLogin: false, wecomCorpId: null }) },
  { route: 'GET /api/auth/dev-users', call: () => ({ method: 'GET', path: '/api/auth/dev-users' }), expect: () => 404 },
  { route: 'POST /api/auth/dev-login', call: (w) => ({ method: 'POST', path: '/api/auth/dev-login', body: { userId: w.ids.judge } }), expect: () => 404 },
  { route: 'GET /api/me/todo', call: () => ({ method: 'GET', path: '/api/me/todo' }), expect: only(STAFF, 200),
    verify: (t, r) => t.true(Array.isArray(r.body.items)) },
  { route: 'GET /api/me', call: () => ({ method: 'GET', path: '/api/me' }), expect: only(SIGNED_IN, 200),
    verify: (t, r, w, me) => {
      t.is(r.body.id, w.ids[me]);
      t.is(r.body.role, ROLE[me]);
    } },
  { route: 'POST /api/agencies', call: (_w, me, n) => ({ method: 'POST', path: '/api/agencies', body: { name: `${me} 新建单位 ${n}`, kind: 'other' } }),
    expect: only(ADMINS, 201), verify: (t, r) => t.true(Number.isInteger(r.body.id)) },
  { route: 'GET /api/agencies', call: () => ({ method: 'GET', path: '/api/agencies' }), expect: only(STAFF, 200),
    verify: (t, r) => t.true(r.body.items.length >= 3) },
  { route: 'PATCH /api/agencies/:id', call: (w, _me, n) => ({ method: 'PATCH', path: `/api/agencies/${w.agencyId}`, body: { aliases: [`别名${n}`] } }),
    expect: only(ADMINS, 200), verify: (t, r) => t.regex(r.body.aliases[0], /^别名\d+$/) },
  // The same change posted, for clients without PATCH.
  { route: 'POST /api/agencies/:id', call: (w, _me, n) => ({ method: 'POST', path: `/api/agencies/${w.agencyId}`, body: { shortName: `简称${n}` } }),
    expect: only(ADMINS, 200), verify: (t, r) => t.regex(r.body.shortName, /^简称\d+$/) },
  { route: 'POST /api/agencies/:id/room', call: (w, _me, n) => ({ method: 'POST', path: `/api/agencies/${w.agencyId}/room`, body: { roomId: `room-${n}@chatroom` } }),
    expect: only(ADMINS, 200), verify: (t, r) => t.regex(r.body.wechatyRoomId, /^room-\d+@chatroom$/) },
  // The village picker: everyone signed in, residents first of all.
  { route: 'GET /api/places', call: () => ({ method: 'GET', path: '/api/places' }), expect: only(SIGNED_IN, 200),
    verify: (t, r) => t.true(Array.isArray(r.body.townships)) },
  { route: 'GET /api/agencies/:id', call: (w) => ({ method: 'GET', path: `/api/agencies/${w.agencyId}` }), expect: only(STAFF, 200),
    verify: (t, r, w) => t.is(r.body.id, w.agencyId) },
  { route: 'POST /api/users', call: (w, me, n) => ({ method: 'POST', path: '/api/users', body: { name: `${me}-${n}`, role: 'admin' } }),
    expect: only(ADMINS, 201), verify: (t, r) => t.is(r.body.role, 'admin') },
  { route: 'GET /api/users', call: () => ({ method: 'GET', path: '/api/users' }), expect: only(ADMINS, 200),
    verify: (t, r) => t.true(r.body.total >= 7) },
  // Your own record: everyone signed in reads it. The admin token has none, so it reads a resident's.
  { route: 'GET /api/users/:own', call: (w, me) => ({ method: 'GET', path: `/api/users/${w.ids[me] ?? w.otherResidentId}` }),
    expect: only(SIGNED_IN, 200), verify: (t, r, w, me) => t.is(r.body.id, w.ids[me] ?? w.otherResidentId) },
  // Someone else's record answers 404 to all but an admin: ids cannot be probed.
  { route: 'GET /api/users/:other', call: (w) => ({ method: 'GET', path: `/api/users/${w.otherResidentId}` }),
    expect: only(ADMINS, 200, 404), verify: (t, r, w) => t.is(r.body.id, w.otherResidentId) },
  { route: 'GET /api/users/:missing', call: () => ({ method: 'GET', path: '/api/users/999999' }), expect: only(SIGNED_IN, 404) },
  { route: 'POST /api/users/:id/tokens', call: (w) => ({ method: 'POST', path: `/api/users/${w.otherResidentId}/tokens` }),
    expect: only(ADMINS, 201), verify: (t, r) => t.regex(r.body.token, /^[\w-]{40,}$/) },
  { route: 'PATCH /api/users/:id', call: (w, _me, n) => ({ method: 'PATCH', path: `/api/users/${w.targetId}`, body: { villages: [`村${n}`] } }),
    expect: only(ADMINS, 200), verify: (t, r) => t.true(/^村\d+$/.test(r.body.villages[0])) },
  { route: 'PATCH /api/users/:id (bad body)', call: (w) => ({ method: 'PATCH', path: `/api/users/${w.targetId}`, body: { role: 'king', active: false } }),
    expect: only(ADMINS, 400) },
  { route: 'PATCH /api/users/:missing', call: () => ({ method: 'PATCH', path: '/api/users/999999', body: { active: false } }),
    expect: only(ADMINS, 404) },
  { route: 'DELETE /api/users/:id/tokens', call: (w) => ({ method: 'DELETE', path: `/api/users/${w.targetId}/tokens` }),
    expect: only(ADMINS, 200), verify: (t, r) => t.true(Number.isInteger(r.body.revoked)) },
  { route: 'DELETE /api/users/:missing/tokens', call: () => ({ method: 'DELETE', path: '/api/users/999999/tokens' }),
    expect: only(ADMINS, 404) },
  // Everyone signed in ends their own session; the shared admin token is configuration, not a session.
  { route: 'POST /api/auth/logout', call: (w, me) => ({ method: 'POST', path: '/api/auth/logout', token: w.spare[me] }),
    expect: (me) => (me === 'adminToken' ? 409 : only(SIGNED_IN, 204)(me)), refusal: { 409: 'ADMIN_TOKEN_SHARED' },
    verify: (t, r) => t.is(r.text, '') },
  { route: 'GET /api/notifications', call: () => ({ method: 'GET', path: '/api/notifications?status=failed' }), expect: only(ADMINS, 200),
    verify: (t, r) => t.true(r.body.total >= 1) },
  { route: 'POST /api/notifications/:id/retry', call: (w, me) => ({ method: 'POST', path: `/api/notifications/${w.failed[me]}/retry` }),
    expect: only(ADMINS, 200), verify: (t, r) => t.is(r.body.status, 'pending') },
  { route: 'POST /api/notifications/:missing/retry', call: () => ({ method: 'POST', path: '/api/notifications/999999/retry' }),
    expect: only(ADMINS, 404) },
  { route: 'GET /api/calendar/:year', call: () => ({ method: 'GET', path: '/api/calendar/2026' }), expect: only(STAFF, 200),
    verify: (t, r) => t.like(r.body, { year: 2026, covered: true }) },
  { route: 'PUT /api/calendar/:year', call: (_w, me) => ({ method: 'PUT', path: '/api/calendar/2027', body: { holidays: ['2027-01-01'], workdays: [], source: `${me} 导入` } }),
    expect: only(ADMINS, 200), verify: (t, r, _w, me) => t.like(r.body, { year: 2027, covered: true, source: `${me} 导入` }) },
  // 延期: the dispute's mediator asks; another mediator of the committee (even its head) may not.
  { route: 'POST /api/disputes/:id/extensions', call: (w) => ({ method: 'POST', path: `/api/disputes/${w.disputes.fresh}/extensions`, body: { days: 15, reason: '双方需补充证据材料' } }),
    expect: only(['mediator'], 201), verify: (t, r) => t.like(r.body, { days: 15, status: 'requested' }) },
  // The committee's head or an admin approves; the mediator who asked may not; an official who cannot see the dispute is told it does not exist.
  { route: 'POST /api/disputes/:id/extensions/:extId/approve', call: (w, me) => {
    const d = pendingOf(w, me);
    return { method: 'POST', path: `/api/disputes/${d.id}/extensions/${d.ext}/approve` };
  }, expect: (me) => (me === 'official' || me === 'liaison' ? 404 : only(['head', ...ADMINS], 200)(me)),
  verify: (t, r) => t.like(r.body, { status: 'requested', waitingFor: ['申请人同意', '对方当事人同意'] }) },
  // Another resident is told the dispute does not exist.
  { route: 'POST /api/disputes/:id/extensions/:extId/consent (another resident)', call: (w, me) => ({
    method: 'POST', path: `/api/disputes/${w.disputes.approved.id}/extensions/${w.disputes.approved.ext}/consent`, token: me === 'resident' ? w.otherResidentToken : undefined,
  }), expect: only(['resident'], 404) },
  // The mediator records the other party first, so the head, after him, meets an extension still open.
  { route: 'POST /api/disputes/:id/extensions/:extId/other-party-consent', call: (w) => ({ method: 'POST', path: `/api/disputes/${w.disputes.approved.id}/extensions/${w.disputes.approved.ext}/other-party-consent` }),
    expect: only(['mediator'], 200), verify: (t, r) => t.like(r.body, { status: 'requested', waitingFor: ['申请人同意'] }) },
  { route: 'POST /api/disputes/:id/extensions/:extId/consent', call: (w) => ({ method: 'POST', path: `/api/disputes/${w.disputes.approved.id}/extensions/${w.disputes.approved.ext}/consent` }),
    expect: only(['resident'], 200), verify: (t, r) => t.like(r.body, { status: 'effective', statusLabel: '已生效' }) },
  // 请法官说法: the committee's mediators (the head is one) and admins ask; the judges are asked, not asking.
  { route: 'POST /api/disputes/:id/explanation-requests', call: (w, me) => ({ method: 'POST', path: `/api/disputes/${w.disputes.fresh}/explanation-requests`, body: { question: `${me}：楼道堆物是否违反消防法？` } }),
    expect: only(['mediator', 'head', ...ADMINS], 201), verify: (t, r, w) => t.like(r.body, { disputeId: w.disputes.fresh, answeredAt: null }) },
  { route: 'POST /api/disputes/:id/articles', call: (w) => ({ method: 'POST', path: `/api/disputes/${w.disputes.fresh}/articles`, body: { articleId: w.articleId } }),
    expect: only(['judge'], 201), verify: (t, r, w) => t.is(r.body.articles[0].id, w.articleId) },
  // 司法确认: the dispute's committee records the other party (its head after, meeting it recorded); then the resident applies.
  { route: 'POST /api/disputes/:id/confirmation/other-party', call: (w) => ({ method: 'POST', path: `/api/disputes/${w.disputes.resolved}/confirmation/other-party` }),
    expect: (me) => (me === 'head' ? 409 : only(['mediator'], 200)(me)), refusal: { 409: 'CONFIRMATION_APPLIED' },
    verify: (t, r) => t.like(r.body, { status: 'resolved', confirmation: { residentAppliedAt: null } }) },
  { route: 'POST /api/disputes/:id/confirmation (another resident)', call: (w, me) => ({
    method: 'POST', path: `/api/disputes/${w.disputes.resolved}/confirmation`, token: me === 'resident' ? w.otherResidentToken : undefined,
  }), expect: only(['resident'], 404) },
  { route: 'POST /api/disputes/:id/confirmation', call: (w) => ({ method: 'POST', path: `/api/disputes/${w.disputes.resolved}/confirmation` }),
    expect: only(['resident'], 200), verify: (t, r) => t.is(r.body.status, 'confirmation_requested') },
  // Hearings: an agency's official sees only those where the agency is the defendant.
  { route: 'GET /api/hearings', call: () => ({ method: 'GET', path: '/api/hearings' }), expect: only(HEARING_READERS, 200),
    verify: (t, r, w, me) => {
      const defendants = r.body.items.map((x: any) => x.defendantAgency?.id);
      if (me === 'official') t.deepEqual(defendants, [w.hearings.officialAgencyId, w.hearings.officialAgencyId]);
      else t.true(defendants.length >= 3);
    } },
  { route: 'GET /api/hearings/:own', call: (w) => ({ method: 'GET', path: `/api/hearings/${w.hearings.own}` }), expect: only(HEARING_READERS, 200),
    verify: (t, r, w) => t.is(r.body.id, w.hearings.own) },
  { route: 'GET /api/hearings/:other', call: (w) => ({ method: 'GET', path: `/api/hearings/${w.hearings.other}` }),
    expect: (me) => (me === 'official' ? 404 : only(HEARING_READERS, 200)(me)), verify: (t, r, w) => t.is(r.body.id, w.hearings.other) },
  { route: 'POST /api/hearings', call: (_w, _me, n) => ({ method: 'POST', path: '/api/hearings', body: { caseNumber: `（2026）陕0602行初${100 + n}号`, startsAt: '2026-12-15T09:00:00+08:00' } }),
    expect: only(COURT, 201), verify: (t, r) => t.like(r.body, { session: 1, status: 'scheduled' }) },
  { route: 'PATCH /api/hearings/:id', call: (w, _me, n) => ({ method: 'PATCH', path: `/api/hearings/${w.hearings.other}`, body: { courtRoom: `第${n}法庭` } }),
    expect: only(COURT, 200), verify: (t, r) => t.regex(r.body.courtRoom, /^第\d+法庭$/) },
  // After the hearing the court records who appeared; before it, the defendant's official (not the liaison office) declares.
  { route: 'POST /api/hearings/:id/appearance', call: (w) => ({ method: 'POST', path: `/api/hearings/${w.hearings.past}/appearance`, body: { appearance: 'deputy', name: '钱副局长' } }),
    expect: only(COURT, 200), verify: (t, r) => t.like(r.body, { appearance: 'deputy', status: 'held' }) },
  { route: 'POST /api/hearings/:id/declaration', call: (w) => ({ method: 'POST', path: `/api/hearings/${w.hearings.own}/declaration`, body: { declaration: 'head' } }),
    expect: only(['official', ...ADMINS], 200), verify: (t, r) => t.is(r.body.declaration, 'head') },
  // The court and the liaison office import the calendar; an agency's official may not.
  { route: 'POST /api/hearings/import', call: () => ({ method: 'POST', path: '/api/hearings/import', ...csv(['案号,开庭时间', '（2026）陕0602行初77号,2026-12-20 09:00']) }),
    expect: only(['judge', 'liaison', ...ADMINS], 200), verify: (t, r) => t.is(r.body.created + r.body.unchanged, 1) },
  { route: 'GET /api/reports/appearance', call: () => ({ method: 'GET', path: '/api/reports/appearance?half=2026H2' }), expect: only(HEARING_READERS, 200),
    verify: (t, r) => t.is(r.body.report, 'appearance') },
  // Reports: staff in their scope (a mediator only the disputes one); kept files to the liaison office and admins.
  { route: 'GET /api/reports/disputes', call: () => ({ method: 'GET', path: '/api/reports/disputes?month=2026-11&format=xlsx' }), expect: only(STAFF, 200),
    verify: (t, r) => t.regex(r.headers.get('content-disposition') ?? '', /^attachment; /) },
  { route: 'GET /api/reports/linkage', call: () => ({ method: 'GET', path: '/api/reports/linkage?half=2026H2' }), expect: only(HEARING_READERS, 200),
    verify: (t, r) => t.is(r.body.report, 'linkage') },
  { route: 'GET /api/report-files', call: () => ({ method: 'GET', path: '/api/report-files' }), expect: only(['liaison', ...ADMINS], 200),
    verify: (t, r) => t.deepEqual(r.body.items, []) },
  // 开庭提醒: residents only, each their own.
  { route: 'POST /api/hearing-subscriptions', call: () => ({ method: 'POST', path: '/api/hearing-subscriptions', body: { caseNumber: '（2026）陕0602行初13号' } }),
    expect: only(['resident'], 201), verify: (t, r) => t.is(r.body.caseNumber, '（2026）陕0602行初13号') },
  { route: 'GET /api/hearing-subscriptions', call: () => ({ method: 'GET', path: '/api/hearing-subscriptions' }), expect: only(['resident'], 200),
    verify: (t, r, w) => t.false(r.body.items.some((x: any) => x.id === w.subscriptions.theirs)) },
  { route: 'DELETE /api/hearing-subscriptions/:theirs', call: (w) => ({ method: 'DELETE', path: `/api/hearing-subscriptions/${w.subscriptions.theirs}` }),
    expect: only(['resident'], 404) },
  { route: 'DELETE /api/hearing-subscriptions/:mine', call: (w) => ({ method: 'DELETE', path: `/api/hearing-subscriptions/${w.subscriptions.mine}` }),
    expect: only(['resident'], 204), verify: (t, r) => t.is(r.text, '') },
  // 联动事项: the court, agencies' officials (in scope), the liaison office and admins; an agency sends only legality reviews.
  { route: 'POST /api/linkage-items', call: (w) => ({ method: 'POST', path: '/api/linkage-items', body: { type: 'risk_letter', title: '风险提示', body: '内容', toAgencyId: w.linkage.otherAgencyId } }),
    expect: only(['judge', 'liaison', ...ADMINS], 201), verify: (t, r) => t.like(r.body, { type: 'risk_letter', status: 'registered' }) },
  { route: 'GET /api/linkage-items', call: () => ({ method: 'GET', path: '/api/linkage-items' }), expect: only(HEARING_READERS, 200),
    verify: (t, r, w, me) => (me === 'official' ? t.deepEqual(r.body.items.map((x: any) => x.id), [w.linkage.own]) : t.true(r.body.total >= 2)) },
  { route: 'GET /api/linkage-items/:other', call: (w) => ({ method: 'GET', path: `/api/linkage-items/${w.linkage.other}` }),
    expect: (me) => (me === 'official' ? 404 : only(HEARING_READERS, 200)(me)), verify: (t, r, w) => t.is(r.body.id, w.linkage.other) },
  // The sender's side urges; the receiver may not; an official outside the item is told it does not exist.
  { route: 'POST /api/linkage-items/:id/actions', call: (w) => ({ method: 'POST', path: `/api/linkage-items/${w.linkage.other}/actions`, body: { action: 'urge' } }),
    expect: (me) => (me === 'official' ? 404 : only(['judge', 'liaison', ...ADMINS], 200, 403)(me)), verify: (t, r) => t.is(r.body.status, 'registered') },
  { route: 'POST /api/linkage-items/:own/actions (receiver urging)', call: (w) => ({ method: 'POST', path: `/api/linkage-items/${w.linkage.own}/actions`, body: { action: 'urge' } }),
    expect: (me) => (me === 'official' ? 409 : only(['judge', 'liaison', ...ADMINS], 200, 403)(me)), refusal: { 409: 'TRANSITION_NOT_ALLOWED' } },
  { route: 'GET /healthz', call: () => ({ method: 'GET', path: '/healthz' }), expect: () => 200 },
  { route: 'GET /readyz', call: () => ({ method: 'GET', path: '/readyz' }), expect: () => 200 },
];

// Every table a route here could write to; of the outbox, the failed rows the retry route picks from.
// Extensions and hearings are also counted by their steps, which change a row rather than add one.
const counts = (db: TestDb) => countRows(db, {
  Agency, User, Session, AuditEntry, failed: { entity: Notification, where: { status: 'failed' } },
  Dispute, DisputeEntry, DisputeExtension, Hearing, HearingSubscription, ExplanationRequest, DisputeArticle, LinkageItem, LinkageEvent,
  approved: { entity: DisputeExtension, where: { approvedAt: Not(IsNull()) } },
  consented: { entity: DisputeExtension, where: { residentConsentAt: Not(IsNull()) } },
  otherConsented: { entity: DisputeExtension, where: { otherPartyConsentAt: Not(IsNull()) } },
  declared: { entity: Hearing, where: { declaration: Not(IsNull()) } },
  residentApplied: { entity: Dispute, where: { residentAppliedAt: Not(IsNull()) } },
  otherPartyApplied: { entity: Dispute, where: { otherPartyAppliedAt: Not(IsNull()) } },
  held: { entity: Hearing, where: { status: 'held' } },
  ReportFile,
});

const FORM = { category: 'neighbor', description: '邻居在公共楼道堆放杂物，影响通行和消防安全', village: '南关社区', otherParty: '王某', phone: '13800001111', consent: true };

// Everyone the matrix needs, made the way the product makes them: the admin API, and the mini-program login.
async function world(db: TestDb): Promise<World> {
  const h = await startHarness(db, { wecom: wxPrefixWecom });
  const { agencies: { committee, court, justice, resources }, people: { mediator, judge, official, liaison, adminUser } } = await seedDistrict(h, {
    agencies: {
      ...pick(BAOTA_AGENCIES, ['committee', 'court', 'justice', 'resources'], { committee: { categories: ['neighbor'] } }),
      liaisonOffice: { name: '宝塔区委依法治区委员会办公室', kind: 'liaison_office' },
    },
    people: {
      ...pick(BAOTA_PEOPLE, ['mediator', 'judge', 'official', 'adminUser'], { mediator: { wecomUserId: 'wx-mediator' } }),
      liaison: { name: '高联络', role: 'official', agency: 'liaisonOffice' },
    },
  });
  const resident = await mpLogin(h, 'resident-one');
  const other = await mpLogin(h, 'resident-two');
  const failed = {} as Record<Actor, number>;
  for (const actor of ACTORS) {
    const row = await db.ds.getRepository(Notification).save({
      channel: 'console', target: actor, payload: { text: '测试' }, dueAt: h.clock.now(), status: 'failed', attempts: 5,
      leaseUntil: null, leaseToken: null, lastError: 'HTTP 500', dedupeKey: `matrix:${actor}`,
      subjectType: null, subjectId: null, sentAt: null, createdAt: h.clock.now(),
    });
    failed[actor] = row.id;
  }

  // Disputes, filed while 王调解 is the committee's only mediator, so all are his.
  const as = (token: string) => ({ token });
  const file = async () => (await ok(h.request('POST', '/api/disputes', { ...as(resident.token), body: FORM }), 201)).id as number;
  const ask = async (id: number) => ({ id, ext: (await ok(h.request('POST', `/api/disputes/${id}/extensions`, { ...as(mediator.token), body: { days: 10, reason: '需要补充材料' } }), 201)).id as number });
  const fresh = await file();
  const pending = { head: await ask(await file()), adminToken: await ask(await file()), adminUser: await ask(await file()) };
  const approved = await ask(await file());
  // The resident has filed five today: the resolved one is filed by the other resident and made theirs.
  const resolved = (await ok(h.request('POST', '/api/disputes', { ...as(other.token), body: FORM }), 201)).id as number;
  await db.ds.getRepository(Dispute).update({ id: resolved }, { residentId: resident.user.id });
  for (const action of ['accept', 'mediate', 'resolve']) await ok(h.request('POST', `/api/disputes/${resolved}/transitions`, { ...as(mediator.token), body: { action } }), 200);
  await ok(h.request('POST', `/api/disputes/${approved.id}/extensions/${approved.ext}/approve`, as(h.adminToken)), 200);
  // Then the committee gets a head: another mediator, named head through the agency route.
  const head = await adminPost(h, '/api/users', { name: '高主任', role: 'mediator', agencyId: committee.id });
  await ok(h.request('PATCH', `/api/agencies/${committee.id}`, { ...as(h.adminToken), body: { headUserId: head.id } }), 200);
  const headToken = await issueToken(h, head.id);

  const hearing = async (caseNumber: string, startsAt: string, defendantAgencyId: number) =>
    (await ok(h.request('POST', '/api/hearings', { ...as(judge.token), body: { caseNumber, startsAt, defendantAgencyId } }), 201)).id as number;
  const hearings = {
    own: await hearing('（2026）陕0602行初12号', '2026-12-08T09:00:00+08:00', justice.id),
    other: await hearing('（2026）陕0602行初13号', '2026-12-09T09:00:00+08:00', resources.id),
    past: await hearing('（2026）陕0602行初10号', '2026-11-20T09:00:00+08:00', justice.id),
    officialAgencyId: justice.id,
  };
  const subscribe = async (token: string) => (await ok(h.request('POST', '/api/hearing-subscriptions', { ...as(token), body: { caseNumber: '（2026）陕0602行初12号' } }), 201)).id as number;
  const subscriptions = { mine: await subscribe(resident.token), theirs: await subscribe(other.token) };
  const send = async (toAgencyId: number) =>
    (await ok(h.request('POST', '/api/linkage-items', { ...as(judge.token), body: { type: 'judicial_suggestion', title: '司法建议', body: '内容', toAgencyId } }), 201)).id as number;
  const linkage = { own: await send(justice.id), other: await send(resources.id), officialAgencyId: justice.id, otherAgencyId: resources.id };

  const article = await ok(h.request('POST', '/api/articles', { ...as(judge.token), body: { category: 'labor', title: '拖欠工资怎么办', body: '保存考勤记录和工资条，可以先申请劳动争议调解，调解不成再申请仲裁。' } }), 201);

  const target = await adminPost(h, '/api/users', { name: '周目标', role: 'official', agencyId: court.id });
  await issueToken(h, target.id);
  const spare: Record<Actor, string | null> = {
    anonymous: null, resident: (await mpLogin(h, 'resident-one')).token, mediator: await issueToken(h, mediator.id), head: await issueToken(h, head.id),
    judge: await issueToken(h, judge.id), official: await issueToken(h, official.id), liaison: await issueToken(h, liaison.id), adminToken: h.adminToken,
    adminUser: await issueToken(h, adminUser.id),
  };
  return {
    h, agencyId: court.id, otherResidentId: other.user.id, otherResidentToken: other.token, failed, targetId: target.id, spare,
    disputes: { fresh, pending, approved, resolved }, hearings, subscriptions, articleId: article.id, linkage,
    tokens: {
      anonymous: null, resident: resident.token, mediator: mediator.token, head: headToken, judge: judge.token, official: official.token,
      liaison: liaison.token, adminToken: h.adminToken, adminUser: adminUser.token,
    },
    ids: {
      anonymous: null, resident: resident.user.id, mediator: mediator.id, head: head.id, judge: judge.id, official: official.id,
      liaison: liaison.id, adminToken: null, adminUser: adminUser.id,
    },
  };
}

eachDb('role × route: every cell answers its exact status; refusals change nothing', (t, db) => runRoleMatrix(t, db, world, MATRIX, ACTORS, counts));

eachDb('tokens stop working when they expire, are altered, or their user is disabled', async (t, db) => {
  const w = await world(db);
  const { h } = w;
  try {
    const me = (token: string | null) => h.request('GET', '/api/me', { token });
    for (const actor of ACTORS.filter((a) => a !== 'anonymous')) {
      t.is((await me(`${w.tokens[actor]}x`)).status, 401, `${actor}: altered token`);
    }
    // Staff sign in through WeCom only when registered as staff.
    await ok(h.request('POST', '/api/users', { token: h.adminToken, body: { name: '居民', role: 'resident', wecomUserId: 'wx-resident' } }), 201);
    const asResident = await h.request('POST', '/api/auth/wecom-login', { body: { code: 'wx-resident' } });
    t.is(asResident.body.error.code, 'STAFF_NOT_REGISTERED');
    t.is(asResident.status, 403);
    const unknown = await h.request('POST', '/api/auth/wecom-login', { body: { code: 'wx-stranger' } });
    t.is(unknown.status, 403);
    const badCode = await h.request('POST', '/api/auth/wecom-login', { body: { code: 'forged' } });
    t.is(badCode.status, 401);
    t.is(badCode.body.error.code, 'WECOM_CODE_INVALID');

    // A disabled user's tokens are refused at once, and a disabled resident cannot log in again.
    // Through the admin's route, which also forgets the users' cached sessions (session-cache.ts).
    await ok(h.request('PATCH', `/api/users/${w.ids.judge}`, { token: h.adminToken, body: { active: false } }), 200);
    await ok(h.request('PATCH', `/api/users/${w.ids.resident}`, { token: h.adminToken, body: { active: false } }), 200);
    t.is((await me(w.tokens.judge)).body.error.code, 'TOKEN_INVALID');
    t.is((await me(w.tokens.resident)).status, 401);
    const relogin = await h.request('POST', '/api/auth/mp-login', { body: { code: 'resident-one' } });
    t.is(relogin.status, 403);
    t.is(relogin.body.error.code, 'ACCOUNT_DISABLED');
    const tokenForDisabled = await h.request('POST', `/api/users/${w.ids.judge}/tokens`, { token: h.adminToken });
    t.is(tokenForDisabled.status, 409);

    // A login session lasts 24 hours; an API token a year.
    const session = await ok(h.request('POST', '/api/auth/mp-login', { body: { code: 'resident-three' } }), 200);
    h.clock.advance(24 * 3600 * 1000 - 1);
    t.is((await me(session.token)).status, 200);
    h.clock.advance(1);
    t.is((await me(session.token)).status, 401);
    t.is((await me(w.tokens.official)).status, 200);
    h.clock.advance(366 * 24 * 3600 * 1000);
    t.is((await me(w.tokens.official)).status, 401);
    t.is((await me(h.adminToken)).status, 200);
  } finally {
    await h.close();
  }
});
