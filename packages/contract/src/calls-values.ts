// The calls' literal lists, apart from the schemas so the web can use them at run time without
// bundling zod (its API modules import only types from the contract).
export const CALL_FIELDS = ['name', 'mobile', 'landline', 'address'] as const;
export const CALL_RESULTS = ['answered', 'no_answer', 'wrong_person', 'refused', 'empty_number'] as const;
export const VERDICTS = ['correct', 'wrong', 'unreachable'] as const;
