import { createConnection } from 'node:net';

/**
 * A virus scan through ClamAV's daemon (`clamd`, Debian's clamav-daemon), by its INSTREAM command:
 * the bytes go over the socket in chunks, so nothing is written to a disk clamd must read. The
 * address is a Unix socket path (`/run/clamav/clamd.ctl`) or `host:port` (`127.0.0.1:3310`).
 */
export type ScanResult = { clean: true } | { clean: false; signature: string };

export class ScannerUnavailableError extends Error {}

const CHUNK = 64 * 1024;

function connectionOptions(address: string) {
  const tcp = /^([^/:]+):(\d{1,5})$/.exec(address);
  return tcp ? { host: tcp[1]!, port: Number(tcp[2]) } : { path: address };
}

export async function scanWithClamd(address: string, content: Uint8Array, timeoutMs = 30_000): Promise<ScanResult> {
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = createConnection(connectionOptions(address));
    const parts: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new ScannerUnavailableError(`clamd did not answer within ${timeoutMs} ms`)));
    socket.on('error', (error) => reject(error instanceof ScannerUnavailableError ? error : new ScannerUnavailableError(`clamd could not be reached: ${error.message}`)));
    socket.on('data', (chunk) => parts.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(parts).toString('utf8').replace(/\0/g, '').trim()));
    socket.on('connect', () => {
      socket.write('zINSTREAM\0');
      for (let at = 0; at < content.length; at += CHUNK) {
        const piece = content.subarray(at, Math.min(at + CHUNK, content.length));
        const size = Buffer.alloc(4);
        size.writeUInt32BE(piece.length);
        socket.write(size);
        socket.write(piece);
      }
      socket.end(Buffer.alloc(4)); // a zero-length chunk ends the stream
    });
  });
  // "stream: OK", "stream: Eicar-Test-Signature FOUND", or "... ERROR"
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found) return { clean: false, signature: found[1]! };
  if (reply === 'stream: OK') return { clean: true };
  throw new ScannerUnavailableError(`clamd could not scan the file: ${reply || 'no answer'}`);
}
