/**
 * The filter registry. A `Map`, not an object, so `x | constructor` or `x | __proto__`
 * finds nothing instead of something from `Object.prototype`.
 */
import type { FilterSpec } from "../runtime";
import { COLLECTION_FILTERS } from "./collections";
import { DATA_FILTERS } from "./data";
import { DATE_FILTERS } from "./dates";
import { ENCODING_FILTERS } from "./encoding";
import { NUMBER_FILTERS } from "./numbers";
import { STRING_FILTERS } from "./strings";

export const FILTERS: ReadonlyMap<string, FilterSpec> = new Map(
  Object.entries({
    ...STRING_FILTERS,
    ...ENCODING_FILTERS,
    ...COLLECTION_FILTERS,
    ...NUMBER_FILTERS,
    ...DATA_FILTERS,
    ...DATE_FILTERS,
  }),
);

export { isEmptyValue } from "./collections";
