import type { WxSubscribeMessage } from '../outbox/messages';

// Who a reminder is for, named by role rather than by address: an agency's
// head or group may change between planning and sending, and the person (or
// chat) in that role when the row is sent is the one who gets it.
export type Audience =
  | { kind: 'agency-head'; agencyId: number }
  | { kind: 'agency-group'; agencyId: number }
  | { kind: 'user'; userId: number }
  // A resident, by subscribe message of this template (spends one of their credits).
  | { kind: 'resident'; userId: number; template: WxSubscribeMessage['template'] };

// What an audience row carries until it is resolved: the text for staff and
// groups (WeCom markdown when `markdown`), the subscribe message for a
// resident, and whom a group card should @-mention.
export interface AudienceMessage {
  text: string;
  markdown?: boolean;
  mentionUserId?: number | null;
  subscribe?: WxSubscribeMessage;
}

// The pseudo-channel of rows whose target is an audience (JSON), turned into a
// concrete channel and target by the sender just before it sends.
export const AUDIENCE_CHANNEL = 'audience' as const;

export function audienceTarget(a: Audience): string {
  return JSON.stringify(a);
}

export function parseAudience(target: string): Audience | null {
  try {
    const a = JSON.parse(target) as Audience;
    if (a && typeof a === 'object' && typeof a.kind === 'string') return a;
  } catch {
    // fall through
  }
  return null;
}

// A short stable name, for dedupe keys.
export function audienceKey(a: Audience): string {
  switch (a.kind) {
    case 'agency-head':
      return `head${a.agencyId}`;
    case 'agency-group':
      return `group${a.agencyId}`;
    case 'user':
      return `user${a.userId}`;
    case 'resident':
      return `res${a.userId}`;
  }
}

// Groups are read when their members choose to; a person is not woken at night.
export function isPerson(a: Audience): boolean {
  return a.kind !== 'agency-group';
}
