// A throwaway PostgreSQL cluster for the tests: `initdb` in a temp dir, `pg_ctl start`
// on a free loopback port with trust auth, `pg_ctl stop -m fast` and the dir removed afterwards.
// As root the server runs as the `postgres` user (PostgreSQL refuses to run as root).
//
//   node --import tsx scripts/postgres-cluster.ts start   → prints TEST_DATABASE_URL=… and the stop command
//   node --import tsx scripts/postgres-cluster.ts stop <dir>
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@samlbridge/test-support';

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  dir: string;
  /** CPU ms the server used so far (the postmaster, its ended backends and the live ones); undefined without /proc. */
  cpuMs(): number | undefined;
  /** Stops the server and removes its directory (synchronous, so it also works from exit handlers). */
  stop(): void;
}

/** utime + stime + cutime + cstime (proc(5), USER_HZ 100) of the process and of its live children, in ms. */
function processTreeCpuMs(pid: number): number | undefined {
  const stat = (p: string) => {
    const text = readFileSync(`/proc/${p}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  };
  const ms = (f: string[]) => (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 10;
  try {
    let total = ms(stat(String(pid)));
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const f = stat(entry);
        if (Number(f[1]) === pid) total += ms(f);
      } catch {
        // ended meanwhile: its time is in the postmaster's cutime now
      }
    }
    return total;
  } catch {
    return undefined;
  }
}

/** The newest `/usr/lib/postgresql/<version>/bin` holding initdb (Debian), or the one named by PG_BIN. */
export function findPostgresBin(): string | undefined {
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

/** Runs a PostgreSQL binary as the `postgres` user when we are root, as ourselves otherwise. */
function runPg(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}

function userIds(name: string): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function stopDir(bin: string, dir: string): void {
  try {
    runPg(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts a fresh cluster listening on 127.0.0.1:`port` (by default a free port of this process's test block:
 * packages/test-support/src/test-ports.ts); throws an Error that says what is missing when it cannot. The cluster
 * is stopped and removed when this process exits, however it exits (a throw included), unless `keepAfterExit`.
 */
export async function startPostgresCluster({
  port,
  keepAfterExit = false,
}: {
  port?: number;
  keepAfterExit?: boolean;
} = {}): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error(
      'PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb): run `apt-get install -y postgresql`, set PG_BIN, or set TEST_DATABASE_URL to a server you own',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'samlbridge-pg-'));
  if (process.getuid?.() === 0) {
    const ids = userIds('postgres');
    if (!ids)
      throw new Error('running as root but there is no `postgres` user to run the server as (install the Debian postgresql package)');
    chownSync(dir, ids.uid, ids.gid);
    chmodSync(dir, 0o700);
  }
  port ??= await freePort();
  try {
    runPg(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    // No autovacuum: a run creates hundreds of short-lived scratch databases, and the launcher would start a worker
    // for one of them every few hundred milliseconds (autovacuum_naptime ÷ databases), CPU no test needs.
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c autovacuum=off`;
    runPg(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  } catch (err) {
    const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8').slice(-2000) : '';
    const stderr = String((err as { stderr?: Buffer }).stderr ?? '');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a throwaway PostgreSQL cluster: ${stderr || (err as Error).message}\n${log}`);
  }
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stopAtExit);
    stopDir(bin, dir);
  };
  const stopAtExit = () => {
    try {
      stop();
    } catch (err) {
      console.error(`the throwaway PostgreSQL cluster in ${dir} could not be stopped: ${(err as Error).message}`);
    }
  };
  if (!keepAfterExit) process.once('exit', stopAtExit);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    cpuMs() {
      const pidFile = join(dir, 'data', 'postmaster.pid');
      return existsSync(pidFile) ? processTreeCpuMs(Number(readFileSync(pidFile, 'utf8').split('\n')[0])) : undefined;
    },
    stop,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, dir] = process.argv.slice(2);
  if (command === 'start') {
    const cluster = await startPostgresCluster({ keepAfterExit: true });
    console.log(`TEST_DATABASE_URL=${cluster.url}`);
    console.log(`# stop with: node --import tsx scripts/postgres-cluster.ts stop ${cluster.dir}`);
  } else if (command === 'stop' && dir) {
    const bin = findPostgresBin();
    if (!bin) throw new Error('PostgreSQL server binaries not found');
    stopDir(bin, dir);
  } else {
    console.error('usage: postgres-cluster.ts start | stop <dir>');
    process.exitCode = 2;
  }
}
