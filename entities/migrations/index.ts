import { InitialSchema1764115200000 } from './1764115200000-initial-schema.migration';

// In order; the migrations table records which have run, so running them twice changes nothing.
export const migrations = [InitialSchema1764115200000];
