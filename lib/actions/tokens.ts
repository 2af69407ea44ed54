"use server";

import { z } from "zod";
import { createToken as issueToken, deleteToken } from "@/lib/server/tokens";
import { optionalText, userAction } from "./wrapper";

/** Creates an API token for the signed-in user; the full value is returned once. */
export const createToken = userAction(
  {
    input: z.object({
      name: z.string().trim().min(1, "Enter a name").max(100, "must be at most 100 characters"),
      description: optionalText(500),
      expiresInDays: z.enum(["", "7", "30", "90", "365"], { message: "Choose an expiry" }).default(""),
    }),
  },
  async ({ input, user }) => {
    const maxAgeSeconds = input.expiresInDays ? Number(input.expiresInDays) * 86400 : null;
    const token = await issueToken({ userId: user.id, superAdmin: user.superAdmin }, { userId: user.id, name: input.name, description: input.description ?? null, maxAgeSeconds });
    return { id: token.id, name: token.name, fullToken: token.fullToken };
  },
);

/** Revokes one of the signed-in user's API tokens. */
export const revokeToken = userAction({ input: z.object({ tokenId: z.string().min(1).max(64) }) }, async ({ input, user }) => {
  await deleteToken({ userId: user.id, superAdmin: user.superAdmin }, { userId: user.id, tokenId: input.tokenId });
});
