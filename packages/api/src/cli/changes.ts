// `pnpm cli changes export|ack`: the change feed as files, for an operator who carries them to
// the marketing system and back. The CLI acts as the province's operator: full values (the file is
// the marketing system's import), and --unit cuts it to a city or county.
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stopwatch, systemClock } from '../clock.ts';
import type { Db } from '../db.ts';
import { PROVINCE, resolveRegion } from '../features/auth/region.ts';
import { acknowledgeChanges, parseAckCsv } from '../features/writeback/ack.ts';
import { writeChangeFile } from '../features/writeback/file.ts';
import { maskerFor } from '../features/writeback/mask.ts';

export const CHANGES_HELP = `  pnpm cli changes export [--after ID] [--unit CODE] --out FILE
                                                    corrections for the marketing system, one row per customer
                                                    (CSV UTF-8 with BOM or xlsx, by FILE's extension); without
                                                    --after: the changes no earlier file held
  pnpm cli changes ack FILE                         the marketing system's answer: CSV id,status[,reason]
                                                    (applied|rejected); all or nothing, again = no change`;

const cwd = () => process.env.INIT_CWD ?? process.cwd();

export async function changesCommand(db: Db, sub: string | undefined, args: string[]) {
  if (sub === 'export') {
    const { values } = parseArgs({
      args,
      options: { after: { type: 'string' }, unit: { type: 'string' }, out: { type: 'string' } },
    });
    if (!values.out) throw new Error('usage: pnpm cli changes export [--after ID] [--unit CODE] --out FILE');
    const ext = extname(values.out).toLowerCase();
    if (ext !== '.csv' && ext !== '.xlsx') throw new Error('--out must end in .csv or .xlsx');
    if (values.after !== undefined && !/^\d+$/.test(values.after))
      throw new Error('--after must be a change id');
    const unit = await resolveRegion(db.kysely, { region: PROVINCE }, values.unit);
    const elapsed = stopwatch();
    const out = resolve(cwd(), values.out);
    const r = await writeChangeFile(db, out, {
      region: unit.region,
      afterId: values.after === undefined ? undefined : Number(values.after),
      format: ext === '.csv' ? 'csv' : 'xlsx',
      mask: maskerFor('operator'),
      userId: null,
      tokenId: null,
      now: systemClock(),
    });
    console.log(
      `变更文件 change file ${out}: ${r.customers} 户 customers, ${r.changes} 项变更 changes (至编号 through id ${r.throughId}) — ${elapsed().toFixed(1)} s`,
    );
    return;
  }
  if (sub === 'ack') {
    const file = args[0];
    if (!file) throw new Error('usage: pnpm cli changes ack FILE');
    const items = parseAckCsv(await readFile(resolve(cwd(), file), 'utf8'));
    const r = await acknowledgeChanges(db, items, { region: PROVINCE, by: 'cli' }, systemClock(), (done) =>
      process.stderr.write(`\r  ${done} acknowledged…`),
    );
    process.stderr.write('\n');
    console.log(
      `回执 acknowledged: 已回写 applied ${r.applied}, 已拒绝 rejected ${r.rejected}, 此前已处理 unchanged ${r.unchanged}`,
    );
    return;
  }
  throw new Error('usage: pnpm cli changes export|ack …');
}
