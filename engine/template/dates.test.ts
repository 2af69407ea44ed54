import { describe, expect, it } from "vitest";
import { render, TemplateError, type RenderOptions, type TemplateContext } from "./index";

const clock: RenderOptions = { now: () => new Date("2024-07-09T06:17:01.171Z") };
const ctx: TemplateContext = {
  execution: { startDate: "2024-01-02T03:04:05.123456Z" },
  when: new Date("2024-05-06T07:08:09.010Z"),
};

const r = (template: string, options: RenderOptions = clock): Promise<string> => render(template, ctx, options);

describe("now()", () => {
  it.each([
    ["{{ now() }}", "2024-07-09T06:17:01.171000Z"],
    ["{{ now(timeZone='Europe/Paris') }}", "2024-07-09T08:17:01.171000+02:00"],
    ["{{ now() | date('yyyy-MM-dd') }}", "2024-07-09"],
    ["{{ now('yyyy') }}", "2024"],
    ["{{ now() | dateAdd(-1, 'DAYS') | date('yyyy-MM-dd') }}", "2024-07-08"],
  ])("%j renders %j", async (template, expected) => {
    expect(await r(template)).toBe(expected);
  });
});

describe("date patterns (java.time.format.DateTimeFormatter)", () => {
  it.each([
    ["{{ execution.startDate | date('yyyy-MM-dd HH:mm:ss.SSSSSS') }}", "2024-01-02 03:04:05.123456"],
    ["{{ execution.startDate | date('yyyy-MM-dd HH:mm:ss.SSS') }}", "2024-01-02 03:04:05.123"],
    ["{{ execution.startDate | date('EEEE, MMMM d, yyyy') }}", "Tuesday, January 2, 2024"],
    ["{{ execution.startDate | date('EEE MMM dd yy') }}", "Tue Jan 02 24"],
    ["{{ execution.startDate | date('hh:mm a') }}", "03:04 AM"],
    ["{{ '2024-01-02T15:04:05Z' | date(\"h 'o''clock' a\") }}", "3 o'clock PM"],
    ["{{ '2024-01-02T15:04:05Z' | date('H k K h') }}", "15 15 3 3"],
    ["{{ '2024-01-02T00:04:05Z' | date('H k K h') }}", "0 24 0 12"],
    ["{{ '2024-12-31T00:00:00Z' | date('D') }}", "366"],
    ["{{ '2024-05-15T00:00:00Z' | date('Q QQQ QQQQ') }}", "2 Q2 2nd quarter"],
    ["{{ '2024-01-02T00:00:00Z' | date('ww') }}", "01"],
    ["{{ '2024-12-29T00:00:00Z' | date('YYYY-ww') }}", "2025-01"],
    ["{{ '2024-01-02T00:00:00Z' | date('G yyyy') }}", "AD 2024"],
    ["{{ execution.startDate | date('XXX xxx Z ZZZZZ') }}", "Z +00:00 +0000 Z"],
    ["{{ '2024-01-02T23:30:00Z' | date('yyyy-MM-dd HH:mm XXX', timeZone='Asia/Kolkata') }}", "2024-01-03 05:00 +05:30"],
    ["{{ '2024-01-02T12:00:00Z' | date('X x O OOOO VV', timeZone='Europe/Paris') }}", "+01 +01 GMT+1 GMT+01:00 Europe/Paris"],
    ["{{ '2024-07-01T12:00:00Z' | date('HH:mm z', timeZone='America/New_York') }}", "08:00 EDT"],
    ["{{ '2024-01-01T12:00:00Z' | date('zzzz', timeZone='Europe/Paris') }}", "Central European Standard Time"],
    ["{{ '2024-01-02T12:00:00Z' | date('HH:mm XXX', timeZone='-03:30') }}", "08:30 -03:30"],
    ["{{ '2024-01-02T00:00:00Z' | date('EEEE d MMMM', locale='fr_FR') }}", "mardi 2 janvier"],
    ["{{ when }}", "2024-05-06T07:08:09.010Z"],
    ["{{ when | date('yyyy/MM/dd SSS') }}", "2024/05/06 010"],
  ])("%j renders %j", async (template, expected) => {
    expect(await r(template)).toBe(expected);
  });
});

describe("named formats (Kestra's AbstractDate)", () => {
  it.each([
    ["{{ execution.startDate | date }}", "2024-01-02T03:04:05.123456Z"],
    ["{{ execution.startDate | date('iso') }}", "2024-01-02T03:04:05.123456Z"],
    ["{{ execution.startDate | date('iso_sec') }}", "2024-01-02T03:04:05Z"],
    ["{{ execution.startDate | date('sql') }}", "2024-01-02 03:04:05.123456"],
    ["{{ execution.startDate | date('sql_seq') }}", "2024-01-02 03:04:05"],
    ["{{ execution.startDate | date('iso_instant') }}", "2024-01-02T03:04:05.123456Z"],
    ["{{ '2024-01-02T03:04:05Z' | date('iso_instant') }}", "2024-01-02T03:04:05Z"],
    ["{{ execution.startDate | date('iso_local_date_time') }}", "2024-01-02T03:04:05.123456"],
    ["{{ execution.startDate | date('iso_local_date') }}", "2024-01-02"],
    ["{{ execution.startDate | date('iso_date') }}", "2024-01-02Z"],
    ["{{ '2024-01-02T03:04:05.5Z' | date('iso_local_time') }}", "03:04:05.5"],
    ["{{ execution.startDate | date('iso_zoned_date_time', timeZone='Europe/Paris') }}", "2024-01-02T04:04:05.123456+01:00[Europe/Paris]"],
    ["{{ execution.startDate | date('iso_offset_time', timeZone='Europe/Paris') }}", "04:04:05.123456+01:00"],
    ["{{ execution.startDate | date('iso_ordinal_date') }}", "2024-002Z"],
    ["{{ execution.startDate | date('iso_week_date') }}", "2024-W01-2Z"],
    ["{{ execution.startDate | date('rfc_1123_date_time') }}", "Tue, 2 Jan 2024 03:04:05 GMT"],
  ])("%j renders %j", async (template, expected) => {
    expect(await r(template)).toBe(expected);
  });

  it("formats localized styles through Intl", async () => {
    expect(await r("{{ '2024-01-02T15:04:05Z' | date('short') }}")).toMatch(/^1\/2\/24, 3:04\sPM$/u);
    expect(await r("{{ '2024-01-02T15:04:05Z' | date('full', timeZone='Europe/Paris') }}")).toContain("Tuesday, January 2, 2024");
  });
});

