/** A query string that keeps `:` and `,` readable (`labels=env:prod,team:data`); both are valid there. */
export function readableQuery(params: URLSearchParams): string {
  return params.toString().replace(/%3A/gi, ":").replace(/%2C/gi, ",");
}
