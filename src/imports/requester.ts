// Whose rights an import request runs with: import routes require a signed-in user who may import.
import type { Response } from 'express';
import type { Role } from '../auth/access.js';

export function roleOf(res: Response): Role {
  const user = res.locals.user;
  if (!user) throw new Error('an import route ran without a signed-in user');
  return user.role;
}
