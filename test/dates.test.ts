import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import {
  formatIsoDate,
  formatLongDate,
  formatMonthYear,
  formatShortDate,
  isValidTimeZone,
  parseDate,
  zonedParts,
  type ParsedDate,
} from '../src/text/dates.js';

const HCM = 'Asia/Ho_Chi_Minh';
const BERLIN = 'Europe/Berlin';

/** Rows of a shared tab-separated vector file; `#` lines are comments. */
function readVectors(name: string): Array<[input: string, expected: string]> {
  const text = readFileSync(new URL(`fixtures/vietnamese/${name}`, import.meta.url), 'utf8');
  const rows: Array<[string, string]> = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    if (tab < 0) throw new Error(`${name}: row without a tab: ${JSON.stringify(line)}`);
    rows.push([line.slice(0, tab), line.slice(tab + 1)]);
  }
  return rows;
}

const dateRows = readVectors('dates.tsv');
const validRows = dateRows.filter(([, expected]) => expected !== 'ERROR');
const errorRows = dateRows.filter(([, expected]) => expected === 'ERROR').map(([input]) => input);

function epochOf(result: ParsedDate): number {
  if (!result.ok) throw new Error(`expected a date, got: ${result.message} ${result.hint}`);
  return result.epochMs;
}

describe('parseDate with the shared vectors', () => {
  it('should have valid and invalid vectors to check', () => {
    expect(validRows.length).toBeGreaterThan(5);
    expect(errorRows.length).toBeGreaterThan(5);
  });

  it.each(validRows)('should read %j as the instant %s', (input, expected) => {
    const result = parseDate(input, HCM);
    expect(epochOf(result)).toBe(Date.parse(expected));
    expect(formatIsoDate(epochOf(result), HCM)).toBe(expected);
  });

  it.each(errorRows)('should reject %j with a Vietnamese message and hint', (input) => {
    const result = parseDate(input, HCM);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message.length).toBeGreaterThan(0);
      expect(result.hint.length).toBeGreaterThan(0);
    }
  });
});

