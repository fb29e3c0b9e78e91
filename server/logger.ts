import pino, { type DestinationStream, type Logger } from 'pino';
import { maskIdNumber, maskName, maskPhone } from './domain/masking';

// JSON lines to stdout. Personal data that slips into a log object is masked
// by key, as a second line of defence behind the services' own masking.
const MASKERS: Record<string, (v: string) => string> = {
  phone: maskPhone,
  contactPhone: maskPhone,
  mobile: maskPhone,
  idNumber: maskIdNumber,
  residentName: maskName,
};

// Where the production log goes: stdout (or another open file descriptor),
// one synchronous write a line. Issue 14's sixth pass tried two cheaper ways
// (bench/README.md): pino's asynchronous destination lost every line of a
// write still in flight when an uncaught exception ended the process
// (test/server/logger.test.ts caught it), and lines batched per turn of the
// event loop gave no gain the benchmark could tell from its noise.
export function logDestination(fd = 1): DestinationStream {
  return pino.destination({ dest: fd, sync: true });
}

export function createLogger(level: string, destination: DestinationStream = logDestination()): Logger {
  return pino(
    {
      level,
      base: { service: 'fuyuan' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          ...Object.keys(MASKERS).flatMap((k) => [k, `*.${k}`]),
          'authorization',
          '*.authorization',
          'token',
          '*.token',
        ],
        censor: (value: unknown, path: string[]) => {
          const key = path[path.length - 1] ?? '';
          const mask = MASKERS[key];
          if (mask && typeof value === 'string') return mask(value);
          return '[redacted]';
        },
      },
    },
    destination,
  );
}
