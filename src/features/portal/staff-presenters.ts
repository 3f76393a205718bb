import type { FieldError } from '../../errors.js';
import type { Person } from '../../db/schema.js';
import { paths } from '../../paths.js';
import { formatDateTime } from '../../web/format.js';
import { presentErrors } from '../../web/forms.js';
import type { grantsForPerson } from './repository.js';

/** The staff page for a person's My Selfdirect access. Pure. */
const PARTS = { assessment: 'Assessment', plan: 'Support plan', money: 'Money', messages: 'Messages' } as const;

export function staffPage(r: { person: Person; representatives: { id: string; name: string; kind: string }[]; grants: Awaited<ReturnType<typeof grantsForPerson>> }, values: Record<string, string | string[]>, errors?: FieldError[]) {
  const name = `${r.person.given_name} ${r.person.family_name}`;
  const who = typeof values.who === 'string' ? values.who : 'person';
  const parts = Array.isArray(values.parts) ? values.parts : typeof values.parts === 'string' ? [values.parts] : [];
  return {
    title: 'My Selfdirect',
    caption: name,
    intro: `People invited here sign in at ${paths.portal.home()} with a code sent to their email. The person sees all of their record; a representative sees only what you choose.`,
    grants: r.grants.map((g) => ({
      heading: `${g.display_name} (${g.email})`,
      rows: [
        { key: { text: 'For' }, value: { text: g.representative_id ? `Representative: ${g.representative_name ?? ''}` : `${r.person.given_name} themselves` } },
        { key: { text: 'Can see' }, value: { text: g.parts.map((p) => PARTS[p]).join(', ') } },
        { key: { text: 'Invited' }, value: { text: formatDateTime(g.invited_at) } },
        { key: { text: 'Last signed in' }, value: { text: g.last_signed_in_at ? formatDateTime(g.last_signed_in_at) : 'Not yet' } },
        ...(g.withdrawn_at ? [{ key: { text: 'Access ended' }, value: { text: formatDateTime(g.withdrawn_at) } }] : []),
      ],
      withdrawAction: g.withdrawn_at ? null : paths.portal.withdraw(g.id),
      withdrawId: `reason-${g.id}`,
    })),
    whoItems: [{ value: 'person', text: `${name} themselves`, checked: who === 'person' }, ...r.representatives.map((rep) => ({ value: rep.id, text: `${rep.name} (${rep.kind.replace(/-/g, ' ')})`, checked: who === rep.id }))],
    partItems: Object.entries(PARTS).map(([value, text]) => ({ value, text, checked: parts.includes(value) })),
    values,
    ...presentErrors(errors),
    backLink: { href: paths.people.view(r.person.id), text: `Back to ${name}` },
  };
}
