import { env } from '../config/env';
import { api } from './api';
import type { Credits, SubscribeTemplate } from './types';
import { requestSubscribe } from './wx-async';

// One-time subscribe messages: each "allow" lets the server send one message.
// Ask WeChat, then tell the server what was allowed.

export const DISPUTE_TEMPLATES: SubscribeTemplate[] = ['dispute_reply', 'dispute_status'];

export async function askDisputeSubscriptions(): Promise<{ accepted: SubscribeTemplate[]; credits: Credits | null }> {
  const ids = env().templates;
  const allowed = await requestSubscribe(DISPUTE_TEMPLATES.map((t) => ids[t as keyof typeof ids]));
  const accepted = DISPUTE_TEMPLATES.filter((t) => allowed.includes(ids[t as keyof typeof ids]));
  if (!accepted.length) return { accepted, credits: null };
  try {
    const { credits } = await api.reportSubscriptions(accepted);
    return { accepted, credits };
  } catch {
    return { accepted, credits: null };
  }
}
