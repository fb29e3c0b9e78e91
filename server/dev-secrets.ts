import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface DevSecrets {
  adminToken: string;
  dataKey: string;
}

// In development the missing secrets are made once and kept beside the
// database, so the admin token and encrypted phone numbers survive restarts.
export function loadOrCreateDevSecrets(dataDir: string): { secrets: DevSecrets; created: boolean } {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>;
    if (typeof parsed.adminToken === 'string' && typeof parsed.dataKey === 'string') {
      return { secrets: parsed as DevSecrets, created: false };
    }
  }
  const secrets: DevSecrets = {
    adminToken: randomBytes(24).toString('base64url'),
    dataKey: randomBytes(32).toString('hex'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  return { secrets, created: true };
}
