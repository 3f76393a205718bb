import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
const db = new PGlite({ extensions: { pg_trgm } });
await db.exec("CREATE EXTENSION IF NOT EXISTS pg_trgm; create table t(n text); create index on t using gin (lower(n) gin_trgm_ops); insert into t select 'name'||g from generate_series(1,1000) g;");
const c = await db.clone();
console.log((await c.query("explain select * from t where lower(n) like '%me99%'")).rows);
console.log((await c.query("select count(*) from t where lower(n) like '%me99%'")).rows);
