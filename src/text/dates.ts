/**
 * Dates for front matter and pages: parsing editor-written values and
 * formatting instants in the site's IANA time zone.
 *
 * Pure module: nothing depends on the process's TZ or locale. Wall-clock
 * times are converted with offsets read from `Intl.DateTimeFormat` for the
 * given zone, and output strings are built from numeric parts (never
 * `toLocaleString`, whose text differs between machines).
 */

export type ParsedDate =
  | { ok: true; epochMs: number; hasTime: boolean }
  | { ok: false; message: string; hint: string };

export interface ZonedParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  /** 0–23 */
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

const FORMAT_HINT =
  'Ghi ngày theo dạng ngày/tháng/năm, ví dụ 11/10/2021, 11/10/2021 14:48 hoặc 11/10/2021 14h48; ' +
  'hoặc theo ISO 8601, ví dụ 2021-10-11 14:48.';
const DAY_MONTH_HINT = 'Kiểm tra lại ngày và tháng; ngày viết trước tháng, ví dụ 11/10/2021 14:48.';
const TIME_HINT = 'Giờ từ 00 đến 23, phút và giây từ 00 đến 59, ví dụ 11/10/2021 14:48.';
const TIME_ZONE_HINT = 'Dùng tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh.';

const WEEKDAY_NAMES = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;

// --- time zones -----------------------------------------------------------

/** One formatter per zone; creating them is far slower than using them. */
const formatterCache = new Map<string, Intl.DateTimeFormat>();
const validZoneCache = new Map<string, boolean>();
/** Per zone: offset at a whole-second instant. Intl formatting is the slow part. */
const offsetCache = new Map<string, Map<number, number>>();
const OFFSET_CACHE_LIMIT = 100_000;
/** By zone, the offset of each UTC day (by its first millisecond) with one offset throughout, NaN for a day with a change. */
const dayOffsetCache = new Map<string, Map<number, number>>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatterCache.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
        timeZone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`Múi giờ "${timeZone}" không hợp lệ. ${TIME_ZONE_HINT}`);
    }
    formatterCache.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `tz` is a time zone name this runtime knows (e.g. `Asia/Ho_Chi_Minh`, `UTC`). */
export function isValidTimeZone(tz: string): boolean {
  let valid = validZoneCache.get(tz);
  if (valid === undefined) {
    valid = false;
    if (tz.trim() !== '') {
      try {
        formatterFor(tz);
        valid = true;
      } catch {
        valid = false;
      }
    }
    validZoneCache.set(tz, valid);
  }
  return valid;
}

/**
 * Offset of `timeZone` from UTC at the instant `epochMs`, in milliseconds
 * (positive east of Greenwich: +7 h for Asia/Ho_Chi_Minh).
 */
function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const wholeSecond = epochMs - mod(epochMs, MS_PER_SECOND);
  const zoneCache = cacheOf(offsetCache, timeZone);
  let offset = zoneCache.get(wholeSecond);
  if (offset === undefined) {
    // A zone's offset changes a few times a year at most: when the offsets at both ends of the
    // instant's UTC day agree, the whole day has that offset (one lookup per day a site publishes
    // on, not one per article). A day with a change is read to the second.
    const dayStart = epochMs - mod(epochMs, MS_PER_DAY);
    const days = cacheOf(dayOffsetCache, timeZone);
    let day = days.get(dayStart);
    if (day === undefined) {
      const start = readZoneOffsetMs(dayStart, timeZone);
      day = start === readZoneOffsetMs(dayStart + MS_PER_DAY - MS_PER_SECOND, timeZone) ? start : Number.NaN;
      remember(days, dayStart, day);
    }
    offset = Number.isNaN(day) ? readZoneOffsetMs(wholeSecond, timeZone) : day;
    remember(zoneCache, wholeSecond, offset);
  }
  return offset;
}

/** The offsets remembered for `timeZone` in `caches`, made on first use. */
function cacheOf(caches: Map<string, Map<number, number>>, timeZone: string): Map<number, number> {
  let cache = caches.get(timeZone);
  if (cache === undefined) caches.set(timeZone, (cache = new Map()));
  return cache;
}

