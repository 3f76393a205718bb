import { isRunning } from '../processes.js';
import { createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, NotSignedInError, ValidationError } from '../errors.js';
import { type Ability, has } from '../policies/index.js';

/**
 * File uploads, streamed straight to a temporary file (never held in memory), only on routes that
 * ask for them, and only for a signed-in user with the route's ability: the check runs before the
 * first byte of a file is written. The form's other fields, the CSRF token among them, reach the
 * route as an ordinary body. Temporary files are removed when the response has been sent.
 */
export interface UploadedFile {
  path: string;
  name: string;
  bytes: number;
}

export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route accepts files, for staff with this ability, or for people signed in to My Selfdirect. */
    uploads?: Ability | 'portal';
    /** The largest file this route takes (MAX_UPLOAD_BYTES unless the route says less). */
    uploadBytes?: number;
  }
  interface FastifyRequest {
    uploadDirectory?: string;
  }
}


/**
 * The folder uploads are written under: owner-only, refused if someone else made it. Each request's
 * files go in a folder named for the process, so at start-up the folders of processes that have
 * gone (a crash, kill -9) are removed; those of a live process sharing the folder are left alone.
 */
export async function prepareUploadFolder(root: string): Promise<{ removed: number }> {
  await mkdir(root, { recursive: true, mode: 0o700 });
  const stat = await lstat(root);
  if (!stat.isDirectory() || (typeof process.getuid === 'function' && stat.uid !== process.getuid())) {
    throw new Error(`The upload folder ${root} is not a folder this user owns: set UPLOAD_DIR to another place`);
  }
  await chmod(root, 0o700);
  let removed = 0;
  for (const entry of await readdir(root)) {
    const pid = Number(/^upload-(\d+)-/.exec(entry)?.[1]);
    if (pid && pid !== process.pid && isRunning(pid)) continue;
    if (pid === process.pid) continue;
    await rm(path.join(root, entry), { recursive: true, force: true });
    removed += 1;
  }
  return { removed };
}

export async function registerUploads(app: FastifyInstance, root: string) {
  const { removed } = await prepareUploadFolder(root);
  if (removed) app.log.info({ removed }, 'removed uploads left by a process that stopped');
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 4, fields: 40, fieldSize: 100_000 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const ability = this.routeOptions.config.uploads;
      if (!ability) throw new ValidationError([{ field: part.fieldname, message: 'This page does not take files' }]);
      if (!this.actor) throw new NotSignedInError(ability === 'portal' ? '/my/sign-in' : undefined);
      if (ability === 'portal' ? this.actor.kind === 'staff' : !has(this.actor, ability)) throw new ForbiddenError();
      if (!part.filename) {
        part.file.resume();
        (part as unknown as { value: null }).value = null;
        return;
      }
      this.uploadDirectory ??= await mkdtemp(path.join(root, `upload-${process.pid}-`));
      const file = path.join(this.uploadDirectory, `${part.fieldname}.upload`);
      const limit = Math.min(this.routeOptions.config.uploadBytes ?? MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES);
      const tooLarge = () => new ValidationError([{ field: part.fieldname, message: `The file is larger than ${formatMegabytes(limit)}, more than this kind of file ever is. Check you chose the right file` }]);
      let bytes = 0;
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          done(bytes > limit ? tooLarge() : null, chunk);
        },
      });
      await pipeline(part.file, counted, createWriteStream(file, { mode: 0o600 }));
      if (part.file.truncated) throw tooLarge();
      (part as unknown as { value: UploadedFile }).value = { path: file, name: part.filename, bytes: part.file.bytesRead };
    },
  });
  app.addHook('onResponse', async (request) => {
    if (request.uploadDirectory) await rm(request.uploadDirectory, { recursive: true, force: true });
  });
}

const formatMegabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024).toLocaleString('en-GB')} MB`;
