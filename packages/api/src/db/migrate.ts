// Runs the migrations in /migrations with kysely's Migrator. kysely's FileMigrationProvider
// cannot import .ts files under vitest, so this provider imports each file by URL itself.
import { readdirSync } from 'node:fs';
import { Migrator, type Migration, type MigrationProvider, type MigrationResult } from 'kysely/migration';
import type { Kysely } from 'kysely';

const folder = new URL('../../../../migrations/', import.meta.url);

class FolderProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = readdirSync(folder)
      .filter((f) => /^\d{4}_\d{2}_\d{2}_\d{4}_.+\.ts$/.test(f))
      .sort();
    const entries = await Promise.all(
      files.map(
        async (f) => [f.replace(/\.ts$/, ''), (await import(new URL(f, folder).href)) as Migration] as const,
      ),
    );
    return Object.fromEntries(entries);
  }
}

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider: new FolderProvider() });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results;
}