/** Bounded: a site formats each article's instant a few times in a row. */
function remember(cache: Map<number, number>, key: number, offset: number): void {
  if (cache.size >= OFFSET_CACHE_LIMIT) cache.clear();
  cache.set(key, offset);
}

/** zoneOffsetMs without the cache; `wholeSecond` has no milliseconds. */
function readZoneOffsetMs(wholeSecond: number, timeZone: string): number {
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let beforeCommonEra = false;
  for (const part of formatterFor(timeZone).formatToParts(wholeSecond)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value) % 24; // some engines print midnight as 24
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      case 'era':
        beforeCommonEra = part.value.startsWith('B');
        break;
      default:
        break;
    }
  }
  if (beforeCommonEra) year = 1 - year;
  const wallMs = wallClockMs(year, month, day, hour, minute, second);
  return wallMs - wholeSecond;
}

/**
 * The instant at which the wall clock in `timeZone` shows the given local
 * time (expressed as milliseconds of a UTC-like timeline, see wallClockMs).
 *
 * The offsets one day before and after bound the zone's offset around that
 * time; each one is tried and kept when it maps back onto the same wall
 * clock. That settles the usual case in two look-ups and resolves DST
 * transitions like the ECMAScript Temporal "compatible" choice: a time that
 * occurs twice (autumn) gives the earlier instant, a time skipped by the
 * spring-forward gap is moved forward by the gap (02:30 → 03:30).
 */
function wallClockToEpoch(localMs: number, timeZone: string): number {
  const offsetBefore = zoneOffsetMs(localMs - MS_PER_DAY, timeZone);
  const offsetAfter = zoneOffsetMs(localMs + MS_PER_DAY, timeZone);
  const candidates: number[] = [];
  for (const offset of offsetBefore === offsetAfter ? [offsetBefore] : [offsetBefore, offsetAfter]) {
    const epoch = localMs - offset;
    if (zoneOffsetMs(epoch, timeZone) === offset) candidates.push(epoch);
  }
  if (candidates.length > 0) return Math.min(...candidates);
  // Rare: more than one transition near this time; fall back to iterating.
  if (offsetBefore === offsetAfter) {
    const first = localMs - zoneOffsetMs(localMs, timeZone);
    return localMs - zoneOffsetMs(first, timeZone);
  }
  // In a gap: read the time with the offset in force before the transition.
  return localMs - offsetBefore;
}

// --- calendar arithmetic --------------------------------------------------

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Inverse of daysFromCivil. */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** A wall-clock time as milliseconds on a timeline without offsets (like Date.UTC, any year). */
function wallClockMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  return daysFromCivil(year, month, day) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * MS_PER_SECOND;
}

// --- parsing --------------------------------------------------------------

const ISO_PATTERN =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DAY_FIRST_PATTERN = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const TWO_DIGIT_YEAR_PATTERN = /^\d{1,2}([/.-])\d{1,2}\1\d{2}(?:\s|$)/;
/** A time as Vietnamese offices write it: `14h48`, `14g48`, `14 giờ 48`, `14 giờ 48 phút`, `14h`. */
const VN_TIME = String.raw`(\d{1,2})\s*(?:h|g|giờ)\s*(?:(\d{1,2})\s*(?:phút|p|')?)?`;
/** A date, then such a time: `11/10/2021 14h48`, `11/10/2021, 14 giờ 48`. */
const DATE_THEN_VN_TIME = new RegExp(String.raw`^(\S+?)[\s,]+(?:lúc\s+)?${VN_TIME}$`, 'iu');
/** Such a time, then the date: `14h48 ngày 11/10/2021`, `14 giờ 48, 11/10/2021`. */
const VN_TIME_THEN_DATE = new RegExp(String.raw`^${VN_TIME}[\s,]+(?:ngày\s+)?(\S+)$`, 'iu');

interface DateFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  hasTime: boolean;
  /** Offset written in the value, in ms east of UTC; undefined for wall-clock values. */
  offsetMs: number | undefined;
}

function failure(message: string, hint: string): ParsedDate {
  return { ok: false, message, hint };
}

