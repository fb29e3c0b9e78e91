import type { Harness, Reply } from './app-harness';

// A district made the way the product makes one: agencies and staff through
// the admin API, each staff member with an API token ready, residents signed
// in through the mini-program login. Tests pick the agencies and people they
// need from the two casts below, in the order they should be created (ids
// follow that order), and change a field or two where a test needs it.

// Setup steps, not assertions: a wrong status throws with the answer in the message.
export async function ok(r: Promise<Reply>, status: number): Promise<any> {
  const reply = await r;
  if (reply.status !== status) throw new Error(`setup: expected ${status}, got ${reply.status} ${reply.text.slice(0, 300)}`);
  return reply.body;
}

// POST as the admin token, expecting 201.
export const adminPost = (h: Harness, path: string, body?: unknown) => ok(h.request('POST', path, { token: h.adminToken, body }), 201);

// A resident signed in through the mini-program (`dev-<code>` is their openid).
export async function mpLogin(h: Harness, code: string): Promise<{ token: string; user: { id: number; role: string } }> {
  return ok(h.request('POST', '/api/auth/mp-login', { body: { code } }), 200);
}
export const residentToken = async (h: Harness, code: string) => (await mpLogin(h, code)).token;

// An API token for a user that already exists (the seeded demo district's staff, say).
export const issueToken = async (h: Harness, userId: number) => (await adminPost(h, `/api/users/${userId}/tokens`)).token as string;

export interface AgencySpec {
  name: string;
  kind: string;
  categories?: readonly string[];
  villages?: readonly string[];
  wecomWebhookKey?: string;
}

export interface PersonSpec<A extends string = string> {
  name: string;
  role: string;
  // A key of the district's agencies; null sends `agencyId: null`, absent sends none.
  agency?: A | null;
  villages?: readonly string[];
  wecomUserId?: string;
}

export interface DistrictSpec<A extends string, P extends string, R extends string> {
  agencies: Record<A, AgencySpec>;
  // Made through POST /api/users, each given an API token.
  people?: Record<P, PersonSpec<NoInfer<A>>>;
  // Mini-program login codes.
  residents?: Record<R, string>;
}

export interface Person { id: number; name: string; token: string }

export interface District<A extends string, P extends string, R extends string> {
  // The API's view of each agency: id, name, kind, categories, villages…
  agencies: Record<A, any>;
  people: Record<P, Person>;
  residents: Record<R, { id: number; token: string }>;
}

export async function seedDistrict<A extends string, P extends string = never, R extends string = never>(
  h: Harness,
  spec: DistrictSpec<A, P, R>,
): Promise<District<A, P, R>> {
  const agencies = {} as Record<A, any>;
  for (const [key, body] of Object.entries(spec.agencies) as Array<[A, AgencySpec]>) agencies[key] = await adminPost(h, '/api/agencies', body);
  const people = {} as Record<P, Person>;
  for (const [key, { agency, ...rest }] of Object.entries(spec.people ?? {}) as Array<[P, PersonSpec<A>]>) {
    if (agency != null && !agencies[agency]) throw new Error(`setup: ${key} works for "${agency}", which the district does not have`);
    const body = agency === undefined ? rest : { ...rest, agencyId: agency === null ? null : agencies[agency].id };
    const u = await adminPost(h, '/api/users', body);
    people[key] = { id: u.id, name: u.name, token: await issueToken(h, u.id) };
  }
  const residents = {} as Record<R, { id: number; token: string }>;
  for (const [key, code] of Object.entries(spec.residents ?? {}) as Array<[R, string]>) {
    const login = await mpLogin(h, code);
    residents[key] = { id: login.user.id, token: login.token };
  }
  return { agencies, people, residents };
}

// Some of a cast, in the order given, with a few fields changed.
export function pick<C extends Record<string, object>, const K extends keyof C & string>(
  cast: C,
  keys: readonly K[],
  changes: { [k in K]?: Partial<AgencySpec> & Partial<PersonSpec> } = {},
): { [k in K]: C[k] } {
  return Object.fromEntries(keys.map((k) => [k, { ...cast[k], ...changes[k] }])) as { [k in K]: C[k] };
}

// 南市街道 and the district bodies its disputes reach: the dispute tests' cast.
export const NANSHI_AGENCIES = {
  committee: { name: '南市街道人民调解委员会', kind: 'mediation_committee', categories: ['neighbor'], villages: ['南关社区'] },
  laborCommittee: { name: '宝塔区劳动争议人民调解委员会', kind: 'mediation_committee', categories: ['labor'] },
  centre: { name: '宝塔区诉前调解中心', kind: 'mediation_centre' },
  court: { name: '宝塔区人民法院', kind: 'court' },
  town: { name: '南市街道办事处', kind: 'township' },
  housing: { name: '宝塔区住房和城乡建设局', kind: 'government' },
  market: { name: '宝塔区市场监督管理局', kind: 'government' },
} satisfies Record<string, AgencySpec>;
type NanshiAgency = keyof typeof NANSHI_AGENCIES;

export const NANSHI_PEOPLE = {
  mediator: { name: '艾建国', role: 'mediator', agency: 'committee' },
  laborMediator: { name: '白志刚', role: 'mediator', agency: 'laborCommittee' },
  centreMediator: { name: '惠晓东', role: 'mediator', agency: 'centre' },
  judge: { name: '李秀兰', role: 'judge', agency: 'court' },
  // Linked cadres (干部联村) of 南市街道, and its head.
  official: { name: '安小红', role: 'official', agency: 'town', villages: ['南关社区'] },
  qiaoOfficial: { name: '党永强', role: 'official', agency: 'town', villages: ['桥儿沟社区'], wecomUserId: 'dangyongqiang' },
  townHead: { name: '田亚琴', role: 'official', agency: 'town', wecomUserId: 'tianyaqin' },
} satisfies Record<string, PersonSpec<NanshiAgency>>;

// 宝塔区's own bodies and a few people of theirs: the access and hostile-input tests' cast.
export const BAOTA_AGENCIES = {
  committee: { name: '宝塔区人民调解委员会', kind: 'mediation_committee' },
  court: { name: '宝塔区人民法院', kind: 'court' },
  justice: { name: '宝塔区司法局', kind: 'government' },
  resources: { name: '宝塔区自然资源局', kind: 'government' },
} satisfies Record<string, AgencySpec>;
type BaotaAgency = keyof typeof BAOTA_AGENCIES;

export const BAOTA_PEOPLE = {
  mediator: { name: '王调解', role: 'mediator', agency: 'committee' },
  judge: { name: '赵法官', role: 'judge', agency: 'court' },
  official: { name: '钱干部', role: 'official', agency: 'justice' },
  adminUser: { name: '孙管理', role: 'admin', agency: null },
  resident: { name: '张三丰', role: 'resident', agency: null },
  otherResident: { name: '李四', role: 'resident', agency: null },
} satisfies Record<string, PersonSpec<BaotaAgency>>;
