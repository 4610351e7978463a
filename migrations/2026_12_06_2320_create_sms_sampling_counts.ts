// The sampling SMS outcomes per city, kept by statement triggers on sms_messages (as
// station_customer_counts and verification_counters are), so the dashboard's KPI cards read a row
// per city instead of counting the 1 % sample per request: at 30 million customers that count read
// 300,000 messages and took most of the kpis route's 300 ms.
// city_code '' stands for a message without one (older ones): the province still counts it, no
// city does, as the direct count's `group by city_code` did. Only a change to what is counted
// (purpose, status, provider, city) touches a counter row: the dispatcher's queued → sending →
// sent steps leave it alone (`having`), and rows are upserted in city order, so two writers
// lock them in the same order.
import { sql, type Kysely } from 'kysely';

const finished = `status in ('delivered', 'undelivered', 'failed')`;
const delta = (rows: 'new_rows' | 'old_rows', sign: 1 | -1) => `
  select coalesce(city_code, '') as city_code,
         ${sign} * (status = 'delivered')::int as delivered,
         ${sign} * (${finished})::int as finished,
         ${sign} * (${finished} and coalesce(provider in ('outbox', 'demo'), false))::int as simulated
  from ${rows} where purpose = 'sampling'`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `create table sms_sampling_counts (
      city_code text primary key,
      delivered bigint not null default 0,
      finished bigint not null default 0,
      simulated bigint not null default 0
    )`,
    ...(['insert', 'update', 'delete'] as const).map(
      (event) => `create function qy_sms_sampling_counts_${event}() returns trigger language plpgsql as $$
       begin
         insert into sms_sampling_counts as c (city_code, delivered, finished, simulated)
         select city_code, sum(delivered), sum(finished), sum(simulated)
         from (
           ${event === 'delete' ? '' : delta('new_rows', 1)}
           ${event === 'update' ? 'union all' : ''}
           ${event === 'insert' ? '' : delta('old_rows', -1)}
         ) d
         group by city_code
         having sum(delivered) <> 0 or sum(finished) <> 0 or sum(simulated) <> 0
         order by city_code
         on conflict (city_code) do update set
           delivered = c.delivered + excluded.delivered,
           finished = c.finished + excluded.finished,
           simulated = c.simulated + excluded.simulated;
         return null;
       end $$`,
    ),
    `create trigger sms_sampling_counts_insert after insert on sms_messages
       referencing new table as new_rows
       for each statement execute function qy_sms_sampling_counts_insert()`,
    `create trigger sms_sampling_counts_update after update on sms_messages
       referencing old table as old_rows new table as new_rows
       for each statement execute function qy_sms_sampling_counts_update()`,
    `create trigger sms_sampling_counts_delete after delete on sms_messages
       referencing old table as old_rows
       for each statement execute function qy_sms_sampling_counts_delete()`,
    `insert into sms_sampling_counts (city_code, delivered, finished, simulated)
       select city_code, sum(delivered), sum(finished), sum(simulated)
       from (${delta('old_rows', 1).replace('from old_rows', 'from sms_messages')}) d
       group by city_code`,
  ])
    await sql.raw(statement).execute(db);
}