/**
 * Parses a front-matter date. Accepts ISO 8601 (`2021-10-11`,
 * `2021-10-11 14:48`, `2021-10-11T14:48:00+07:00`, `…Z`, `…+0700`) and
 * Vietnamese day-first dates (`11/10/2021`, `11/10/2021 14:48`,
 * `11/10/2021 14:48:30`, `11-10-2021`, `11.10.2021`, `2/12/2024`), also with the time as
 * offices write it (`11/10/2021 14h48`, `11/10/2021 14 giờ 48`, `14g48 ngày 11/10/2021`).
 *
 * A value without an offset is wall-clock time in `timeZone`; a date without
 * a time is midnight in `timeZone` (not UTC). Dates and times that do not
 * exist (30/02, 29/02/2023, month 13, 25:00) are rejected with a message and
 * a hint in Vietnamese.
 */
export function parseDate(value: string, timeZone: string): ParsedDate {
  if (!isValidTimeZone(timeZone)) {
    return failure(`Múi giờ "${timeZone}" không hợp lệ.`, TIME_ZONE_HINT);
  }
  const text = value.trim();
  if (text === '') return failure('Ngày đang để trống.', FORMAT_HINT);

  const fields = matchIso(text) ?? matchDayFirst(text) ?? matchVietnameseTime(text);
  if (fields === undefined) {
    if (TWO_DIGIT_YEAR_PATTERN.test(text)) {
      return failure(`Năm trong "${text}" chỉ có 2 chữ số.`, 'Viết năm đủ 4 chữ số, ví dụ 11/10/2021.');
    }
    return failure(`Không hiểu ngày "${text}".`, FORMAT_HINT);
  }

  const { year, month, day, hour, minute, second } = fields;
  if (year < 1) return failure(`Ngày "${text}" không có trong lịch.`, DAY_MONTH_HINT);
  if (month < 1 || month > 12) {
    // 10/13/2021 is most likely month-first; say so.
    const swapped = month >= 13 && month <= 31 && day >= 1 && day <= 12 && month <= daysInMonth(year, day);
    return failure(
      `Tháng ${month} trong "${text}" không có (tháng chỉ từ 1 đến 12).`,
      swapped
        ? `Ngày viết trước tháng: ngày ${month} tháng ${day} năm ${year} là ${pad2(month)}/${pad2(day)}/${year}.`
        : DAY_MONTH_HINT,
    );
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    const hint =
      month === 2 && day === 29
        ? `Năm ${year} không phải năm nhuận nên tháng 2 chỉ có 28 ngày.`
        : `Tháng ${month}/${year} có ${daysInMonth(year, month)} ngày. ${DAY_MONTH_HINT}`;
    return failure(`Ngày "${text}" không có trong lịch.`, hint);
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return failure(`Giờ trong "${text}" không hợp lệ.`, TIME_HINT);
  }
  if (fields.offsetMs !== undefined && Math.abs(fields.offsetMs) >= MS_PER_DAY) {
    return failure(`Độ lệch múi giờ trong "${text}" không hợp lệ.`, 'Viết độ lệch như +07:00 hoặc Z (giờ UTC).');
  }

  const localMs = wallClockMs(year, month, day, hour, minute, second) + fields.millisecond;
  const epochMs =
    fields.offsetMs !== undefined ? localMs - fields.offsetMs : wallClockToEpoch(localMs, timeZone);
  return { ok: true, epochMs, hasTime: fields.hasTime };
}

function matchIso(text: string): DateFields | undefined {
  const m = ISO_PATTERN.exec(text);
  if (m === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, offset] = m;
  // An offset only makes sense after a time; the pattern nests it accordingly.
  let offsetMs: number | undefined;
  if (offset !== undefined) {
    if (offset === 'Z' || offset === 'z') {
      offsetMs = 0;
    } else {
      const sign = offset.startsWith('-') ? -1 : 1;
      const digits = offset.slice(1).replace(':', '');
      const offsetHours = Number(digits.slice(0, 2));
      const offsetMinutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
      offsetMs = offsetMinutes > 59 ? MS_PER_DAY : sign * (offsetHours * MS_PER_HOUR + offsetMinutes * MS_PER_MINUTE);
    }
  }
  return {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: hour === undefined ? 0 : Number(hour),
    minute: minute === undefined ? 0 : Number(minute),
    second: second === undefined ? 0 : Number(second),
    millisecond: fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000),
    hasTime: hour !== undefined,
    offsetMs,
  };
}

