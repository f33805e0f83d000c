import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the suite's own on its own port, to stop and restart without touching
 * the machine's server. Runs as the `postgres` system user when the suite runs as root.
 */
export class PrivatePostgres {
  readonly dir: string;
  readonly url: string;

  constructor(readonly port: number) {
    this.dir = mkdtempSync(join(tmpdir(), 'cbr-pg-'));
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  private run(args: string[]): void {
    const [cmd, ...rest] = args;
    if (userInfo().uid === 0) execFileSync('runuser', ['-u', 'postgres', '--', join(BIN, cmd), ...rest], { stdio: 'ignore' });
    else execFileSync(join(BIN, cmd), rest, { stdio: 'ignore' });
  }

  init(): void {
    if (userInfo().uid === 0) {
      const { uid, gid } = {
        uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
        gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
      };
      chownSync(this.dir, uid, gid);
    }
    chmodSync(this.dir, 0o700);
    this.run(['initdb', '-D', join(this.dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    this.start();
  }

  start(): void {
    this.run([
      'pg_ctl',
      '-D',
      join(this.dir, 'data'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-w',
      'start',
      '-l',
      join(this.dir, 'log'),
    ]);
  }

  /** `-m fast`: disconnects every client, as a crash or an upgrade restart does. */
  stop(): void {
    this.run(['pg_ctl', '-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  destroy(): void {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
