// The cross-record keys' hashes, kept on each customer row as it is written, so a full validation
// run reads them instead of computing a province's keys again: over 1M customers working out the
// four keys (a regex each, the normalising functions for the rest) and hashing them was 2.7 of the
// cross-record statement's 5.4 s. The write path computes them once per changed row (cost follows
// change); a run only groups the bigints. The expressions are the cross-record SQL's keys
// (migration 2026_12_06_2220's, with the wrappers qy_ix_* that name their search_path), hashed
// with hashtextextended(…, 0) as the run's candidate search did.
//
// The three key indexes of 2026_12_06_2220 (expressions over the keys) move onto these columns:
// the write path computes each key once, not once for the column and again for the index; a
// look-up by key reads the index by the key's hash and compares the key itself on what it finds;
// and a full run counts the hashes from the indexes, already in order, instead of sorting them.
//   mobile_hash  the mobile key's (null without a mobile)
//   cert_hash    the ID key's (null without an ID)
//   dup_hash     the name + address key's (null when either is empty)
// A hash only finds candidates: the run compares the candidates' real keys, so a collision adds a
// candidate, never a finding.
import { sql, type Kysely } from 'kysely';

const MK = `case when mobile ~ '^1[0-9]{10}$' then mobile when mobile = '' then null else qy_ix_mobile_key(mobile) end`;
const CK = `case when cert_no ~ '^[0-9A-Z]+$' then cert_no when cert_no = '' then null else qy_ix_cert_key(cert_no) end`;
const NK = `case when name ~ '^[\u4E00-\u9FFF]*$' then name else qy_ix_name_key(name) end`;
const AK = `case when address ~ '^[0-9A-Za-z\u4E00-\u9FFF]*$' then address else qy_ix_address_key(address) end`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `alter table customers
        add column mobile_hash bigint generated always as (hashtextextended(${MK}, 0)) stored,
        add column cert_hash bigint generated always as (hashtextextended(${CK}, 0)) stored,
        add column dup_hash bigint generated always as (
          case when ${NK} <> '' and ${AK} <> '' then hashtextextended(${NK} || '|' || ${AK}, 0) end) stored`,
    )
    .execute(db);
  for (const statement of [
    'drop index customers_mobile_key',
    'drop index customers_cert_key',
    'drop index customers_dup_key',
    `create index customers_mobile_hash on customers (mobile_hash) where status = 'active'`,
    `create index customers_cert_hash on customers (cert_hash) where status = 'active'`,
    `create index customers_dup_hash on customers (dup_hash) where status = 'active'`,
  ])
    await sql.raw(statement).execute(db);
}

const DUP = `hashtext(${NK} || '|' || ${AK})`;

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    'drop index customers_mobile_hash',
    'drop index customers_cert_hash',
    'drop index customers_dup_hash',
    `create index customers_mobile_key on customers ((${MK})) where status = 'active'`,
    `create index customers_cert_key on customers ((${CK})) where status = 'active'`,
    `create index customers_dup_key on customers ((${DUP})) where status = 'active'`,
  ])
    await sql.raw(statement).execute(db);
  await sql
    .raw(`alter table customers drop column mobile_hash, drop column cert_hash, drop column dup_hash`)
    .execute(db);
}
