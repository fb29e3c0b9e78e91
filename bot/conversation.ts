import type { Role } from '../entities';
import { User } from '../entities';
import type { DataSource } from 'typeorm';
import { DomainError } from '../server/domain/errors';
import type { Conversation, Incoming } from '../server/domain/conversation';
import type { Principal } from '../server/domain/principal';
import type { Services } from '../server/services';
import type { BotCommand } from './command';
import { parseCommand } from './command-parser';
import { disputeCommands } from './commands/dispute.commands';
import { helpCommand, todoCommand } from './commands/general.commands';

// The one conversation core behind every way in (WeCom robot, WeCom app,
// Wechaty): who is speaking, what they asked, whether they may, and the
// short Chinese answer. Channels only carry text in and out.

export type { Conversation, Incoming } from '../server/domain/conversation';

export interface BotDeps {
  db: DataSource;
  services: Services;
  now: () => Date;
}

export const STRANGER_REPLY = '您好，系统中没有您的工作人员登记，暂时无法为您办理。如需使用，请联系管理员登记您的企业微信账号。';

export function commandTable(extra: readonly BotCommand[] = []): BotCommand[] {
  const table: BotCommand[] = [];
  table.push(helpCommand(() => table), todoCommand, ...disputeCommands, ...extra);
  return table;
}

const ROLE_WORDS: Record<Role, string> = { resident: '群众', mediator: '调解员', judge: '法官', official: '机关干部', admin: '管理员' };

export function createConversation(deps: BotDeps, table: readonly BotCommand[] = commandTable()): Conversation {
  return {
    async handle(incoming: Incoming): Promise<string | null> {
      const user = incoming.from ? await deps.db.getRepository(User).findOneBy({ wecomUserId: incoming.from }) : null;
      if (!user || !user.active || user.role === 'resident') return STRANGER_REPLY;
      const principal: Principal = { userId: user.id, role: user.role, name: user.name, agencyId: user.agencyId, villages: user.villages };

      const parsed = parseCommand(incoming.text, table);
      if (!parsed.ok) {
        if (parsed.error === 'empty') return null;
        if (parsed.error === 'too_long') return '消息太长了，请分几次发送。';
        if (parsed.usage) return `没看懂这条命令。您是不是想：${parsed.usage}\n发“帮助”查看全部命令。`;
        return '没看懂这条命令，发“帮助”查看您可以使用的命令。';
      }
      const command = table.find((c) => c.name === parsed.name)!;
      if (!command.roles.includes(user.role)) {
        return `“${command.name}”不是${ROLE_WORDS[user.role]}可用的命令，发“帮助”查看您可以使用的命令。`;
      }
      try {
        return await command.run({ services: deps.services, principal, via: incoming.via, now: deps.now() }, parsed);
      } catch (err) {
        // Refusals from the domain are already written for people.
        if (err instanceof DomainError && err.status < 500) return err.message;
        throw err;
      }
    },
  };
}
