import { z } from "zod";
import { namespaceSchema } from "./schemas";

/** A Trigger as Kestra's clients send it back: its key is what we read. */
export const triggerKeyBody = z.looseObject({
  namespace: namespaceSchema,
  flowId: z.string().min(1).max(100),
  triggerId: z.string().min(1).max(100),
});
