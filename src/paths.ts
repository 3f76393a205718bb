/** Typed URL builders: every link and redirect in the app comes from here. No query strings carry personal data. */
export const paths = {
  home: () => '/',
  signIn: () => '/sign-in',
  signOut: () => '/sign-out',
  health: () => '/health',
  accessibility: () => '/accessibility',
  people: {
    list: () => '/people',
    search: () => '/people/search',
    create: () => '/people/new',
    view: (id: string) => `/people/${id}`,
    edit: (id: string) => `/people/${id}/edit`,
    close: (id: string) => `/people/${id}/close`,
    history: (id: string) => `/people/${id}/history`,
    addRepresentative: (id: string) => `/people/${id}/representatives/new`,
    endRepresentative: (id: string, representativeId: string) => `/people/${id}/representatives/${representativeId}/end`,
    addCarer: (id: string) => `/people/${id}/carers/new`,
    endCarerLink: (id: string, linkId: string) => `/people/${id}/carers/${linkId}/end`,
  },
  reports: {
    people: () => '/reports/people',
  },
  admin: {
    users: () => '/admin/users',
    createUser: () => '/admin/users/new',
    editUser: (id: string) => `/admin/users/${id}/edit`,
    teams: () => '/admin/teams',
    createTeam: () => '/admin/teams/new',
    editTeam: (id: string) => `/admin/teams/${id}/edit`,
  },
} as const;
