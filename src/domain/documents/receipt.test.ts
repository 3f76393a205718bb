import { describe, expect, it } from 'vitest';
import { receiptTypeOf } from './receipt.js';

describe('what a receipt is, by its content', () => {
  it('knows photos and PDFs by their first bytes, whatever they are called', () => {
    expect(receiptTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(receiptTypeOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(receiptTypeOf(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(receiptTypeOf(Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic')]))).toBe('image/heic');
  });

  it('refuses anything else: text, a program, an empty file, a PDF name on a script', () => {
    expect(receiptTypeOf(Buffer.from('<script>alert(1)</script>'))).toBeNull();
    expect(receiptTypeOf(Buffer.from([0x4d, 0x5a, 0x90, 0]))).toBeNull();
    expect(receiptTypeOf(Buffer.alloc(0))).toBeNull();
    expect(receiptTypeOf(Buffer.from(' %PDF-1.7'))).toBeNull();
    expect(receiptTypeOf(Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42')]))).toBeNull();
  });
});