/**
 * A date with its time written the Vietnamese way (`14h48`, `14g48`, `14 giờ 48 phút`), before or
 * after the date: read as the same date with `14:48`.
 */
function matchVietnameseTime(text: string): DateFields | undefined {
  const normalized = text.normalize('NFC');
  let date: string | undefined;
  let hour: string | undefined;
  let minute: string | undefined;
  const after = DATE_THEN_VN_TIME.exec(normalized);
  if (after !== null) [, date, hour, minute] = after;
  else {
    const before = VN_TIME_THEN_DATE.exec(normalized);
    if (before === null) return undefined;
    [, hour, minute, date] = before;
  }
  const withColon = `${date} ${hour}:${(minute ?? '0').padStart(2, '0')}`;
  return matchDayFirst(withColon) ?? matchIso(withColon);
}

function matchDayFirst(text: string): DateFields | undefined {
  const m = DAY_FIRST_PATTERN.exec(text);
  if (m === null) return undefined;
  const [, day, , month, year, hour, minute, second] = m;
  return {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: hour === undefined ? 0 : Number(hour),
    minute: minute === undefined ? 0 : Number(minute),
    second: second === undefined ? 0 : Number(second),
    millisecond: 0,
    hasTime: hour !== undefined,
    offsetMs: undefined,
  };
}

// --- formatting -----------------------------------------------------------

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function pad4(n: number): string {
  return n < 0 ? `-${String(-n).padStart(4, '0')}` : String(n).padStart(4, '0');
}

/** Calendar fields of the instant `epochMs` as shown on a clock in `timeZone`. */
export function zonedParts(epochMs: number, timeZone: string): ZonedParts {
  const local = epochMs + zoneOffsetMs(epochMs, timeZone);
  const days = Math.floor(local / MS_PER_DAY);
  const msOfDay = local - days * MS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(msOfDay / MS_PER_HOUR),
    minute: Math.floor((msOfDay % MS_PER_HOUR) / MS_PER_MINUTE),
    second: Math.floor((msOfDay % MS_PER_MINUTE) / MS_PER_SECOND),
    weekday: mod(days + 4, 7), // 1970-01-01 was a Thursday
  };
}

function dayMonthYear(p: ZonedParts): string {
  return `${pad2(p.day)}/${pad2(p.month)}/${pad4(p.year)}`;
}

/** `11/10/2021 14:48`, or `11/10/2021` when `withTime` is false. */
export function formatShortDate(epochMs: number, timeZone: string, withTime: boolean): string {
  const p = zonedParts(epochMs, timeZone);
  const date = dayMonthYear(p);
  return withTime ? `${date} ${pad2(p.hour)}:${pad2(p.minute)}` : date;
}

/** `Thứ Hai, 11/10/2021`. */
export function formatLongDate(epochMs: number, timeZone: string): string {
  const p = zonedParts(epochMs, timeZone);
  return `${WEEKDAY_NAMES[p.weekday]}, ${dayMonthYear(p)}`;
}

/**
 * `2021-10-11T14:48:00+07:00`: the wall clock in `timeZone` with that zone's
 * offset at the instant (`+00:00` for UTC, never `Z`). Historical offsets
 * with seconds (local mean time before ~1900) are written `+07:06:40`.
 */
export function formatIsoDate(epochMs: number, timeZone: string): string {
  const p = zonedParts(epochMs, timeZone);
  const offset = zoneOffsetMs(epochMs, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const offsetHours = Math.floor(abs / MS_PER_HOUR);
  const offsetMinutes = Math.floor((abs % MS_PER_HOUR) / MS_PER_MINUTE);
  const offsetSeconds = Math.floor((abs % MS_PER_MINUTE) / MS_PER_SECOND);
  const offsetText =
    `${sign}${pad2(offsetHours)}:${pad2(offsetMinutes)}` + (offsetSeconds > 0 ? `:${pad2(offsetSeconds)}` : '');
  return (
    `${pad4(p.year)}-${pad2(p.month)}-${pad2(p.day)}` +
    `T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}${offsetText}`
  );
}

/** `Tháng 10/2021`. */
export function formatMonthYear(epochMs: number, timeZone: string): string {
  const p = zonedParts(epochMs, timeZone);
  return `Tháng ${p.month}/${pad4(p.year)}`;
}
