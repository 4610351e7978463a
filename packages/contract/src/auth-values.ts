// The roles, apart from the schemas so the web can use the list at run time without bundling zod.
/** The roles a person can hold; an integration token is a principal too, but never a person. */
export const ROLES = ['admin', 'coordinator', 'city_member', 'agent', 'manager', 'auditor'] as const;
