// What a member looks like wherever members are read: the member services and the identity
// provider's invitations. Its own module, so neither imports the other.
export const memberSelect = {
  id: true,
  role: true,
  createdAt: true,
  user: { select: { id: true, name: true, email: true } },
} as const;
