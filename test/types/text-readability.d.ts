/** The part of text-readability's API the plain-English test uses (the package ships no types). */
declare module 'text-readability' {
  const readability: { fleschKincaidGrade(text: string): number };
  export default readability;
}
