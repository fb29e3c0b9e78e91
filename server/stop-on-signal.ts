import type { Logger } from 'pino';

// Runs until SIGTERM or SIGINT, then stops cleanly and gives the exit code:
// 0 after a clean stop, 1 after an unclean one. A second signal while
// draining means "now".
export function stopOnSignal(stop: () => Promise<void>, logger: Logger): Promise<number> {
  return new Promise<number>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'signal received');
      process.once(signal, () => process.exit(1));
      stop().then(
        () => resolve(0),
        (err: unknown) => {
          logger.error({ err }, 'unclean stop');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
}