describe('parseDate', () => {
  it('should keep the day first in 11/10/2021', () => {
    const p = zonedParts(epochOf(parseDate('11/10/2021', HCM)), HCM);
    expect([p.day, p.month, p.year]).toEqual([11, 10, 2021]);
  });

  it('should read a date without a time as midnight in the site zone, not UTC', () => {
    expect(epochOf(parseDate('11/10/2021', HCM))).toBe(Date.UTC(2021, 9, 10, 17, 0));
    expect(epochOf(parseDate('2021-10-11', HCM))).toBe(Date.UTC(2021, 9, 10, 17, 0));
    expect(epochOf(parseDate('2021-10-11', 'UTC'))).toBe(Date.UTC(2021, 9, 11));
  });

  it('should give absolute instants that do not depend on the process time zone', () => {
    // Fixed epoch values: the same whatever TZ the test process runs under.
    expect(epochOf(parseDate('11/10/2021 14:48', HCM))).toBe(1633938480000);
    expect(epochOf(parseDate('2021-10-11T07:48:00Z', BERLIN))).toBe(1633938480000);
    expect(epochOf(parseDate('11/10/2021 09:48', BERLIN))).toBe(1633938480000);
  });

  it('should say whether the value had a time', () => {
    expect(parseDate('11/10/2021', HCM)).toMatchObject({ ok: true, hasTime: false });
    expect(parseDate('11/10/2021 14:48', HCM)).toMatchObject({ ok: true, hasTime: true });
    expect(parseDate('2021-10-11T14:48:00+07:00', HCM)).toMatchObject({ ok: true, hasTime: true });
  });

  it.each([
    ['11/10/2021 14:48:30', Date.UTC(2021, 9, 11, 7, 48, 30)],
    ['11.10.2021', Date.UTC(2021, 9, 10, 17)],
    ['11.10.2021 14:48', Date.UTC(2021, 9, 11, 7, 48)],
    ['11-10-2021 7:05', Date.UTC(2021, 9, 11, 0, 5)],
    ['  2/12/2024  ', Date.UTC(2024, 11, 1, 17)],
    ['2021-10-11T14:48', Date.UTC(2021, 9, 11, 7, 48)],
    ['2021-10-11T14:48:00+0700', Date.UTC(2021, 9, 11, 7, 48)],
    ['2021-10-11T14:48:00+07', Date.UTC(2021, 9, 11, 7, 48)],
    ['2021-10-11T02:48:00-05:00', Date.UTC(2021, 9, 11, 7, 48)],
    ['2021-10-11T07:48:00.250Z', Date.UTC(2021, 9, 11, 7, 48, 0, 250)],
    ['29/02/2024', Date.UTC(2024, 1, 28, 17)],
  ])('should accept %j', (input, expected) => {
    expect(epochOf(parseDate(input, HCM))).toBe(expected);
  });

  // Times as Vietnamese offices write them (issue 15: "14h48" was "Không hiểu ngày").
  it.each([
    ['11/10/2021 14h48', Date.UTC(2021, 9, 11, 7, 48)],
    ['11/10/2021 14H48', Date.UTC(2021, 9, 11, 7, 48)],
    ['11/10/2021 14g48', Date.UTC(2021, 9, 11, 7, 48)],
    ['11/10/2021 14 giờ 48', Date.UTC(2021, 9, 11, 7, 48)],
    ['11/10/2021 14 giờ 48 phút', Date.UTC(2021, 9, 11, 7, 48)],
    // Decomposed (NFD) "giờ", as some Mac editors save it.
    ['11/10/2021 14 gio\u031b\u0300 48', Date.UTC(2021, 9, 11, 7, 48)],
    ['11/10/2021, 7h05', Date.UTC(2021, 9, 11, 0, 5)],
    ['11/10/2021 14h', Date.UTC(2021, 9, 11, 7, 0)],
    ['14h48 ngày 11/10/2021', Date.UTC(2021, 9, 11, 7, 48)],
    ['14 giờ 48, ngày 11/10/2021', Date.UTC(2021, 9, 11, 7, 48)],
    ['2021-10-11 14h48', Date.UTC(2021, 9, 11, 7, 48)],
  ])('should read the Vietnamese time in %j', (input, expected) => {
    const result = parseDate(input, HCM);
    expect(epochOf(result)).toBe(expected);
    expect(result).toMatchObject({ hasTime: true });
  });

  it.each(['11/10/2021 25h00', '11/10/2021 14h61', '14h48', '11/10/2021 14 giờ 48 sáng mai'])('should still reject %j', (input) => {
    expect(parseDate(input, HCM).ok).toBe(false);
  });

  it('should name the Vietnamese way of writing a time in the hint', () => {
    const result = parseDate('11/10/2021 lúc chiều', HCM);
    expect(result).toMatchObject({ ok: false, message: 'Không hiểu ngày "11/10/2021 lúc chiều".' });
    if (!result.ok) expect(result.hint).toContain('11/10/2021 14h48');
  });

  it.each([
    '11/10/21',
    '11/10-2021',
    '2021/10/11',
    '11/10/2021 14',
    '11/10/2021 14:48:60',
    '31/04/2021',
    '00/10/2021',
    '11/00/2021',
    '2021-10-11Z',
    '2021-10-11T14:48:00+07:99',
    '2021-10-11T24:00',
    'hôm qua',
  ])('should reject %j', (input) => {
    expect(parseDate(input, HCM).ok).toBe(false);
  });

  it('should explain a date that is not in the calendar', () => {
    expect(parseDate('30/02/2021', HCM)).toEqual({
      ok: false,
      message: 'Ngày "30/02/2021" không có trong lịch.',
      hint: expect.stringContaining('ngày viết trước tháng') as unknown as string,
    });
  });

  it('should say that 2023 is not a leap year for 29/02/2023', () => {
    const result = parseDate('29/02/2023', HCM);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.hint).toContain('năm nhuận');
  });

  it('should suggest the day-first order for 10/13/2021', () => {
    const result = parseDate('10/13/2021', HCM);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain('Tháng 13');
      expect(result.hint).toContain('13/10/2021');
    }
  });

  it('should reject an unknown time zone', () => {
    const result = parseDate('11/10/2021', 'Asia/Hanoi_Not_A_Zone');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('Múi giờ');
  });
});

