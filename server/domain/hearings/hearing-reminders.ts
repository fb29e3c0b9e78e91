import { In, MoreThan, type EntityManager } from 'typeorm';
import { Agency, Hearing, HearingSubscription } from '../../../entities';
import type { Clock } from '../clock';
import type { Outbox } from '../outbox/outbox-service';
import { AUDIENCE_CHANNEL, audienceTarget, type Audience, type AudienceMessage } from '../reminders/audience';
import type { Reminders } from '../reminders/reminders';
import { parseOffsets } from '../reminders/offsets';
import type { HearingChangeHooks } from './hearing-import';
import {
  hearingCancelledCard, hearingMovedCard, hearingReminderCard, noticeShortCard, residentHearingMessage,
} from './hearing-notices';
import { resident } from '../../texts/resident.texts';
import { staff } from '../../texts/staff.texts';

const R = resident.hearings.messages;

// What happens when a hearing appears, moves or is cancelled, on the one
// reminder module: the defendant agency's head and group are reminded at
// HEARING_REMINDER_OFFSETS when the head must appear; a move cancels and
// re-plans and says so at once; a cancellation says so; a head-appearance
// hearing set less than three days ahead tells the court's group; residents
// following the case get the `hearing_reminder` message one day before (while
// they hold a credit) and are told when a session appears or moves.

export const HEARING_SUBJECT = 'hearing';
const RESIDENT_OFFSETS = parseOffsets('1d');

export interface HearingReminderDeps {
  clock: Clock;
  outbox: Outbox;
  reminders: Reminders;
}

export function createHearingReminders(deps: HearingReminderDeps): { hooks: HearingChangeHooks; followed(em: EntityManager, caseNumber: string): Promise<void> } {
  const subject = (h: Hearing) => ({ type: HEARING_SUBJECT, id: h.id });
  const residentSubject = (h: Hearing) => ({ type: `${HEARING_SUBJECT}-resident`, id: h.id });

  async function agencyOf(em: EntityManager, h: Hearing) {
    return h.defendantAgencyId ? em.findOne(Agency, { where: { id: h.defendantAgencyId }, select: { id: true, name: true } }) : null;
  }

  async function followers(em: EntityManager, h: Hearing): Promise<number[]> {
    return (await em.find(HearingSubscription, { where: { caseNumber: h.caseNumber }, select: { userId: true } })).map((s) => s.userId);
  }

  // Sent once, now (a change notice), to whoever holds the role when it leaves.
  async function tellNow(em: EntityManager, h: Hearing, key: string, audience: Audience, message: AudienceMessage) {
    await deps.outbox.enqueue(em, {
      channel: AUDIENCE_CHANNEL, target: audienceTarget(audience), message, dueAt: deps.clock.now(),
      dedupeKey: `hearing:${h.id}:${key}`, subject: { type: 'hearing-notice', id: h.id },
      credit: audience.kind === 'resident' ? { userId: audience.userId, template: 'hearing_reminder' } : undefined,
    });
  }

  async function plan(em: EntityManager, h: Hearing) {
    const agency = await agencyOf(em, h);
    if (h.headMustAppear && agency) {
      await deps.reminders.plan(em, subject(h), {
        dueAt: h.startsAt,
        offsets: deps.reminders.settings.hearingOffsets,
        anchor: 'exact',
        audience: [{ kind: 'agency-head', agencyId: agency.id }, { kind: 'agency-group', agencyId: agency.id }],
        template: () => ({ text: hearingReminderCard(h, agency.name), markdown: true }),
      });
    }
    const residents = await planForResidents(em, h);
    return { agency, residents };
  }

  async function planForResidents(em: EntityManager, h: Hearing): Promise<number[]> {
    const residents = await followers(em, h);
    if (residents.length) {
      await deps.reminders.plan(em, residentSubject(h), {
        dueAt: h.startsAt,
        offsets: RESIDENT_OFFSETS,
        anchor: 'exact',
        audience: residents.map((userId) => ({ kind: 'resident', userId, template: 'hearing_reminder' }) as const),
        template: () => ({ text: R.reminderText(h.caseNumber), subscribe: residentHearingMessage(h, R.reminderNote) }),
      });
    }
    return residents;
  }

  async function tellCourt(em: EntityManager, h: Hearing, agencyName: string | null, why: string) {
    const courts = await em.find(Agency, { where: { kind: 'court' }, select: { id: true } });
    for (const c of courts) await tellNow(em, h, `notice-short:${why}:court:${c.id}`, { kind: 'agency-group', agencyId: c.id }, { text: noticeShortCard(h, agencyName), markdown: true });
  }

  const hooks: HearingChangeHooks = {
    async created(em, h) {
      const { agency, residents } = await plan(em, h);
      if (h.noticeShort) await tellCourt(em, h, agency?.name ?? null, 'created');
      for (const userId of residents) {
        await tellNow(em, h, `appeared:resident:${userId}`, { kind: 'resident', userId, template: 'hearing_reminder' }, {
          text: R.scheduledText(h.caseNumber), subscribe: residentHearingMessage(h, R.scheduledNote),
        });
      }
    },

    async rescheduled(em, h, before) {
      await deps.reminders.cancel(em, subject(h), staff.reminders.hearingMoved);
      await deps.reminders.cancel(em, residentSubject(h), staff.reminders.hearingMoved);
      const { agency, residents } = await plan(em, h);
      const key = `moved:${h.startsAt.getTime()}`;
      if (h.headMustAppear && agency) {
        const message = { text: hearingMovedCard(h, agency.name, before), markdown: true };
        await tellNow(em, h, `${key}:head`, { kind: 'agency-head', agencyId: agency.id }, message);
        await tellNow(em, h, `${key}:group`, { kind: 'agency-group', agencyId: agency.id }, message);
      }
      if (h.noticeShort) await tellCourt(em, h, agency?.name ?? null, key);
      for (const userId of residents) {
        await tellNow(em, h, `${key}:resident:${userId}`, { kind: 'resident', userId, template: 'hearing_reminder' }, {
          text: R.movedText(h.caseNumber), subscribe: residentHearingMessage(h, R.movedNote),
        });
      }
    },

    async cancelled(em, h) {
      await deps.reminders.cancel(em, subject(h), staff.reminders.hearingCancelled);
      await deps.reminders.cancel(em, residentSubject(h), staff.reminders.hearingCancelled);
      const agency = await agencyOf(em, h);
      if (h.headMustAppear && agency) {
        const message = { text: hearingCancelledCard(h, agency.name), markdown: true };
        const key = `cancelled:${h.updatedAt.getTime()}`;
        await tellNow(em, h, `${key}:head`, { kind: 'agency-head', agencyId: agency.id }, message);
        await tellNow(em, h, `${key}:group`, { kind: 'agency-group', agencyId: agency.id }, message);
      }
    },
  };

  return {
    hooks,
    // A resident began following a case: its upcoming sessions remind them too.
    async followed(em, caseNumber) {
      const upcoming = await em.find(Hearing, { where: { caseNumber, status: In(['scheduled', 'rescheduled']), startsAt: MoreThan(deps.clock.now()) } });
      for (const h of upcoming) await planForResidents(em, h);
    },
  };
}
