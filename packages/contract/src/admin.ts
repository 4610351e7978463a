// Users and API tokens administered in the app (系统管理), and a user's own password.
import { z } from 'zod';
import { ROLES } from './auth-values.ts';

const code = z
  .string()
  .trim()
  .regex(/^\d{2,12}$/, '单位编码 / unit code');

export const AdminUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  cityCode: z.string().nullable(),
  countyCode: z.string().nullable(),
  scopeName: z.string(),
  isActive: z.boolean(),
  /** false: the user has not set a password yet (or was reset) */
  hasPassword: z.boolean(),
  /** a one-time code is waiting to be used until then */
  setupCodeExpiresAt: z.string().nullable(),
  createdAt: z.string(),
  passwordChangedAt: z.string().nullable(),
});
export type AdminUser = z.infer<typeof AdminUserSchema>;
export const AdminUserListSchema = z.object({ items: z.array(AdminUserSchema) });
export type AdminUserList = z.infer<typeof AdminUserListSchema>;

export const UserCreateBodySchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{2,50}$/, '用户名为 2–50 个字母、数字或 _ . - / 2–50 letters, digits or _ . -'),
  displayName: z.string().trim().max(100).default(''),
  role: z.enum(ROLES),
  cityCode: code.nullable().optional(),
  countyCode: code.nullable().optional(),
});
export type UserCreateBody = z.infer<typeof UserCreateBodySchema>;

export const UserUpdateBodySchema = z.object({
  displayName: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
  cityCode: code.nullable().optional(),
  countyCode: code.nullable().optional(),
  isActive: z.boolean(),
});
export type UserUpdateBody = z.infer<typeof UserUpdateBodySchema>;

/** The one-time code, shown once: the user sets a password with it at first login. */
export const SetupCodeResponseSchema = z.object({
  user: AdminUserSchema,
  setupCode: z.string(),
  expiresAt: z.string(),
});
export type SetupCodeResponse = z.infer<typeof SetupCodeResponseSchema>;

export const SetupPasswordBodySchema = z.object({
  username: z.string().trim().min(1).max(100),
  code: z.string().trim().min(1).max(40),
  password: z.string().min(1).max(200),
});

export const ChangePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});

export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.string().nullable(),
  cityCode: z.string().nullable(),
  cityName: z.string().nullable(),
  expiresAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  state: z.enum(['active', 'expired', 'revoked']),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;
export const ApiTokenListSchema = z.object({ items: z.array(ApiTokenSchema) });
export type ApiTokenList = z.infer<typeof ApiTokenListSchema>;

export const TokenCreateBodySchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** the channel the entry gate counts the token's calls under (营销系统, 95598…) */
  channel: z.string().trim().max(50).nullable().optional(),
  /** only this city's stations */
  cityCode: code.nullable().optional(),
  /** YYYY-MM-DD (Beijing): the token works until the end of that day; null: no expiry */
  expiresOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .optional(),
});
export type TokenCreateBody = z.infer<typeof TokenCreateBodySchema>;

/** The secret, shown once. */
export const TokenCreatedSchema = z.object({ token: z.string(), item: ApiTokenSchema });
export type TokenCreated = z.infer<typeof TokenCreatedSchema>;
