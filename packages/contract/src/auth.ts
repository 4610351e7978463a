// Sign-in and the signed-in user. The session itself is an httpOnly cookie no client reads.
import { z } from 'zod';
import { ROLES } from './auth-values.ts';

export { ROLES };
export type Role = (typeof ROLES)[number];

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum([...ROLES, 'integration']),
  cityCode: z.string().nullable(),
  countyCode: z.string().nullable(),
  scopeName: z.string(),
  /** sees numbers masked by default and may ask for full numbers (审批) */
  canRequestUnmasked: z.boolean(),
});
export type User = z.infer<typeof UserSchema>;

export const LoginBodySchema = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const UserResponseSchema = z.object({ user: UserSchema });
export type UserResponse = z.infer<typeof UserResponseSchema>;
