import { z } from 'zod';

/**
 * GOV.UK pagination for a list shown a page at a time: previous and next, the first and last
 * pages and those either side of this one, with gaps between — so a list of 300 pages is a short
 * row of links. Null when everything fits on one page.
 */
export type PageItem = { number: number; href: string; current: boolean } | { ellipsis: true };

export function windowedPagination(current: number, pageSize: number, total: number, href: (page: number) => string) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const shown = [...new Set([1, current - 1, current, current + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items: PageItem[] = [];
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1]! > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === current });
  });
  return { previous: current > 1 ? { href: href(current - 1) } : undefined, next: current < pages ? { href: href(current + 1) } : undefined, items };
}

/** A page's address: the list's own address for page 1, with `page` added for the rest (after any query it has). */
export const pageHref = (base: string) => (n: number) => (n === 1 ? base : `${base}${base.includes('?') ? '&' : '?'}page=${n}`);

/** Pagination for a list at `base`. */
export const pagination = (current: number, pageSize: number, total: number, base: string) => windowedPagination(current, pageSize, total, pageHref(base));

/** ", showing 51 to 100" after a list's count when it is longer than a page; nothing when it fits on one. */
export function shownRange(current: number, pageSize: number, shown: number, total: number): string {
  if (total <= pageSize || shown === 0) return '';
  const first = (current - 1) * pageSize + 1;
  return `, showing ${first.toLocaleString('en-GB')} to ${(first + shown - 1).toLocaleString('en-GB')}`;
}

/** `?page=N` on a list: a number from 1, and page 1 for anything else. */
export const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });

/**
 * Loads the requested page of a list; a page past the end (an old link, records since closed)
 * loads the last page instead. `shown` says how many rows a loaded page holds.
 */
export async function loadPage<T extends { total: number }>(requested: number, pageSize: number, load: (window: { limit: number; offset: number }) => Promise<T>, shown: (loaded: T) => number): Promise<T & { page: number }> {
  const first = await load({ limit: pageSize, offset: (requested - 1) * pageSize });
  if (shown(first) > 0 || first.total === 0) return { ...first, page: requested };
  const last = Math.ceil(first.total / pageSize);
  return { ...(await load({ limit: pageSize, offset: (last - 1) * pageSize })), page: last };
}
