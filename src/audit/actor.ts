/** Who did something: a signed-in user, a user's API token, or the system itself. */
export interface Actor {
  userId: number | null;
  tokenId: number | null;
  label: string;
}

export const SYSTEM_ACTOR: Actor = { userId: null, tokenId: null, label: 'system' };

export function userActor(user: { id: number; email: string }, tokenId: number | null = null): Actor {
  return { userId: user.id, tokenId, label: user.email };
}
