import type { Role, Via } from '../entities';
import type { Principal } from '../server/domain/principal';
import type { Services } from '../server/services';
import type { CommandSpec } from './command-parser';

// One entry of the command table: its grammar (for the parser), who may use
// it, and what it does. A later feature adds an entry; nothing else changes.
export interface BotCommand extends CommandSpec {
  summary: string;
  roles: readonly Role[];
  run(ctx: CommandContext, args: { serial?: string; text?: string }): Promise<string>;
}

export interface CommandContext {
  services: Services;
  principal: Principal;
  via: Via;
  now: Date;
}
