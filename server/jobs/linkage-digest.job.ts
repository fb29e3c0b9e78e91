import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { Agency } from '../../entities';
import { buildLinkageDigest } from '../domain/linkage/linkage-digest';
import type { Outbox } from '../domain/outbox/outbox-service';
import { groupNotice, hasGroup } from '../domain/outbox/recipients';

// Monday 09:00 Shanghai (LINKAGE_DIGEST_AT): the week's linkage digest to the
// liaison office's group(s) and to each receiving agency's group, as outbox
// rows. A digest is named by its ISO week and agency, so a second instance or
// a rerun in the same week writes nothing. A long digest is split into as many
// messages as it needs (each within WeCom's markdown limit), not trimmed.

export interface LinkageDigestDeps {
  db: DataSource;
  outbox: Outbox;
  logger: Logger;
}

export interface LinkageDigestResult {
  week: string;
  // Groups that got this week's digest now (not those that had it already).
  groups: number;
  messages: number;
}

// Enough for every section at its line cap; a WeCom robot takes 20 messages a minute, the sender paces them.
const DIGEST_MAX_PARTS = 60;

export async function runLinkageDigest(deps: LinkageDigestDeps, now: Date): Promise<LinkageDigestResult> {
  const digest = await buildLinkageDigest(deps.db.manager, now);
  const key = (agencyId: number) => `linkage-digest:${digest.week.isoWeek}:agency:${agencyId}`;
  const result: LinkageDigestResult = { week: digest.week.isoWeek, groups: 0, messages: 0 };

  // One transaction a group: all of a digest's parts or none, and a failure at one group spares the others.
  const send = (agency: Agency, content: string) =>
    deps.db.transaction(async (em) => {
      const n = await deps.outbox.enqueue(em, { ...groupNotice(agency, content), dedupeKey: key(agency.id), dueAt: now, maxParts: DIGEST_MAX_PARTS });
      if (n) {
        result.groups++;
        result.messages += n;
      }
    });

  const offices = (await deps.db.manager.find(Agency, { where: { kind: 'liaison_office' }, order: { id: 'ASC' } })).filter(hasGroup);
  if (!offices.length) deps.logger.warn('linkage digest: no liaison office has a group robot or room; only the agencies get theirs');
  for (const office of offices) await send(office, digest.office);
  // An agency without a group has nowhere to read a list; its people see theirs with 待办.
  for (const { agency, content } of digest.agencies) if (hasGroup(agency)) await send(agency, content);

  deps.logger.info(result, 'linkage digest written');
  return result;
}
