/**
 * What a receipt really is, from its first bytes rather than its name: a photo (JPEG, PNG or a
 * phone's HEIC) or a PDF. Anything else is refused. Pure.
 */
export type ReceiptType = 'image/jpeg' | 'image/png' | 'image/heic' | 'application/pdf';

export const RECEIPT_MAX_BYTES = 10 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

export function receiptTypeOf(bytes: Uint8Array): ReceiptType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  // ISO base media: a size, then "ftyp" and a brand a phone uses for HEIC/HEIF photos.
  if (startsWith(bytes, ascii('ftyp'), 4) && ['heic', 'heix', 'hevc', 'mif1', 'msf1'].some((brand) => startsWith(bytes, ascii(brand), 8))) return 'image/heic';
  return null;
}

export const RECEIPT_EXTENSIONS: Record<ReceiptType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/heic': 'heic', 'application/pdf': 'pdf' };
