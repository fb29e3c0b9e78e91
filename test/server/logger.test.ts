import test from 'ava';
import { createLogger } from '../../server/logger';

function capture() {
  const lines: Array<Record<string, any>> = [];
  const logger = createLogger('info', { write: (l: string) => lines.push(JSON.parse(l)) });
  return { logger, lines };
}

test('personal data that reaches a log line is masked by key', (t) => {
  const { logger, lines } = capture();
  logger.info({ phone: '13812341234', resident: { phone: '13900001111', idNumber: '610602199001011234', residentName: '张三' } }, 'x');
  const [line] = lines;
  t.is(line!.phone, '138****1234');
  t.is(line!.resident.phone, '139****1111');
  t.is(line!.resident.idNumber, '610***********1234');
  t.is(line!.resident.residentName, '张*');
  t.false(JSON.stringify(lines).includes('13812341234'));
});

test('credentials never reach a log line', (t) => {
  const { logger, lines } = capture();
  logger.info({ authorization: 'Bearer secret-token-value', req: { token: 'abc123secret' } }, 'y');
  const text = JSON.stringify(lines);
  t.false(text.includes('secret-token-value'));
  t.false(text.includes('abc123secret'));
  t.is(lines[0]!.authorization, '[redacted]');
});
