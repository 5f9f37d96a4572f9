const D = require('better-sqlite3');
const fs = require('fs');
const f = '/tmp/search-proto/s.db';
for (const x of [f, f + '-wal', f + '-shm'])
  try {
    fs.unlinkSync(x);
  } catch {}
const db = new D(f);
db.pragma('journal_mode=WAL');
const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Sophia', 'Elijah', 'Mia', 'James', 'Ava', 'Lucas', 'Zoé', 'Björn'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'García', 'Miller', 'Davis', 'Müller', 'Wilson', 'Anderson', 'Thomas'];
function person(i) {
  const firstName = FIRST[i % 14],
    lastName = LAST[Math.floor(i / 14) % 12];
  const base = `${firstName}.${lastName}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return { username: `${base}${i}`.toLowerCase(), email: `${base}${i}@example.com`.toLowerCase(), firstName, lastName };
}
db.exec(`create table users(id text primary key, username_precis_key text, email_precis_key text, first_name text, last_name text, name_key text, pw text);
create index users_list on users(username_precis_key,id,email_precis_key,first_name,last_name);
create virtual table users_search using fts5(username, email, name, content='users', tokenize='trigram case_sensitive 1');`);
const ins = db.prepare('insert into users values (?,?,?,?,?,?,?)');
const N = 100000;
db.transaction(() => {
  for (let i = 0; i < N; i++) {
    const p = person(i);
    ins.run('scale-u-' + i, p.username, p.email, p.firstName, p.lastName, (p.firstName + ' ' + p.lastName).toLowerCase(), 'x'.repeat(100));
  }
})();
const t = performance.now();
db.exec(`insert into users_search(rowid,username,email,name) select rowid,username_precis_key,email_precis_key,name_key from users`);
console.log('fts fill ms', performance.now() - t, 'size', fs.statSync(f).size);
function time(label, fn) {
  const a = [];
  let r;
  for (let k = 0; k < 15; k++) {
    const s = performance.now();
    r = fn();
    a.push(performance.now() - s);
  }
  a.sort((x, y) => x - y);
  console.log(label.padEnd(50), 'med', a[7].toFixed(1), 'max', a[14].toFixed(1), JSON.stringify(r).slice(0, 60));
}
const like = (t) => '%' + t + '%';
const scanQ = db.prepare(
  `select id from users where username_precis_key like @t escape '\\' or email_precis_key like @t escape '\\' or lower(first_name||' '||last_name) like @t escape '\\' order by username_precis_key,id limit 50`,
);
const scanC = db.prepare(
  `select count(*) n from users where username_precis_key like @t escape '\\' or email_precis_key like @t escape '\\' or lower(first_name||' '||last_name) like @t escape '\\'`,
);
const ftsPage = db.prepare(
  `select u.id from users u where u.rowid in (select rowid from users_search where users_search match @t) order by u.username_precis_key, u.id limit 50`,
);
const ftsCount = db.prepare(`select count(*) n from users_search where users_search match @t`);
const ftsBounded = db.prepare(`select count(*) n from (select rowid from users_search where users_search match @t limit 1001)`);
const scanBounded = db.prepare(
  `select count(*) n from (select 1 from users where username_precis_key like @t escape '\\' or email_precis_key like @t escape '\\' or lower(first_name||' '||last_name) like @t escape '\\' limit 1001)`,
);
const ph = (t) => '"' + t.replace(/"/g, '""') + '"';
for (const term of ['soph', 'sophia.da', 'hia.dav', 'nobody-has-this', 'example', 'son', 'e', 'zq', '50000']) {
  time('scan page ' + term, () => scanQ.all({ t: like(term) }).length);
  time('scan count ' + term, () => scanC.get({ t: like(term) }));
  time('scan bounded count ' + term, () => scanBounded.get({ t: like(term) }));
  if (term.length >= 3) {
    time('fts page ' + term, () => ftsPage.all({ t: ph(term) }).length);
    time('fts count ' + term, () => ftsCount.get({ t: ph(term) }));
    time('fts bounded ' + term, () => ftsBounded.get({ t: ph(term) }));
  }
}
