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

export function createLogger(level: string, destination?: DestinationStream): Logger {
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