describe("date inputs", () => {
  it.each([
    ["{{ 0 | date('yyyy-MM-dd HH:mm') }}", "1970-01-01 00:00"],
    ["{{ 1700000000 | date('iso_instant') }}", "2023-11-14T22:13:20Z"],
    ["{{ '2024-03-05' | date('dd/MM/yyyy') }}", "05/03/2024"],
    ["{{ '2024-03-05T10:20' | date('HH:mm', timeZone='Europe/Paris') }}", "10:20"],
    ["{{ '2024-03-05T10:20:00+02:00' | date('HH:mm') }}", "08:20"],
    ["{{ 'July 24, 2001' | date('yyyy-MM-dd', existingFormat='MMMM dd, yyyy') }}", "2001-07-24"],
    ["{{ '24/07/2001 13:45' | date('iso_local_date_time', existingFormat='dd/MM/yyyy HH:mm') }}", "2001-07-24T13:45:00"],
    ["{{ '20240102' | date('yyyy-MM-dd', existingFormat='yyyyMMdd') }}", "2024-01-02"],
    ["{{ '01/02/24 3:04 PM' | date('iso_local_date_time', existingFormat='MM/dd/yy h:mm a') }}", "2024-01-02T15:04:00"],
  ])("%j renders %j", async (template, expected) => {
    expect(await r(template)).toBe(expected);
  });

  it("uses the render option's time zone by default", async () => {
    expect(await r("{{ '2024-01-02T03:04:05Z' | date('HH:mm') }}", { timeZone: "Asia/Tokyo" })).toBe("12:04");
  });
});

describe("dateAdd and timestamps", () => {
  it.each([
    ["{{ '2024-01-31T10:00:00Z' | dateAdd(1, 'MONTHS', 'yyyy-MM-dd') }}", "2024-02-29"],
    ["{{ '2024-01-31T10:00:00Z' | dateAdd(-1, 'DAYS') }}", "2024-01-30T10:00:00.000000Z"],
    ["{{ '2024-01-31T10:00:00Z' | dateAdd(2, 'HOURS', 'HH:mm') }}", "12:00"],
    ["{{ '2024-02-29T00:00:00Z' | dateAdd(1, 'YEARS', 'yyyy-MM-dd') }}", "2025-02-28"],
    ["{{ '2024-01-01T00:00:00Z' | dateAdd(90, 'MINUTES', 'HH:mm') }}", "01:30"],
    ["{{ '2024-01-01T00:00:00Z' | dateAdd(1500, 'MILLIS', 'ss.SSS') }}", "01.500"],
    ["{{ '2024-01-01T00:00:00Z' | dateAdd(2, 'WEEKS', 'yyyy-MM-dd') }}", "2024-01-15"],
    // Calendar units follow the wall clock across DST, time units follow the instant.
    ["{{ '2024-03-30T12:00:00+01:00[Europe/Paris]' | dateAdd(1, 'DAYS', 'iso_offset_date_time', timeZone='Europe/Paris') }}", "2024-03-31T12:00:00+02:00"],
    ["{{ '2024-03-30T12:00:00+01:00[Europe/Paris]' | dateAdd(24, 'HOURS', 'iso_offset_date_time', timeZone='Europe/Paris') }}", "2024-03-31T13:00:00+02:00"],
    ["{{ '2024-01-01T00:00:00Z' | timestamp }}", "1704067200"],
    ["{{ '2024-01-01T00:00:00.123Z' | timestampMilli }}", "1704067200123"],
    ["{{ '2024-01-01T00:00:00.123456Z' | timestampMicro }}", "1704067200123456"],
    ["{{ '2024-01-01T00:00:00.123456789Z' | timestampNano }}", "1704067200123456789"],
    ["{{ '2024-01-01 00:00' | timestamp(existingFormat='yyyy-MM-dd HH:mm', timeZone='Europe/Paris') }}", "1704063600"],
  ])("%j renders %j", async (template, expected) => {
    expect(await r(template)).toBe(expected);
  });
});

describe("date errors", () => {
  it.each([
    ["{{ 'not a date' | date }}"],
    ["{{ '2024-13-45' | date }}"],
    ["{{ execution.startDate | date(timeZone='Mars/Olympus') }}"],
    ["{{ execution.startDate | dateAdd(1, 'FORTNIGHTS') }}"],
    ["{{ execution.startDate | date('yyyy-bb') }}"],
    ["{{ 'July 24' | date('yyyy', existingFormat='yyyy-MM') }}"],
    ["{{ [1] | date }}"],
  ])("%j fails with a TemplateError", async (template) => {
    await expect(r(template)).rejects.toBeInstanceOf(TemplateError);
  });
});
