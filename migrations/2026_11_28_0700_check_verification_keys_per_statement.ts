// customer_verification's foreign keys checked each inserted state on its own: a lookup and a row
// lock (FOR KEY SHARE) on the campaign and on the customer, about 7 s of the database's time when
// an export moved a million customers to in_field. The same guarantees, checked once per statement:
//
// - Campaign: every write to customer_verification goes through its statement triggers into
//   verification_counters, whose (campaign, station) rows reference campaigns under their own
//   foreign key. A state of an unknown campaign fails the statement; a campaign with states has
//   counters, so it cannot be deleted.
// - Customer: a statement trigger refuses written rows whose customer does not exist (one anti-join
//   per statement), and a deletion of customers that have states is refused. A deletion first
//   takes a SHARE lock on customer_verification, so it waits for writers in progress and they wait
//   for it; the insert check runs in a fresh snapshot, so it sees a deletion that committed while
//   it waited. Nothing in the application deletes customers.
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table customer_verification
     drop constraint customer_verification_campaign_id_fkey,
     drop constraint customer_verification_customer_id_fkey`,
  `create function qy_verification_customers_exist() returns trigger language plpgsql as $$
   declare
     missing bigint;
   begin
     select n.customer_id into missing from new_rows n
       where not exists (select 1 from customers c where c.id = n.customer_id) limit 1;
     if found then
       raise foreign_key_violation using
         message = format('customer_verification: customer %s does not exist', missing),
         constraint = 'customer_verification_customer_exists';
     end if;
     return null;
   end $$`,
  `create trigger customer_verification_customer_exists_insert after insert on customer_verification
     referencing new table as new_rows
     for each statement execute function qy_verification_customers_exist()`,
  `create trigger customer_verification_customer_exists_update after update on customer_verification
     referencing new table as new_rows
     for each statement execute function qy_verification_customers_exist()`,
  `create function qy_customers_delete_lock() returns trigger language plpgsql as $$
   begin
     lock table customer_verification in share mode;
     return null;
   end $$`,
  `create trigger customers_delete_lock before delete on customers
     for each statement execute function qy_customers_delete_lock()`,
  `create function qy_customers_delete_check() returns trigger language plpgsql as $$
   declare
     kept bigint;
   begin
     select o.id into kept from old_rows o
       where exists (select 1 from customer_verification v where v.customer_id = o.id) limit 1;
     if found then
       raise foreign_key_violation using
         message = format('customer %s has a verification state and cannot be deleted', kept),
         constraint = 'customer_verification_customer_exists';
     end if;
     return null;
   end $$`,
  `create trigger customers_delete_check after delete on customers
     referencing old table as old_rows
     for each statement execute function qy_customers_delete_check()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
