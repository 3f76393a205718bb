/** What production needs to send messages (GOV.UK Notify), for tests that start in production: a key and templates in Notify's shapes. */
export const PRODUCTION_MESSAGES = {
  NOTIFY_API_KEY: 'selfdirect_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0',
  NOTIFY_TEMPLATES: 'sign-in-code=f33517ff-2a88-4f6e-b855-c550268ce08a,portal-invitation=0c1b7a1e-6a0c-4a0e-9c8d-2f4b3c2a1d00,staff-invitation=5e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c,letter=9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
};
