import { describe, expect, it } from 'vitest';
import { caseDocumentTypeOf, checkCaseDocument } from './case-document.js';

const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const docx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....[Content_Types].xml....word/document.xml....')]);
const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....something.txt')]);

describe('a document added to a record', () => {
  it('is known by its content', () => {
    expect(caseDocumentTypeOf(pdf)).toBe('application/pdf');
    expect(caseDocumentTypeOf(png)).toBe('image/png');
    expect(caseDocumentTypeOf(docx)).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(caseDocumentTypeOf(zip)).toBeNull();
    expect(caseDocumentTypeOf(Buffer.from('MZ\x90\x00'))).toBeNull();
  });

  it('is refused when its name claims a type its content is not', () => {
    expect(checkCaseDocument('capacity.pdf', png)).toEqual({ ok: false, message: expect.stringMatching(/named as a PDF but its content is a PNG image/) });
    expect(checkCaseDocument('letter.docx', zip)).toEqual({ ok: false, message: expect.stringMatching(/named as a Word document but its content is not one/) });
    expect(checkCaseDocument('setup.exe', Buffer.from('MZ'))).toEqual({ ok: false, message: 'The file must be a PDF, a Word document (.docx) or a photo (JPG, PNG or HEIC)' });
  });

  it('is taken when name and content agree, or the name says nothing', () => {
    expect(checkCaseDocument('Capacity assessment.PDF', pdf)).toEqual({ ok: true, type: 'application/pdf' });
    expect(checkCaseDocument('scan', png)).toEqual({ ok: true, type: 'image/png' });
    expect(checkCaseDocument('photo.jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toEqual({ ok: true, type: 'image/jpeg' });
  });
});
