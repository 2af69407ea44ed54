/** A route param as written (`company.team`), whether or not the router decoded it. */
export function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
