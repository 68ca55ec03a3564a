import { z } from 'zod';
import { nameText } from '../shared/plain-text.js';
import { ROLES } from '../auth/access.js';
import { passwordProblem } from '../auth/passwords.js';
import { LANGUAGES } from '../i18n/index.js';

const email = z
  .string({ error: 'validation.required' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'validation.email' }).max(254, 'validation.maxLength'));

export const newPassword = z.string({ error: 'validation.required' }).superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const signInSchema = z.object({
  email: z
    .string({ error: 'validation.required' })
    .trim()
    .min(1, 'validation.emailRequired')
    .max(254, 'validation.maxLength'),
  password: z
    .string({ error: 'validation.required' })
    .min(1, 'validation.passwordRequired')
    .max(1000, 'validation.maxLength'),
});

export const newUserSchema = z.object({
  email,
  name: nameText('validation.required').trim().min(2, 'validation.nameLength').max(200, 'validation.nameLength'),
  role: z.enum(ROLES, { error: 'validation.role' }),
  password: newPassword,
});
export type NewUserInput = z.output<typeof newUserSchema>;

export const roleSchema = z.object({ role: z.enum(ROLES, { error: 'validation.role' }) });
export const resetPasswordSchema = z.object({ password: newPassword });
export const languageSchema = z.object({ language: z.enum(LANGUAGES, { error: 'validation.invalidOption' }) });

export const passwordChangeSchema = z
  .object({
    currentPassword: z.string({ error: 'validation.required' }).min(1, 'validation.passwordRequired'),
    newPassword,
    confirmPassword: z.string({ error: 'validation.required' }),
  })
  .refine((input) => input.newPassword === input.confirmPassword, {
    path: ['confirmPassword'],
    error: 'validation.passwordMismatch',
  });

export const apiTokenSchema = z.object({
  name: nameText('validation.required').trim().min(2, 'validation.tokenName').max(100, 'validation.tokenName'),
  expiresInDays: z.preprocess(
    (value) => (value === '' || value === undefined || value === null ? null : Number(value)),
    z
      .number({ error: 'validation.number' })
      .int('validation.integer')
      .min(1, 'validation.tooSmall')
      .max(3650, 'validation.tooBig')
      .nullable(),
  ),
});
