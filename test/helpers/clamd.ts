import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scanWithClamd } from '../../src/virus-scan/clamd.js';

/**
 * A real ClamAV daemon for a test: Debian's clamav-daemon, with a signature database made here
 * by ClamAV's own sigtool for the EICAR test file alone (virus databases cannot be downloaded on
 * these machines). Null when clamd is not installed, unless REQUIRE_CLAMD says it must be (CI).
 */

/** The EICAR anti-virus test file, built from parts so this source is not itself "infected". */
export const EICAR = Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!', '$H+H*'].join(''));

const installed = (command: string) => ['/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((dir) => existsSync(path.join(dir, command)));

export async function startClamd(): Promise<{ address: string; stop(): Promise<void> } | null> {
  if (!installed('clamd') || !installed('sigtool')) {
    if (process.env.REQUIRE_CLAMD) throw new Error('REQUIRE_CLAMD is set but clamd or sigtool is not installed: apt-get install clamav-daemon');
    return null;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-clamd-'));
  // A body signature (any file type, anywhere in the file) from sigtool's hex dump of the EICAR
  // string: it finds the test file on its own and inside a PDF that passes the type check.
  const hex = execFileSync('sigtool', ['--hex-dump'], { input: EICAR, encoding: 'utf8' }).replace(/\s+/g, '');
  const databases = path.join(dir, 'db');
  mkdirSync(databases);
  writeFileSync(path.join(databases, 'eicar.ndb'), `Eicar-Test-Signature:0:*:${hex}\n`);
  const address = path.join(dir, 'clamd.sock');
  writeFileSync(path.join(dir, 'clamd.conf'), [`Foreground yes`, `LocalSocket ${address}`, `DatabaseDirectory ${databases}`, `LogFile ${path.join(dir, 'clamd.log')}`, `PidFile ${path.join(dir, 'clamd.pid')}`, ''].join('\n'));
  const child: ChildProcess = spawn('clamd', ['-c', path.join(dir, 'clamd.conf')], { stdio: 'ignore' });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 200; i++) {
    if (existsSync(address)) {
      try {
        await scanWithClamd(address, Buffer.from('ready?'), 2_000);
        return { address, stop };
      } catch {
        // not listening yet
      }
    }
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error('clamd did not start within 20 seconds');
}
