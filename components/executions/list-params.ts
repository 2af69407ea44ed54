import { z } from "zod";
import { EXECUTION_SORTS, EXECUTION_STATES, type ExecutionListParams } from "./model";

const text = (max: number) => z.string().trim().max(max).optional().catch(undefined).transform((v) => v || undefined);
const isoDate = z
  .string()
  .optional()
  .catch(undefined)
  .transform((v) => (v && !Number.isNaN(new Date(v).getTime()) ? v : undefined));

/** `?q&namespace&flowId&state=A,B&labels&range&from&to&sort&page`: every filter of the list, each dropped when invalid. */
export const executionListParams = z.object({
  q: text(200),
  namespace: text(150),
  flowId: text(100),
  state: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => (v ? v.split(",").filter((s): s is (typeof EXECUTION_STATES)[number] => (EXECUTION_STATES as readonly string[]).includes(s)) : [])),
  labels: text(500),
  range: z.enum(["1h", "24h", "7d", "30d", "custom", "all"]).optional().catch(undefined),
  from: isoDate,
  to: isoDate,
  sort: z
    .string()
    .regex(new RegExp(`^(${EXECUTION_SORTS.join("|")}):(asc|desc)$`))
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
}) satisfies z.ZodType<ExecutionListParams, unknown>;
