import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
    /** This route accepts files, for users with this ability. */
    uploads?: Ability;
    /** The largest file this route takes (MAX_UPLOAD_BYTES unless the route says less). */
    uploadBytes?: number;
  }
  interface FastifyRequest {
    uploadDirectory?: string;
  }
}

export async function registerUploads(app: FastifyInstance) {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 4, fields: 40, fieldSize: 100_000 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const ability = this.routeOptions.config.uploads;
      if (!ability) throw new ValidationError([{ field: part.fieldname, message: 'This page does not take files' }]);
      if (!this.actor) throw new NotSignedInError();
      if (!has(this.actor, ability)) throw new ForbiddenError();
      if (!part.filename) {
        part.file.resume();
        (part as unknown as { value: null }).value = null;
        return;
      }
      this.uploadDirectory ??= await mkdtemp(path.join(tmpdir(), 'selfdirect-upload-'));
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
