// Driver-neutral reading of the errors the domain reacts to.
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

// Connection-level failures: the database is away, not the query wrong.
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string }; message?: string } | null;
  const code = e?.driverError?.code ?? e?.code ?? '';
  return (
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|PROTOCOL_CONNECTION_LOST|ER_CON_COUNT_ERROR|PROTOCOL_SEQUENCE_TIMEOUT)$/.test(code) ||
    /ConnectionIsNotSet|Connection is not established|Can't add new command when connection is in closed state|The database connection is not open|pool is closed/i.test(
      e?.message ?? '',
    )
  );
}
