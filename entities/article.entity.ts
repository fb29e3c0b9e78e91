import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME, DATETIME_PRECISION } from './columns';
import type { DisputeCategory } from './enums';
import { User } from './user.entity';

// 法官说法: a judge's short published explanation of the law on a kind of dispute.
@Entity('article')
@Index('ix_article_category_published', ['category', 'publishedAt'])
export class Article {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  category: DisputeCategory;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'integer', nullable: true })
  judgeId: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'judgeId', foreignKeyConstraintName: 'fk_article_judge' })
  judge?: User | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION, nullable: true })
  publishedAt: Date | null;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  createdAt: Date;
}
