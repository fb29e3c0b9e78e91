import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from './agency.entity';
import { DATETIME, DATETIME_PRECISION, jsonList } from './columns';
import type { Role } from './enums';

@Entity('user')
export class User {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Index('ix_user_agency')
  @Column({ type: 'integer', nullable: true })
  agencyId: number | null;

  @ManyToOne(() => Agency, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'agencyId', foreignKeyConstraintName: 'fk_user_agency' })
  agency?: Agency | null;

  @Index('uq_user_wecom', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  wecomUserId: string | null;

  @Index('uq_user_openid', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  wechatOpenid: string | null;

  // Personal data: AES-256-GCM cipher text, and a keyed hash to find a user by it.
  @Column({ type: 'text', nullable: true })
  phoneCipher: string | null;

  @Index('ix_user_phone_hash')
  @Column({ type: 'varchar', length: 64, nullable: true })
  phoneHash: string | null;

  @Column({ type: 'text', nullable: true })
  idNumberCipher: string | null;

  @Index('ix_user_id_number_hash')
  @Column({ type: 'varchar', length: 64, nullable: true })
  idNumberHash: string | null;

  // The villages a linked cadre (干部联村) answers for.
  @Column({ type: 'text', transformer: jsonList })
  villages: string[];

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ type: DATETIME, precision: DATETIME_PRECISION })
  createdAt: Date;
}
