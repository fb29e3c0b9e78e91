import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, fk, index } from './table-builders';

// The whole data model of DESIGN.md. Later features add migrations; this one
// is never edited once released.
export class InitialSchema1764115200000 implements MigrationInterface {
  name = 'InitialSchema1764115200000';

  async up(q: QueryRunner): Promise<void> {
    const tables: Table[] = [
      new Table({
        name: 'agency',
        columns: [
          col.id(), col.varchar('name', 100), col.varchar('kind', 32), col.int('parentId', true),
          col.text('categories'), col.text('villages'), col.varchar('wecomWebhookKey', 128, true),
          col.varchar('wechatyRoomId', 128, true), col.int('headUserId', true), col.datetime('createdAt'),
        ],
        indices: [index('uq_agency_name', ['name'], true)],
        foreignKeys: [fk('fk_agency_parent', 'parentId', 'agency', 'SET NULL')],
      }),
      new Table({
        name: 'user',
        columns: [
          col.id(), col.varchar('role', 16), col.varchar('name', 64), col.int('agencyId', true),
          col.varchar('wecomUserId', 64, true), col.varchar('wechatOpenid', 64, true),
          col.text('phoneCipher', true), col.varchar('phoneHash', 64, true),
          col.text('idNumberCipher', true), col.varchar('idNumberHash', 64, true),
          col.text('villages'), col.bool('active'), col.datetime('createdAt'),
        ],
        indices: [
          index('ix_user_agency', ['agencyId']),
          index('uq_user_wecom', ['wecomUserId'], true),
          index('uq_user_openid', ['wechatOpenid'], true),
          index('ix_user_phone_hash', ['phoneHash']),
          index('ix_user_id_number_hash', ['idNumberHash']),
        ],
        foreignKeys: [fk('fk_user_agency', 'agencyId', 'agency', 'SET NULL')],
      }),
      new Table({
        name: 'session',
        columns: [
          col.id(), col.varchar('tokenHash', 64), col.int('userId'), col.varchar('kind', 16),
          col.datetime('expiresAt'), col.datetime('createdAt'),
        ],
        indices: [
          index('uq_session_token_hash', ['tokenHash'], true),
          index('ix_session_user', ['userId']),
          index('ix_session_expires', ['expiresAt']),
        ],
        foreignKeys: [fk('fk_session_user', 'userId', 'user', 'CASCADE')],
      }),
      new Table({
        name: 'dispute',
        columns: [
          col.id(), col.varchar('serial', 20), col.int('residentId'), col.varchar('category', 32),
          col.text('description'), col.varchar('village', 64), col.varchar('otherParty', 200, true),
          col.text('contactPhoneCipher', true), col.varchar('contactPhoneHash', 64, true),
          col.int('committeeId', true), col.int('mediatorId', true), col.varchar('status', 32),
          col.datetime('deadlineAt', true), col.datetime('closedAt', true),
          col.datetime('createdAt'), col.datetime('updatedAt'),
        ],
        indices: [
          index('uq_dispute_serial', ['serial'], true),
          index('ix_dispute_village', ['village']),
          index('ix_dispute_resident', ['residentId', 'createdAt']),
          index('ix_dispute_committee_status', ['committeeId', 'status']),
          index('ix_dispute_status_deadline', ['status', 'deadlineAt']),
          index('ix_dispute_mediator_status', ['mediatorId', 'status']),
        ],
        foreignKeys: [
          fk('fk_dispute_resident', 'residentId', 'user', 'RESTRICT'),
          fk('fk_dispute_committee', 'committeeId', 'agency', 'SET NULL'),
          fk('fk_dispute_mediator', 'mediatorId', 'user', 'SET NULL'),
        ],
      }),
      new Table({
        name: 'dispute_entry',
        columns: [
          col.id(), col.int('disputeId'), col.varchar('kind', 16), col.int('authorId', true),
          col.text('body'), col.varchar('via', 16), col.text('meta', true), col.datetime('at'),
        ],
        indices: [index('ix_dispute_entry_dispute', ['disputeId', 'at'])],
        foreignKeys: [
          fk('fk_dispute_entry_dispute', 'disputeId', 'dispute', 'CASCADE'),
          fk('fk_dispute_entry_author', 'authorId', 'user', 'SET NULL'),
        ],
      }),
      new Table({
        name: 'article',
        columns: [
          col.id(), col.varchar('category', 32), col.varchar('title', 100), col.text('body'),
          col.int('judgeId', true), col.datetime('publishedAt', true), col.datetime('createdAt'),
        ],
        indices: [index('ix_article_category_published', ['category', 'publishedAt'])],
        foreignKeys: [fk('fk_article_judge', 'judgeId', 'user', 'SET NULL')],
      }),
      new Table({
        name: 'hearing',
        columns: [
          col.id(), col.varchar('caseNumber', 64), col.varchar('cause', 200),
          col.varchar('courtRoom', 64, true), col.datetime('startsAt'), col.int('judgeId', true),
          col.text('parties'), col.varchar('status', 16), col.bool('administrative'),
          col.int('defendantAgencyId', true), col.bool('headMustAppear'),
          col.varchar('appearance', 16, true), col.text('appearanceNote', true),
          col.int('disputeId', true), col.varchar('sourceRow', 191, true),
          col.datetime('createdAt'), col.datetime('updatedAt'),
        ],
        indices: [
          index('ix_hearing_case_number', ['caseNumber']),
          index('uq_hearing_source_row', ['sourceRow'], true),
          index('ix_hearing_starts', ['startsAt']),
          index('ix_hearing_agency_starts', ['defendantAgencyId', 'startsAt']),
        ],
        foreignKeys: [
          fk('fk_hearing_judge', 'judgeId', 'user', 'SET NULL'),
          fk('fk_hearing_agency', 'defendantAgencyId', 'agency', 'SET NULL'),
          fk('fk_hearing_dispute', 'disputeId', 'dispute', 'SET NULL'),
        ],
      }),
      new Table({
        name: 'hearing_subscription',
        columns: [
          col.id(), col.int('hearingId'), col.int('userId'), col.varchar('channel', 32),
          col.datetime('consentedAt'),
        ],
        indices: [
          index('uq_hearing_subscription', ['hearingId', 'userId', 'channel'], true),
          index('ix_hearing_subscription_user', ['userId']),
        ],
        foreignKeys: [
          fk('fk_hearing_subscription_hearing', 'hearingId', 'hearing', 'CASCADE'),
          fk('fk_hearing_subscription_user', 'userId', 'user', 'CASCADE'),
        ],
      }),
      new Table({
        name: 'linkage_item',
        columns: [
          col.id(), col.varchar('type', 32), col.varchar('documentNumber', 64, true),
          col.varchar('title', 200), col.text('body'), col.int('fromAgencyId', true),
          col.int('toAgencyId', true), col.int('assigneeId', true), col.varchar('status', 16),
          col.datetime('dueAt', true), col.varchar('dueKind', 16, true), col.int('dueDays', true),
          col.datetime('answeredAt', true), col.int('disputeId', true),
          col.datetime('createdAt'), col.datetime('updatedAt'),
        ],
        indices: [
          index('ix_linkage_item_document', ['documentNumber']),
          index('ix_linkage_item_status_due', ['status', 'dueAt']),
          index('ix_linkage_item_to_status', ['toAgencyId', 'status']),
          index('ix_linkage_item_type_status', ['type', 'status']),
        ],
        foreignKeys: [
          fk('fk_linkage_item_from', 'fromAgencyId', 'agency', 'SET NULL'),
          fk('fk_linkage_item_to', 'toAgencyId', 'agency', 'SET NULL'),
          fk('fk_linkage_item_assignee', 'assigneeId', 'user', 'SET NULL'),
          fk('fk_linkage_item_dispute', 'disputeId', 'dispute', 'SET NULL'),
        ],
      }),
      new Table({
        name: 'linkage_event',
        columns: [
          col.id(), col.int('itemId'), col.varchar('action', 16), col.int('actorId', true),
          col.int('fromAgencyId', true), col.int('toAgencyId', true), col.text('note', true),
          col.datetime('at'),
        ],
        indices: [index('ix_linkage_event_item', ['itemId', 'at'])],
        foreignKeys: [
          fk('fk_linkage_event_item', 'itemId', 'linkage_item', 'CASCADE'),
          fk('fk_linkage_event_actor', 'actorId', 'user', 'SET NULL'),
        ],
      }),
      new Table({
        name: 'notification',
        columns: [
          col.id(), col.varchar('channel', 32), col.varchar('target', 255), col.text('payload'),
          col.datetime('dueAt'), col.varchar('status', 16), col.int('attempts'),
          col.datetime('leaseUntil', true), col.varchar('leaseToken', 36, true), col.text('lastError', true),
          col.varchar('dedupeKey', 191), col.varchar('subjectType', 32, true),
          col.int('subjectId', true), col.datetime('sentAt', true), col.datetime('createdAt'),
        ],
        indices: [
          index('uq_notification_dedupe', ['dedupeKey'], true),
          index('ix_notification_status_due', ['status', 'dueAt']),
          index('ix_notification_subject', ['subjectType', 'subjectId', 'status']),
          index('ix_notification_target_sent', ['channel', 'target', 'sentAt']),
        ],
      }),
      new Table({
        name: 'consent',
        columns: [
          col.id(), col.int('userId'), col.varchar('kind', 64), col.datetime('grantedAt'),
          col.datetime('withdrawnAt', true),
        ],
        indices: [index('ix_consent_user_kind', ['userId', 'kind'])],
        foreignKeys: [fk('fk_consent_user', 'userId', 'user', 'CASCADE')],
      }),
      new Table({
        name: 'audit_entry',
        columns: [
          col.id(), col.int('actorId', true), col.varchar('action', 64), col.varchar('subjectType', 32),
          col.int('subjectId', true), col.varchar('requestId', 64, true), col.text('detail', true),
          col.datetime('at'),
        ],
        indices: [index('ix_audit_subject', ['subjectType', 'subjectId']), index('ix_audit_at', ['at'])],
      }),
      new Table({
        name: 'counter',
        columns: [{ name: 'name', type: 'varchar', length: '64', isPrimary: true }, col.int('value')],
      }),
    ];
    for (const table of tables) await q.createTable(table, true, true, true);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of [
      'counter', 'audit_entry', 'consent', 'notification', 'linkage_event', 'linkage_item',
      'hearing_subscription', 'hearing', 'article', 'dispute_entry', 'dispute', 'session', 'user', 'agency',
    ]) {
      await q.dropTable(name, true);
    }
  }
}
