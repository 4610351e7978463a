// The verification state machine of DESIGN.md, as data: which result may replace which.
import type { VerificationState } from '../../db/schema.ts';

export type StateOrNone = VerificationState | 'not_started';

export const VERIFIED_STATES = ['confirmed', 'corrected', 'closed', 'not_found'] as const;
export const RESULT_STATES = [...VERIFIED_STATES, 'unreachable'] as const;
export const ALL_STATES: readonly StateOrNone[] = ['not_started', 'in_field', ...RESULT_STATES];

export function isVerified(state: StateOrNone): boolean {
  return (VERIFIED_STATES as readonly string[]).includes(state);
}

/**
 * not_started ──export──▶ in_field ──result──▶ confirmed | corrected | closed | not_found
 * A later, better result replaces an earlier one: unreachable may become anything (a retry puts it
 * back in the field); a verified result may be replaced by another verified result, never by
 * unreachable or in_field. Writing the state a customer already has is not a transition.
 */
export function canTransition(from: StateOrNone, to: VerificationState): boolean {
  if (from === to) return false;
  if (to === 'in_field') return from === 'not_started' || from === 'unreachable';
  if (to === 'unreachable') return from === 'not_started' || from === 'in_field';
  return true;
}

/** The same rule as SQL over `current` (the stored row) and `excluded` (the new one). */
export const CAN_TRANSITION_SQL = `(
  current.state <> excluded.state and (
    (excluded.state = 'in_field' and current.state = 'unreachable')
    or (excluded.state = 'unreachable' and current.state = 'in_field')
    or excluded.state in (${VERIFIED_STATES.map((s) => `'${s}'`).join(', ')})
  ))`;
