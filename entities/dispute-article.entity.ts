import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Article } from './article.entity';
import { DATETIME, DATETIME_PRECISION } from './columns';
import { Dispute } from './dispute.entity';

// A 法官说法 article a judge attached to one dispute, beside those its
// category brings anyway. Attaching twice keeps one row.
@Entity('dispute_article')
@Index('uq_dispute_article', ['disputeId', 'articleId'], { unique: true })
export class DisputeArticle {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  disputeId: number;

  @ManyToOne(() => Dispute, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'disputeId', foreignKeyConstraintName: 'fk_dispute_article_dispute' })
  dispute?: Dispute;

  @Column({ type: 'integer' })
  articleId: number;

  @ManyToOne(() => Article, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'articleId', foreignKeyConstraintName: 'fk_dispute_article_article' })
  article?: Article;

  @Column({ type: 'integer', nullable: true })
  attachedById: number | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  attachedAt: Date;
}
