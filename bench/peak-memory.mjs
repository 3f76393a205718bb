// The peak memory (maximum resident set) of a command run as its own process, by GNU time.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const TIME = '/usr/bin/time';

/** Peak resident memory in bytes of `node …args`, or null where GNU time is not installed. */
export function peakMemory(args) {
  if (!existsSync(TIME)) return null;
  const result = spawnSync(TIME, ['-f', 'peak-kb %M', process.execPath, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  const found = /peak-kb (\d+)/.exec(result.stderr);
  return found ? Number(found[1]) * 1024 : null;
}

export const megabytes = (bytes) => (bytes === null ? 'not measured (no GNU time)' : `${Math.round(bytes / 2 ** 20)} MB`);
