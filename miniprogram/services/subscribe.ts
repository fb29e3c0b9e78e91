import { env } from '../config/env';
import { api } from './api';
import type { Credits, SubscribeTemplate } from './types';
import { requestSubscribe } from './wx-async';

// One-time subscribe messages: each "allow" lets the server send one message.
// Ask WeChat, then tell the server what was allowed.

export const DISPUTE_TEMPLATES: SubscribeTemplate[] = ['dispute_reply', 'dispute_status'];
export const HEARING_TEMPLATES: SubscribeTemplate[] = ['hearing_reminder'];

export async function askSubscriptions(templates: SubscribeTemplate[]): Promise<{ accepted: SubscribeTemplate[]; credits: Credits | null }> {
  const ids = env().templates;
  const allowed = await requestSubscribe(templates.map((t) => ids[t]));
  const accepted = templates.filter((t) => allowed.includes(ids[t]));
  if (!accepted.length) return { accepted, credits: null };
  try {
    const { credits } = await api.reportSubscriptions(accepted);
    return { accepted, credits };
  } catch {
    return { accepted, credits: null };
  }
}

export const askDisputeSubscriptions = () => askSubscriptions(DISPUTE_TEMPLATES);
export const askHearingSubscriptions = () => askSubscriptions(HEARING_TEMPLATES);
