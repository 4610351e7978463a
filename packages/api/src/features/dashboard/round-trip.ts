// The round trip on the dashboard (issue 17): per city, the open conflicts and the age of the
// oldest, and the share of corrections written back to the marketing system. The province view has
// one row per city; a city (or county) view has its city's row, counted within the view.
import type { RoundTrip } from '@qingyuan/contract/dashboard';
import type { Db } from '../../db.ts';
import type { Principal } from '../auth/principal.ts';
import { findCities } from '../campaign/queries.ts';
import { findWritebackByStation } from '../campaign/writeback-queries.ts';
import { countOpenByCity } from '../conflicts/queries.ts';
import { viewOf } from './service.ts';

const DAY_MS = 86_400_000;

export async function getRoundTrip(
  db: Db,
  viewer: Principal,
  unit: string | undefined,
  now: Date,
): Promise<RoundTrip> {
  const { region } = await viewOf(db.reader, viewer, unit);
  const [cities, conflicts, stations] = await Promise.all([
    findCities(db.reader, region),
    countOpenByCity(db.reader, region),
    findWritebackByStation(db.reader, region),
  ]);
  const open = new Map(conflicts.map((c) => [c.city_code, c]));
  const written = new Map<string, { corrections: number; writtenBack: number }>();
  for (const s of stations) {
    const c = written.get(s.city_code) ?? { corrections: 0, writtenBack: 0 };
    c.corrections += Number(s.corrections);
    c.writtenBack += Number(s.written_back);
    written.set(s.city_code, c);
  }
  return {
    items: cities.map((city) => {
      const c = open.get(city.code);
      const oldest = c?.oldest ? new Date(c.oldest) : null;
      const w = written.get(city.code) ?? { corrections: 0, writtenBack: 0 };
      return {
        cityCode: city.code,
        name: city.name,
        openConflicts: Number(c?.open ?? 0),
        oldestOpenAt: oldest?.toISOString() ?? null,
        oldestDays: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / DAY_MS)) : null,
        corrections: w.corrections,
        writtenBack: w.writtenBack,
        writtenBackPct: w.corrections === 0 ? null : Math.round((w.writtenBack / w.corrections) * 1000) / 10,
      };
    }),
  };
}
