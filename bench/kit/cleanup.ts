// Cleanup of what a benchmark creates: child processes (by their own pid),
// temporary directories, MySQL databases, sockets. Whatever a step creates
// registers its removal at once, so an error or a signal half-way still leaves
// nothing behind. One registry for the process: the benchmarks run one after
// another, and each runs every pending cleanup when it ends.

const cleanups: Array<{ name: string; run: () => Promise<void> }> = [];

// Registers `fn`; the function returned runs it now (once) and unregisters it.
// A second caller waits for the first run to finish: after Ctrl-C the signal
// handler and the benchmark's own `finally` may both reach the same cleanup,
// and neither may exit while a DROP DATABASE is still under way.
export function onCleanup(name: string, fn: () => Promise<void> | void): () => Promise<void> {
  let running: Promise<void> | undefined;
  const entry = {
    name,
    run: () =>
      (running ??= (async () => {
        const i = cleanups.indexOf(entry);
        if (i >= 0) cleanups.splice(i, 1);
        await fn();
      })()),
  };
  cleanups.push(entry);
  return entry.run;
}

// Runs every pending cleanup, newest first, until none is left (also those
// registered meanwhile); used by the normal path and by signal handlers.
export async function runCleanups(): Promise<void> {
  for (let entry = cleanups.at(-1); entry; entry = cleanups.at(-1)) {
    try {
      await entry.run();
    } catch (err) {
      console.error(`  cleanup "${entry.name}" failed: ${(err as Error).message}`);
    }
  }
}

// Runs `main` as the program: exits with its code, and cleans up first when it
// throws, on SIGINT/SIGTERM, and (with `maxMinutes`) when the run takes too long.
export function runAsMain(main: () => Promise<number>, opts: { maxMinutes?: number } = {}): void {
  let stopping = false;
  const stop = (message: string, code: number) => {
    if (stopping) return;
    stopping = true;
    console.error(message);
    void runCleanups().finally(() => process.exit(code));
  };

  const { maxMinutes } = opts;
  if (maxMinutes !== undefined) {
    const watchdog = setTimeout(() => stop(`\nbenchmark still running after ${maxMinutes} minutes: stopping`, 2), maxMinutes * 60_000);
    watchdog.unref();
  }

  // `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and
  // relayed by tsx), and a second signal without a handler would kill it mid-cleanup.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => stop(`\n${signal}: cleaning up`, 130));
  }

  // Once stopping, `stop` alone ends the process: a benchmark that fails
  // because its server was just stopped is no failure of its own.
  main().then(
    (code) => {
      if (!stopping) process.exit(code);
    },
    async (err) => {
      if (stopping) return;
      console.error(err);
      await runCleanups();
      process.exit(1);
    },
  );
}
