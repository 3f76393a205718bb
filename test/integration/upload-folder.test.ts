import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareUploadFolder } from '../../src/web/uploads.js';
import { testApp } from '../helpers/app.js';

/** Issue 12, finding 12: an upload left on disk by a crash is removed when the service next starts. */
const root = mkdtempSync(path.join(tmpdir(), 'selfdirect-upload-root-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the upload folder', () => {
  it('at start-up, removes what processes that have gone left, keeping a live process’s uploads', async () => {
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const stale = path.join(root, 'upload-999999999-abc');
      const kept = path.join(root, `upload-${live.pid}-def`);
      const stray = path.join(root, 'something-else');
      for (const dir of [stale, kept, stray]) {
        mkdirSync(dir);
        writeFileSync(path.join(dir, 'statement.upload'), 'Margaret Ashworth,DP-1001');
      }
      const t = await testApp({ env: { UPLOAD_DIR: root } });
      await t.close();
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(stray)).toBe(false);
      expect(existsSync(kept)).toBe(true);
      expect(statSync(root).mode & 0o077, 'owner-only').toBe(0);
    } finally {
      live.kill();
    }
  });

  it('is made owner-only even when it was not', async () => {
    const loose = path.join(root, 'loose');
    mkdirSync(loose, { mode: 0o777 });
    await prepareUploadFolder(loose);
    expect(statSync(loose).mode & 0o777).toBe(0o700);
    expect(readdirSync(loose)).toEqual([]);
  });
});
