// The campaign's literal lists, apart from the schemas so the web can use them at run time without
// bundling zod (its API modules import only types from the contract).
export const PHASES = ['deployment', 'pilot', 'rollout'] as const;
