// The server's API as the mini-program reads it (field names follow
// server/http/routes and the domain views). Plain types only: the tests
// import this file to check the server's shapes against it.

export type Role = 'resident' | 'mediator' | 'judge' | 'official' | 'admin';
export type DisputeStatus =
  | 'submitted' | 'accepted' | 'mediating' | 'resolved' | 'failed' | 'withdrawn' | 'litigation' | 'confirmation_requested';
export type EntryKind = 'message' | 'explanation' | 'move' | 'escalation' | 'extension' | 'judge_request' | 'confirmation';
export type SubscribeTemplate = 'dispute_reply' | 'dispute_status' | 'hearing_reminder';

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: { id: number; role: Role };
}

export interface Me {
  id: number | null;
  role: Role;
  name: string;
  agencyId: number | null;
}

export interface Category {
  id: string;
  label: string;
  committeeKind: string;
  committeeLabel: string;
}

export interface Named {
  id: number;
  name: string;
}

export interface ArticleSummary {
  id: number;
  category: string;
  title: string;
  summary: string;
  publishedAt: string | null;
}

export interface Article {
  id: number;
  category: string;
  title: string;
  body: string;
  judge: Named | null;
  publishedAt: string | null;
}

export interface NewDispute {
  category: string;
  description: string;
  // The village picked from places(); `village` only for a place not listed.
  villageId?: number | null;
  village?: string;
  otherParty?: string | null;
  phone: string;
  consent: true;
  // 请调解员给我回电: the mediator calls the phone above.
  callback?: boolean;
}

// GET /api/places: the district's townships and streets (乡镇、街道) and their villages and communities (村、社区).
export interface PlaceVillage {
  id: number;
  name: string;
}

export type TownshipKind = 'street' | 'town' | 'township';

export interface Township {
  id: number;
  name: string;
  kind: TownshipKind;
  villages: PlaceVillage[];
}

export interface Places {
  townships: Township[];
}

export interface FiledDispute {
  id: number;
  serial: string;
  status: DisputeStatus;
  deadlineAt: string;
  committee: Named | null;
  mediator: Named | null;
  articles: ArticleSummary[];
}

export interface DisputeListItem {
  id: number;
  serial: string;
  category: string;
  categoryLabel: string;
  status: DisputeStatus;
  statusLabel: string;
  village: string;
  deadlineAt: string | null;
  overdue: boolean;
  createdAt: string;
}

export interface TimelineEntry {
  id: number;
  kind: EntryKind;
  author: { id: number; name: string; role: Role } | null;
  body: string;
  at: string;
}

// A request for more time (server: dispute-extensions.ts extensionView). It
// takes effect when the committee's head has approved and the parties agreed;
// `newDeadlineAt` is known once it has.
export interface DisputeExtension {
  id: number;
  days: number;
  reason: string;
  status: 'requested' | 'effective';
  statusLabel: string;
  waitingFor: string[];
  approvedAt: string | null;
  residentConsentAt: string | null;
  otherPartyConsentAt: string | null;
  previousDeadlineAt: string | null;
  newDeadlineAt: string | null;
  createdAt: string;
}

// 司法确认 (server: dispute-confirmation.ts confirmationView): the 30 days
// from the agreement to apply in, and who has applied. `canApply` is this
// resident's own button.
export interface DisputeConfirmation {
  dueAt: string;
  residentAppliedAt: string | null;
  otherPartyAppliedAt: string | null;
  requested: boolean;
  windowPassed: boolean;
  canApply: boolean;
}

// A failed mediation: how to go to court, and the court's litigation-service phone.
export interface CourtGuidance {
  text: string;
  phone: string;
}

export interface DisputeDetail {
  id: number;
  serial: string;
  category: string;
  categoryLabel: string;
  status: DisputeStatus;
  statusLabel: string;
  description: string;
  village: string;
  otherParty: string | null;
  contactPhone: string | null;
  committee: Named | null;
  mediator: Named | null;
  deadlineAt: string | null;
  overdue: boolean;
  extensions: DisputeExtension[];
  confirmation: DisputeConfirmation | null;
  courtGuidance: CourtGuidance | null;
  // The moves this resident may make now ('withdraw' while it is open).
  allowedActions: string[];
  closedAt: string | null;
  createdAt: string;
  timeline: TimelineEntry[];
  explanations: TimelineEntry[];
  // 法官说法 articles for this dispute: attached by a judge, then its category's.
  articles: ArticleLink[];
}

export interface ArticleLink {
  id: number;
  title: string;
}

export interface PostedEntry {
  id: number;
  kind: EntryKind;
  body: string;
  at: string;
}

// A move's answer (POST /api/disputes/:id/transitions).
export interface MovedDispute {
  id: number;
  status: DisputeStatus;
  allowedActions: string[];
}

// 申请司法确认's answer.
export interface ConfirmationApplied {
  id: number;
  status: DisputeStatus;
  confirmation: DisputeConfirmation;
}

export interface Paged<T> {
  items: T[];
  total: number;
}

export type Credits = Record<SubscribeTemplate, number>;

export interface ConsentWithdrawal {
  kind: string;
  withdrawnAt: string | null;
}

export interface ArticleQuery {
  category?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

// 开庭提醒 (server: hearings/case-subscriptions.ts): a case the resident
// follows, and its next session, null while the court has not scheduled one.
export interface NextHearing {
  session: number;
  startsAt: string;
  courtRoom: string | null;
  cause: string | null;
  status: 'scheduled' | 'rescheduled' | 'held' | 'cancelled';
}

export interface HearingSubscription {
  id: number;
  caseNumber: string;
  nextHearing: NextHearing | null;
}

// Per call: `toast: false` when the page shows the error itself.
export interface CallOptions {
  toast?: boolean;
}

// The client the pages use (services/api.ts): every call a Promise of its result.
export interface ApiClient {
  login(): Promise<LoginResult>;
  me(o?: CallOptions): Promise<Me>;
  categories(o?: CallOptions): Promise<{ items: Category[] }>;
  places(o?: CallOptions): Promise<Places>;
  fileDispute(input: NewDispute, o?: CallOptions): Promise<FiledDispute>;
  myDisputes(page?: number, pageSize?: number, o?: CallOptions): Promise<Paged<DisputeListItem>>;
  dispute(id: number, o?: CallOptions): Promise<DisputeDetail>;
  sendMessage(id: number, body: string, o?: CallOptions): Promise<PostedEntry>;
  consentExtension(id: number, extensionId: number, o?: CallOptions): Promise<DisputeExtension>;
  withdrawDispute(id: number, o?: CallOptions): Promise<MovedDispute>;
  applyConfirmation(id: number, o?: CallOptions): Promise<ConfirmationApplied>;
  articles(query?: ArticleQuery, o?: CallOptions): Promise<Paged<ArticleSummary>>;
  article(id: number, o?: CallOptions): Promise<Article>;
  subscriptions(o?: CallOptions): Promise<{ credits: Credits }>;
  reportSubscriptions(accepted: SubscribeTemplate[], o?: CallOptions): Promise<{ credits: Credits }>;
  withdrawPrivacy(o?: CallOptions): Promise<ConsentWithdrawal>;
  followCase(caseNumber: string, o?: CallOptions): Promise<HearingSubscription>;
  followedCases(o?: CallOptions): Promise<Paged<HearingSubscription>>;
  unfollowCase(id: number, o?: CallOptions): Promise<void>;
}