describe('parseDate in a zone with daylight saving time', () => {
  it('should use summer time in July and winter time in January in Berlin', () => {
    expect(epochOf(parseDate('15/07/2024 12:00', BERLIN))).toBe(Date.UTC(2024, 6, 15, 10));
    expect(epochOf(parseDate('15/01/2024 12:00', BERLIN))).toBe(Date.UTC(2024, 0, 15, 11));
  });

  it('should read the times just around the spring-forward change in Berlin', () => {
    // 31/03/2024: clocks jump from 02:00 CET to 03:00 CEST (01:00 UTC).
    expect(epochOf(parseDate('31/03/2024 01:59', BERLIN))).toBe(Date.UTC(2024, 2, 31, 0, 59));
    expect(epochOf(parseDate('31/03/2024 03:00', BERLIN))).toBe(Date.UTC(2024, 2, 31, 1, 0));
  });

  it('should move a time in the spring-forward gap forward by the gap', () => {
    const epoch = epochOf(parseDate('31/03/2024 02:30', BERLIN));
    expect(epoch).toBe(Date.UTC(2024, 2, 31, 1, 30));
    expect(formatIsoDate(epoch, BERLIN)).toBe('2024-03-31T03:30:00+02:00');
  });

  it('should take the earlier instant for a time that occurs twice in autumn', () => {
    // 27/10/2024: clocks go back from 03:00 CEST to 02:00 CET; 02:30 happens twice.
    const epoch = epochOf(parseDate('27/10/2024 02:30', BERLIN));
    expect(epoch).toBe(Date.UTC(2024, 9, 27, 0, 30));
    expect(formatIsoDate(epoch, BERLIN)).toBe('2024-10-27T02:30:00+02:00');
    expect(formatIsoDate(epoch + 3_600_000, BERLIN)).toBe('2024-10-27T02:30:00+01:00');
  });

  it('should read midnight on a day of change with that day’s offset', () => {
    expect(epochOf(parseDate('27/10/2024', BERLIN))).toBe(Date.UTC(2024, 9, 26, 22));
    expect(epochOf(parseDate('28/10/2024', BERLIN))).toBe(Date.UTC(2024, 9, 27, 23));
  });

  it('should give the same instant for ISO and day-first values in New York', () => {
    const ny = 'America/New_York';
    expect(epochOf(parseDate('10/03/2024 03:30', ny))).toBe(Date.UTC(2024, 2, 10, 7, 30));
    expect(epochOf(parseDate('2024-03-10 03:30', ny))).toBe(Date.UTC(2024, 2, 10, 7, 30));
  });
});

describe('isValidTimeZone', () => {
  it('should accept IANA names and UTC', () => {
    expect(isValidTimeZone(HCM)).toBe(true);
    expect(isValidTimeZone(BERLIN)).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
  });

  it('should reject unknown names and the empty string', () => {
    expect(isValidTimeZone('Asia/Saigon_Typo')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('GMT+99')).toBe(false);
  });
});

describe('formatting', () => {
  const instant = Date.UTC(2021, 9, 11, 7, 48); // 11/10/2021 14:48 in Hồ Chí Minh City

  it('should format a short date with a zero-padded 24-hour time', () => {
    expect(formatShortDate(instant, HCM, true)).toBe('11/10/2021 14:48');
    expect(formatShortDate(instant, HCM, false)).toBe('11/10/2021');
    expect(formatShortDate(Date.UTC(2024, 2, 4, 18, 5), HCM, true)).toBe('05/03/2024 01:05');
  });

  it('should format a long date with the Vietnamese weekday', () => {
    expect(formatLongDate(instant, HCM)).toBe('Thứ Hai, 11/10/2021');
    expect(formatLongDate(Date.UTC(2021, 9, 10, 12), HCM)).toBe('Chủ nhật, 10/10/2021');
    expect(formatLongDate(Date.UTC(2021, 9, 16, 12), HCM)).toBe('Thứ Bảy, 16/10/2021');
  });

  it('should name every weekday of a week', () => {
    const names = Array.from({ length: 7 }, (_, i) => formatLongDate(Date.UTC(2021, 9, 10 + i, 5), HCM).split(',')[0]);
    expect(names).toEqual(['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy']);
  });

  it('should pick the day in the site zone, not in UTC', () => {
    // 20:00 UTC on 10/10 is already 03:00 on 11/10 in Hồ Chí Minh City.
    expect(formatShortDate(Date.UTC(2021, 9, 10, 20), HCM, false)).toBe('11/10/2021');
    expect(formatShortDate(Date.UTC(2021, 9, 10, 20), 'UTC', false)).toBe('10/10/2021');
  });

  it('should format ISO dates with the zone offset and never Z', () => {
    expect(formatIsoDate(instant, HCM)).toBe('2021-10-11T14:48:00+07:00');
    expect(formatIsoDate(instant, 'UTC')).toBe('2021-10-11T07:48:00+00:00');
    expect(formatIsoDate(instant, 'America/New_York')).toBe('2021-10-11T03:48:00-04:00');
    expect(formatIsoDate(instant, 'Asia/Kolkata')).toBe('2021-10-11T13:18:00+05:30');
  });

  it('should format the month and year', () => {
    expect(formatMonthYear(instant, HCM)).toBe('Tháng 10/2021');
    expect(formatMonthYear(Date.UTC(2024, 1, 29, 20), HCM)).toBe('Tháng 3/2024');
  });

  it('should give zoned parts with 0 for Sunday', () => {
    expect(zonedParts(instant, HCM)).toEqual({ year: 2021, month: 10, day: 11, hour: 14, minute: 48, second: 0, weekday: 1 });
    expect(zonedParts(Date.UTC(2021, 9, 10, 5), HCM).weekday).toBe(0);
    expect(zonedParts(Date.UTC(1969, 11, 31, 23, 59, 59), 'UTC')).toEqual({
      year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59, weekday: 3,
    });
  });

  it('should agree with the runtime clock for many instants and zones', () => {
    const zones = [HCM, BERLIN, 'UTC', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    for (const zone of zones) {
      const reference = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit',
      });
      for (let t = Date.UTC(2019, 0, 1); t < Date.UTC(2026, 0, 1); t += 7_919_993_000) {
        const get = (type: string): number =>
          Number(reference.formatToParts(t).find((part) => part.type === type)?.value);
        const p = zonedParts(t, zone);
        expect([p.year, p.month, p.day, p.hour, p.minute, p.second]).toEqual(
          ['year', 'month', 'day', 'hour', 'minute', 'second'].map(get),
        );
      }
    }
  });
});

