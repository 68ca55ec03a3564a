// Routes are declared with the access they require, so no route exists without a rule.
import express, { type RequestHandler, type Response, type Router } from 'express';
import type { Actor } from '../audit/actor.js';
import { type Access, authorize } from '../auth/middleware.js';

type Method = 'get' | 'post' | 'patch' | 'delete';

export interface RouteSpec {
  method: Method;
  path: string;
  access: Access;
  handler: RequestHandler;
}

const spec =
  (method: Method) =>
  (path: string, access: Access, handler: RequestHandler): RouteSpec => ({ method, path, access, handler });
export const get = spec('get');
export const post = spec('post');
export const patch = spec('patch');
export const del = spec('delete');

export function routerFor(routes: RouteSpec[]): Router {
  const router = express.Router();
  for (const route of routes) router[route.method](route.path, authorize(route.access), route.handler);
  return router;
}

/** The signed-in user or token behind a request; routes that change data are never public. */
export function actorOf(res: Response): Actor {
  if (!res.locals.actor) throw new Error('a change was attempted without an authenticated actor');
  return res.locals.actor;
}
