/** Display formats in the GOV.UK style, in Europe/London. Pure. */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** '2026-04-01' → '1 April 2026'. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});

/** A moment → '1 April 2026 at 9:05am'. */
export function formatDateTime(moment: Date): string {
  const parts = Object.fromEntries(dateTime.formatToParts(moment).map((p) => [p.type, p.value]));
  return `${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}${(parts.dayPeriod ?? '').toLowerCase()}`;
}

const londonClock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/** A date and time on a London clock ('2026-07-15', '13:30') → the moment it was (BST or GMT). */
export function londonMoment(isoDate: string, time: string): Date {
  const asUtc = new Date(`${isoDate}T${time}:00Z`);
  // London is UTC or one hour ahead: try each offset and keep the one London's clock agrees with.
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(asUtc.getTime() - offsetHours * 3_600_000);
    const p = Object.fromEntries(londonClock.formatToParts(candidate).map((x) => [x.type, x.value]));
    if (`${p.year}-${p.month}-${p.day}` === isoDate && `${p.hour}:${p.minute}` === time) return candidate;
  }
  return asUtc; // a time the clocks skipped (01:30 on the spring change): read it as GMT
}

const londonDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Europe/London as 'YYYY-MM-DD'. */
export function londonToday(now: Date = new Date()): string {
  return londonDay.format(now);
}

/** A file's size: '12 KB' (never 0 KB), '3.4 MB'. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