describe('zone offsets remembered by the day', () => {
  it('should agree with the runtime clock through every change of a year, in zones with summer time and half-hour steps', () => {
    // Offsets are remembered per UTC day when both ends of the day agree: a day with a change
    // (spring forward, fall back, Lord Howe's 30-minute step, Kathmandu's 1986 move) must still
    // give each instant its own offset, whichever instant of the day is asked first.
    const sweeps: Array<[string, number, number]> = [
      [BERLIN, Date.UTC(2021, 0, 1), Date.UTC(2022, 0, 1)],
      ['America/New_York', Date.UTC(2021, 0, 1), Date.UTC(2022, 0, 1)],
      ['Australia/Lord_Howe', Date.UTC(2021, 0, 1), Date.UTC(2022, 0, 1)],
      ['Asia/Kathmandu', Date.UTC(1985, 11, 30), Date.UTC(1986, 0, 3)],
    ];
    for (const [zone, from, to] of sweeps) {
      const reference = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit',
      });
      // Late instants of each day first, then early ones: the day's remembered offset is made by either.
      for (const start of [from + 86_000_000, from]) {
        for (let t = start; t < to; t += 2_831_000) {
          const get = (type: string): number => Number(reference.formatToParts(t).find((part) => part.type === type)?.value);
          const p = zonedParts(t, zone);
          expect([p.year, p.month, p.day, p.hour, p.minute, p.second], `${zone} ${new Date(t).toISOString()}`).toEqual(['year', 'month', 'day', 'hour', 'minute', 'second'].map(get));
        }
      }
    }
  });
});

describe('round trips', () => {
  it.each(validRows)('should format %j back to the value it was parsed from', (input, expected) => {
    const epoch = epochOf(parseDate(input, HCM));
    expect(epochOf(parseDate(formatIsoDate(epoch, HCM), HCM))).toBe(epoch);
    expect(formatIsoDate(epoch, HCM)).toBe(expected);
  });

  it('should read a short date back to the same instant', () => {
    for (const zone of [HCM, BERLIN, 'UTC']) {
      for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2025, 0, 1); t += 3_600_000 * 37 + 60_000 * 13) {
        const minute = t - (t % 60_000);
        const short = formatShortDate(minute, zone, true);
        const back = epochOf(parseDate(short, zone));
        // Only the repeated autumn hour may come back as its earlier twin.
        if (back !== minute) expect(minute - back).toBe(3_600_000);
        expect(formatShortDate(back, zone, true)).toBe(short);
      }
    }
  });

  it('should read every ISO date it writes back to the same instant, also in summer time', () => {
    for (const zone of [HCM, BERLIN, 'America/New_York', 'UTC']) {
      for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2025, 0, 1); t += 86_400_000 * 3 + 3_600_000 * 5) {
        expect(epochOf(parseDate(formatIsoDate(t, zone), 'UTC'))).toBe(t);
        expect(epochOf(parseDate(formatIsoDate(t, zone), zone))).toBe(t);
      }
    }
  });
});
