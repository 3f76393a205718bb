import { receiptTypeOf } from './receipt.js';

/**
 * What a document added to a person's record really is, from its bytes, and whether its name
 * claims something else. A capacity assessment or a letter is usually a PDF, a Word document or a
 * photo of a page. Pure.
 */
export type CaseDocumentType = 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/heic' | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const CASE_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

const DOCX: CaseDocumentType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const CASE_DOCUMENT_EXTENSIONS: Record<CaseDocumentType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
  [DOCX]: 'docx',
};

export const CASE_DOCUMENT_NAMES: Record<CaseDocumentType, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPG photo',
  'image/png': 'PNG image',
  'image/heic': 'HEIC photo',
  [DOCX]: 'Word document',
};

/** What a file name's ending says it is (names are only claims: the bytes decide). */
const CLAIMED: Record<string, CaseDocumentType> = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', heic: 'image/heic', heif: 'image/heic', docx: DOCX };

function isWordDocument(bytes: Uint8Array): boolean {
  // A .docx is a ZIP whose parts include word/document.xml; its names sit in the local headers.
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) return false;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return text.includes('[Content_Types].xml') && text.includes('word/document.xml');
}

export function caseDocumentTypeOf(bytes: Uint8Array): CaseDocumentType | null {
  return receiptTypeOf(bytes) ?? (isWordDocument(bytes) ? DOCX : null);
}

export type DocumentCheck = { ok: true; type: CaseDocumentType } | { ok: false; message: string };

/** The file's type by content, refused when it is none we keep, or when its name claims another. */
export function checkCaseDocument(name: string, bytes: Uint8Array): DocumentCheck {
  const type = caseDocumentTypeOf(bytes);
  const ending = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  const claimed = ending ? CLAIMED[ending] : undefined;
  if (!type) {
    return { ok: false, message: claimed ? `The file is named as a ${CASE_DOCUMENT_NAMES[claimed]} but its content is not one. Save it again as a PDF, Word document or photo and add it again` : 'The file must be a PDF, a Word document (.docx) or a photo (JPG, PNG or HEIC)' };
  }
  if (claimed && claimed !== type) {
    return { ok: false, message: `The file is named as a ${CASE_DOCUMENT_NAMES[claimed]} but its content is a ${CASE_DOCUMENT_NAMES[type]}. Check you chose the right file` };
  }
  return { ok: true, type };
}
