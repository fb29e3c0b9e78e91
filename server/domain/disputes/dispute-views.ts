import type { extensionView } from './dispute-extensions';
import type { requestView } from './explanation-requests';
import type { confirmationView } from './dispute-confirmation';
import type { Agency, Article, Dispute, DisputeEntry, User } from '../../../entities';
import { maskName, maskPhone } from '../masking';
import { categoryInfo } from './dispute-categories';
import { STATUS_LABELS } from './dispute-status';

// How disputes look to the people who read them. Lists mask the resident;
// the detail shows the contact phone whole only to the resident and to the
// mediator who has to call back.

export function articleSummary(a: Article) {
  const plain = a.body.replace(/\s+/g, ' ').trim();
  return {
    id: a.id,
    category: a.category,
    title: a.title,
    summary: Array.from(plain).slice(0, 60).join('') + (Array.from(plain).length > 60 ? '…' : ''),
    publishedAt: a.publishedAt?.toISOString() ?? null,
  };
}

// What every view of a dispute begins with: its identity and where it stands, in codes and in words.
function basics(d: Dispute) {
  return {
    id: d.id,
    serial: d.serial,
    category: d.category,
    categoryLabel: categoryInfo(d.category).label,
    status: d.status,
    statusLabel: STATUS_LABELS[d.status],
  };
}

// The views add their fields with Object.assign, not a spread: on Node 20 each
// property written after a spread (`{ ...basics(d), village, … }`) costs
// ~0.5 µs, which made a list page of 20 spend 0.2 ms here (bench/README.md).
// test/disputes/dispute-views.test.ts holds the list and the detail to the same words.
export function listItem(d: Dispute, now: Date, resident: Pick<User, 'name'> | undefined, committee: Pick<Agency, 'id' | 'name'> | undefined) {
  return Object.assign(basics(d), {
    village: d.village,
    // 请调解员给我回电: staff lists show it; the mediator's 待办 puts these first.
    callback: d.callback,
    villageId: d.villageId,
    placeUnmapped: d.placeUnmapped,
    resident: resident ? maskName(resident.name) : null,
    committee: committee ? { id: committee.id, name: committee.name } : null,
    mediatorId: d.mediatorId,
    deadlineAt: d.deadlineAt?.toISOString() ?? null,
    deadlineProvisional: d.deadlineProvisional,
    overdue: isOverdue(d, now),
    createdAt: d.createdAt.toISOString(),
  });
}

export function isOverdue(d: Pick<Dispute, 'status' | 'deadlineAt' | 'closedAt'>, now: Date): boolean {
  return !d.closedAt && !!d.deadlineAt && d.deadlineAt < now && ['submitted', 'accepted', 'mediating'].includes(d.status);
}

type ExtensionView = ReturnType<typeof extensionView>;

export interface DetailParts {
  dispute: Dispute;
  resident: Pick<User, 'id' | 'name' | 'role'>;
  committee: Pick<Agency, 'id' | 'name'> | null;
  mediator: Pick<User, 'id' | 'name'> | null;
  entries: Array<DisputeEntry & { author?: Pick<User, 'id' | 'name' | 'role'> | null }>;
  phone: string | null;
  showPhone: boolean;
  allowed: string[];
  now: Date;
  // Requests for more time, with what each still waits for (dispute-extensions.ts).
  extensions?: ExtensionView[];
  // 法官说法 articles: attached by a judge, then the category's.
  articles?: Array<{ id: number; title: string }>;
  // The questions put to the judges: given to staff only.
  explanationRequests?: Array<ReturnType<typeof requestView>>;
  // 司法确认: the window and who has applied (dispute-confirmation.ts).
  confirmation?: ReturnType<typeof confirmationView>;
  // A failed mediation: how to go to court, and the court's phone.
  courtGuidance?: { text: string; phone: string } | null;
}

export function detail(p: DetailParts) {
  const d = p.dispute;
  const person = (u: Pick<User, 'id' | 'name' | 'role'> | null | undefined) => (u ? { id: u.id, name: u.role === 'resident' && !p.showPhone ? maskName(u.name) : u.name, role: u.role } : null);
  const timeline = p.entries.map((e) => timelineEntry(e, person(e.author)));
  return Object.assign(basics(d), {
    description: d.description,
    village: d.village,
    villageId: d.villageId,
    placeUnmapped: d.placeUnmapped,
    otherParty: d.otherParty,
    callback: d.callback,
    resident: person(p.resident),
    contactPhone: p.phone ? (p.showPhone ? p.phone : maskPhone(p.phone)) : null,
    committee: p.committee ? { id: p.committee.id, name: p.committee.name } : null,
    mediator: p.mediator ? { id: p.mediator.id, name: p.mediator.name } : null,
    deadlineAt: d.deadlineAt?.toISOString() ?? null,
    // Computed on weekends only: the calendar lacks a year it reaches.
    deadlineProvisional: d.deadlineProvisional,
    overdue: isOverdue(d, p.now),
    extensions: p.extensions ?? [],
    articles: p.articles ?? [],
    explanationRequests: p.explanationRequests ?? [],
    confirmation: p.confirmation ?? null,
    courtGuidance: p.courtGuidance ?? null,
    closedAt: d.closedAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    allowedActions: p.allowed,
    timeline,
    // The mini-program shows the judge's explanations apart from the chat.
    explanations: timeline.filter((e) => e.kind === 'explanation'),
  });
}

interface TimelineEntryView {
  id: number;
  kind: DisputeEntry['kind'];
  author: { id: number; name: string; role: User['role'] } | null;
  body: string;
  via: DisputeEntry['via'];
  meta?: DisputeEntry['meta'];
  at: string;
}

// One line of the timeline; `meta` only where the entry has one.
function timelineEntry(e: DisputeEntry, author: TimelineEntryView['author']): TimelineEntryView {
  const view: TimelineEntryView = { id: e.id, kind: e.kind, author, body: e.body, via: e.via, at: e.at.toISOString() };
  if (e.meta) view.meta = e.meta;
  return view;
}
