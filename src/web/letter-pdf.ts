import { type PdfBlock, taggedPdf } from './tagged-pdf.js';

/**
 * A letter from the council as a tagged PDF (ADR 0022): the council, the address, the date, a
 * heading and the paragraphs, as sent, and who signs it. Every letter Selfdirect writes — about a
 * direct payment, a contribution's yearly change — is printed through this.
 */
export interface Letter {
  title: string;
  address: string[];
  date: string;
  paragraphs: string[];
}

export type LetterPerson = { given_name: string; preferred_name: string | null; family_name: string; address_line_1: string | null; address_line_2: string | null; town: string | null; postcode: string | null };

/** The address block of a letter to a person. */
export const letterAddress = (person: LetterPerson) => [`${person.given_name} ${person.family_name}`, person.address_line_1, person.address_line_2, person.town, person.postcode].filter((l): l is string => Boolean(l));

export function letterBlocks(letter: Letter, from: { councilName: string; team: string }): PdfBlock[] {
  return [
    { kind: 'paragraph', text: from.councilName, small: true },
    ...letter.address.map((line): PdfBlock => ({ kind: 'paragraph', text: line })),
    { kind: 'paragraph', text: letter.date },
    { kind: 'heading', level: 1, text: letter.title },
    ...letter.paragraphs.map((text): PdfBlock => ({ kind: 'paragraph', text })),
    { kind: 'paragraph', text: `Yours sincerely, ${from.team}, ${from.councilName}` },
  ];
}

export function letterPdf(letter: Letter, from: { councilName: string; team: string; subject: string }): Promise<Buffer> {
  return taggedPdf({ title: letter.title, subject: from.subject, author: from.councilName, blocks: letterBlocks(letter, from) });
}
