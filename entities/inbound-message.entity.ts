import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION } from './columns';

// Messages received from WeCom callbacks, by their message id: WeCom retries
// a callback it thinks went unanswered, and each message must act once.
@Entity('inbound_message')
@Index('uq_inbound_message', ['source', 'messageId'], { unique: true })
@Index('ix_inbound_message_received', ['receivedAt'])
export class InboundMessage {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  // wecom-bot, wecom-app, wechaty
  @Column({ type: 'varchar', length: 16 })
  source: string;

  @Column({ type: 'varchar', length: 128 })
  messageId: string;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  receivedAt: Date;
}
