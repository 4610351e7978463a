// 供电所进度: for each station in the viewer's region, how far the shown cycle has got (the kept
// per-station counters the dashboard reads, never a count over customers) and which worksheet
// exports are still out for it: who exported (holds) the file, when, its rows for the station and
// how many of them came back. No customer appears in the answer.
import type { Db } from '../../db.ts';
import type { Principal } from '../auth/principal.ts';
import { shownCampaignId } from '../campaign/cycles.ts';
import { findStationProgress } from '../campaign/snapshot-queries.ts';
import { completionPct } from '../campaign/status.ts';
import { findStations } from './queries.ts';
import { findCycleExports, findReturnedRows } from './stations-queries.ts';
import type { OpenExport, StationProgress } from '@qingyuan/contract/worksheets';

export async function listStationProgress(db: Db, viewer: Principal, now: Date): Promise<StationProgress[]> {
  const campaignId = await shownCampaignId(db, now);
  const [stations, progress, exports] = await Promise.all([
    findStations(db.kysely, { region: viewer.region }),
    findStationProgress(db.kysely, campaignId, { pilotOnly: false, region: viewer.region }),
    findCycleExports(db.kysely, viewer.region, campaignId),
  ]);
  const returned = new Map(
    (
      await findReturnedRows(
        db.kysely,
        exports.map((e) => Number(e.id)),
      )
    ).map((r) => [`${r.exportId}:${r.stationCode}`, r.n]),
  );
  const byStation = new Map(progress.map((p) => [p.station_code, p]));
  const open = new Map<string, OpenExport[]>();
  for (const e of exports) {
    const codes = e.station_rows ? Object.keys(e.station_rows) : (e.station_codes ?? []);
    for (const code of codes) {
      // before rows were kept per station, a one-station export's rows are that station's
      const rows = e.station_rows ? (e.station_rows[code] ?? 0) : codes.length === 1 ? e.rows : null;
      const back = returned.get(`${e.id}:${code}`) ?? 0;
      if (rows === 0 || (rows !== null && back >= rows)) continue;
      const list = open.get(code) ?? [];
      list.push({
        id: String(e.id),
        userName: e.user_name,
        createdAt: new Date(e.created_at).toISOString(),
        rows,
        returned: back,
      });
      open.set(code, list);
    }
  }
  return stations.map((s) => {
    const p = byStation.get(s.code);
    const customers = p?.in_scope ?? 0;
    const verified = p?.verified ?? 0;
    const unreachable = p?.unreachable ?? 0;
    const inField = p?.in_field ?? 0;
    return {
      code: s.code,
      name: s.name,
      customers,
      verified,
      unreachable,
      inField,
      notStarted: Math.max(0, customers - verified - unreachable - inField),
      completionPct: Math.round(completionPct(verified, customers) * 100) / 100,
      openExports: open.get(s.code) ?? [],
    };
  });
}
