/**
 * The error summary in the order of the fields on the page (WCAG 1.3.2, GOV.UK's pattern): a
 * form's problems come from its schema, then from checks across fields, then from the command, so
 * their order is not the page's. Each summary link points at its field by id; the items are put in
 * the order those ids appear in the page, once, as the page is sent. Items whose field is not
 * found keep their place after the rest.
 */
const LIST = /(<ul class="govuk-list govuk-error-summary__list">)([\s\S]*?)(<\/ul>)/;

export function orderErrorSummary(html: string): string {
  const list = LIST.exec(html);
  if (!list) return html;
  const items = list[2]!.match(/<li>[\s\S]*?<\/li>/g) ?? [];
  if (items.length < 2) return html;
  const after = list.index + list[0].length;
  const position = (item: string) => {
    const target = /href="#([^"]+)"/.exec(item)?.[1];
    const at = target ? html.indexOf(`id="${target}"`, after) : -1;
    return at < 0 ? Number.POSITIVE_INFINITY : at;
  };
  const ordered = items
    .map((item, index) => ({ item, index, at: position(item) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map((x) => x.item);
  return `${html.slice(0, list.index)}${list[1]}\n${ordered.join('\n')}\n${list[3]}${html.slice(after)}`;
}
