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

// Where the production log goes: stdout (or a file), written asynchronously.
// A synchronous write was 6.6 % of a dispute's read under load (issue 14,
// bench/README.md "Sixth pass"): one write(2) a request, on the event loop.
// Asynchronously, a line goes out at once when no write is under way, and
// the lines that come meanwhile go out together with the next one; pino
// flushes what is left synchronously when the process exits, on an uncaught
// exception too. Only a process killed outright (SIGKILL, out of memory)
// loses the lines of the write then under way.
// A file descriptor, open already: a path would be opened asynchronously, and
// a process that exits before it is open cannot flush.
export function logDestination(fd = 1): DestinationStream {
  return pino.destination({ dest: fd, sync: false });
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
