//! Calendar values at the granularity a time expression gives them ("1989", "1989-Q3",
//! "1989-W44", "1989-10-27T10:35"), their TIMEX3 strings, their date intervals and the
//! arithmetic relative expressions need ("last week", "a year earlier").

use jiff::civil::{Date, ISOWeekDate, Weekday};

/// A season, as TIMEX3 writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    pub fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }

    pub fn from_code(code: &str) -> Option<Season> {
        Some(match code {
            "SP" => Season::Spring,
            "SU" => Season::Summer,
            "FA" => Season::Fall,
            "WI" => Season::Winter,
            _ => return None,
        })
    }

    /// Meteorological seasons: spring is March to May; winter runs December to February.
    fn first_month(self) -> i32 {
        match self {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Fall => 9,
            Season::Winter => 12,
        }
    }

    /// The season a month falls in (January and February count to the previous winter).
    fn of_month(month: i32) -> Season {
        match month {
            3..=5 => Season::Spring,
            6..=8 => Season::Summer,
            9..=11 => Season::Fall,
            _ => Season::Winter,
        }
    }
}

/// A calendar value at one granularity. Years are proleptic Gregorian.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cal {
    /// `19` is 1900–1999.
    Century(i32),
    /// `199` is 1990–1999.
    Decade(i32),
    Year(i32),
    Half(i32, u8),
    Quarter(i32, u8),
    Season(i32, Season),
    Month(i32, u8),
    /// ISO week-numbering year and week.
    Week(i32, u8),
    Weekend(i32, u8),
    Day(Date),
    /// A day and a part of it (`MO`, `AF`, `EV`, `NI`).
    DayPart(Date, &'static str),
    /// A day, an hour and maybe a minute. News TIMEX3 values leave the zone out.
    Time(Date, u8, Option<u8>),
}

/// The granularities relative expressions count in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Half,
    Season,
    Year,
    Decade,
    Century,
}

impl Unit {
    /// The unit of a TIMEX3 duration code (`D`, `W`, `M`, `Q`, `Y`, `DE`, `CE`, `WE`).
    pub fn from_code(code: &str) -> Option<Unit> {
        Some(match code {
            "D" => Unit::Day,
            "W" => Unit::Week,
            "WE" => Unit::Weekend,
            "M" => Unit::Month,
            "Q" => Unit::Quarter,
            "H2" => Unit::Half,
            "SE" => Unit::Season,
            "Y" => Unit::Year,
            "DE" => Unit::Decade,
            "CE" => Unit::Century,
            _ => return None,
        })
    }
}

pub fn date(year: i32, month: i32, day: i32) -> Option<Date> {
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

pub fn add_days(day: Date, days: i64) -> Option<Date> {
    day.checked_add(jiff::Span::new().try_days(days).ok()?).ok()
}

/// The `n`th month after `year`-`month` (months 1–12), as (year, month).
fn add_months(year: i32, month: i32, n: i32) -> (i32, i32) {
    let index = year * 12 + (month - 1) + n;
    (index.div_euclid(12), index.rem_euclid(12) + 1)
}

fn week_of(day: Date) -> (i32, u8) {
    let iso = day.iso_week_date();
    (i32::from(iso.year()), iso.week() as u8)
}

fn monday_of_week(year: i32, week: u8) -> Option<Date> {
    ISOWeekDate::new(
        i16::try_from(year).ok()?,
        i8::try_from(week).ok()?,
        Weekday::Monday,
    )
    .ok()
    .map(|w| w.date())
}

impl Cal {
    /// The article date (or any day) at a unit's granularity.
    pub fn of_day(day: Date, unit: Unit) -> Cal {
        let (y, m) = (i32::from(day.year()), i32::from(day.month()));
        match unit {
            Unit::Day => Cal::Day(day),
            Unit::Week => {
                let (wy, w) = week_of(day);
                Cal::Week(wy, w)
            }
            Unit::Weekend => {
                let (wy, w) = week_of(day);
                Cal::Weekend(wy, w)
            }
            Unit::Month => Cal::Month(y, m as u8),
            Unit::Quarter => Cal::Quarter(y, ((m - 1) / 3 + 1) as u8),
            Unit::Half => Cal::Half(y, if m <= 6 { 1 } else { 2 }),
            Unit::Season => {
                let season = Season::of_month(m);
                let year = if m <= 2 { y - 1 } else { y };
                Cal::Season(year, season)
            }
            Unit::Year => Cal::Year(y),
            Unit::Decade => Cal::Decade(y.div_euclid(10)),
            Unit::Century => Cal::Century(y.div_euclid(100)),
        }
    }

    /// The first day of the value.
    pub fn start(self) -> Option<Date> {
        self.interval().map(|(start, _)| start)
    }

    /// The half-open interval of dates the value covers.
    pub fn interval(self) -> Option<(Date, Date)> {
        let span = |start: Option<Date>, end: Option<Date>| Some((start?, end?));
        match self {
            Cal::Century(c) => span(date(c * 100, 1, 1), date(c * 100 + 100, 1, 1)),
            Cal::Decade(d) => span(date(d * 10, 1, 1), date(d * 10 + 10, 1, 1)),
            Cal::Year(y) => span(date(y, 1, 1), date(y + 1, 1, 1)),
            Cal::Half(y, h) => {
                let (ey, em) = add_months(y, 6 * i32::from(h) - 5, 6);
                span(date(y, 6 * i32::from(h) - 5, 1), date(ey, em, 1))
            }
            Cal::Quarter(y, q) => {
                let first = 3 * i32::from(q) - 2;
                let (ey, em) = add_months(y, first, 3);
                span(date(y, first, 1), date(ey, em, 1))
            }
            Cal::Season(y, s) => {
                let (ey, em) = add_months(y, s.first_month(), 3);
                span(date(y, s.first_month(), 1), date(ey, em, 1))
            }
            Cal::Month(y, m) => {
                let (ey, em) = add_months(y, i32::from(m), 1);
                span(date(y, i32::from(m), 1), date(ey, em, 1))
            }
            Cal::Week(y, w) => {
                let monday = monday_of_week(y, w)?;
                span(Some(monday), add_days(monday, 7))
            }
            Cal::Weekend(y, w) => {
                let monday = monday_of_week(y, w)?;
                span(add_days(monday, 5), add_days(monday, 7))
            }
            Cal::Day(d) | Cal::DayPart(d, _) | Cal::Time(d, ..) => span(Some(d), add_days(d, 1)),
        }
    }

    /// The unit this value counts in.
    pub fn unit(self) -> Unit {
        match self {
            Cal::Century(_) => Unit::Century,
            Cal::Decade(_) => Unit::Decade,
            Cal::Year(_) => Unit::Year,
            Cal::Half(..) => Unit::Half,
            Cal::Quarter(..) => Unit::Quarter,
            Cal::Season(..) => Unit::Season,
            Cal::Month(..) => Unit::Month,
            Cal::Week(..) => Unit::Week,
            Cal::Weekend(..) => Unit::Weekend,
            Cal::Day(_) | Cal::DayPart(..) | Cal::Time(..) => Unit::Day,
        }
    }

    /// `n` units later (earlier when negative), at this value's own granularity when the
    /// unit divides it evenly ("a year earlier" than 1989-Q3 is 1988-Q3), else at the unit's.
    pub fn shift(self, unit: Unit, n: i32) -> Option<Cal> {
        let months = |n: i32| -> Option<i32> {
            Some(match unit {
                Unit::Month => n,
                Unit::Quarter => 3 * n,
                Unit::Half => 6 * n,
                Unit::Season => 3 * n,
                Unit::Year => 12 * n,
                Unit::Decade => 120 * n,
                Unit::Century => 1200 * n,
                _ => return None,
            })
        };
        match (self, unit) {
            (Cal::Day(d), Unit::Day) => Some(Cal::Day(add_days(d, i64::from(n))?)),
            (Cal::DayPart(d, p), Unit::Day) => Some(Cal::DayPart(add_days(d, i64::from(n))?, p)),
            (Cal::Time(d, h, m), Unit::Day) => Some(Cal::Time(add_days(d, i64::from(n))?, h, m)),
            (Cal::Day(d), Unit::Week) => {
                Some(Cal::of_day(add_days(d, 7 * i64::from(n))?, Unit::Week))
            }
            (Cal::Week(..) | Cal::Weekend(..), Unit::Week | Unit::Weekend | Unit::Day) => {
                let days = if unit == Unit::Day { n } else { 7 * n };
                let moved = add_days(self.start()?, i64::from(days))?;
                Some(Cal::of_day(moved, self.unit()))
            }
            (
                Cal::Month(y, m),
                Unit::Month
                | Unit::Quarter
                | Unit::Half
                | Unit::Season
                | Unit::Year
                | Unit::Decade
                | Unit::Century,
            ) => {
                let (ny, nm) = add_months(y, i32::from(m), months(n)?);
                Some(Cal::Month(ny, nm as u8))
            }
            (Cal::Quarter(y, q), Unit::Quarter | Unit::Year | Unit::Half) => {
                let (ny, nm) = add_months(y, 3 * i32::from(q) - 2, months(n)?);
                Some(Cal::Quarter(ny, ((nm - 1) / 3 + 1) as u8))
            }
            (Cal::Half(y, h), Unit::Half | Unit::Year) => {
                let (ny, nm) = add_months(y, 6 * i32::from(h) - 5, months(n)?);
                Some(Cal::Half(ny, if nm <= 6 { 1 } else { 2 }))
            }
            (Cal::Season(y, s), Unit::Season | Unit::Year) => {
                let (ny, nm) = add_months(y, s.first_month(), months(n)?);
                Some(Cal::Season(
                    if nm <= 2 { ny - 1 } else { ny },
                    Season::of_month(nm),
                ))
            }
            (Cal::Year(y), Unit::Year) => Some(Cal::Year(y + n)),
            (Cal::Decade(d), Unit::Decade) => Some(Cal::Decade(d + n)),
            (Cal::Century(c), Unit::Century) => Some(Cal::Century(c + n)),
            (Cal::Year(y), Unit::Decade) => Some(Cal::Year(y + 10 * n)),
            // A coarser unit than the value, or a finer one: move the value's first day, then
            // take the unit's granularity.
            _ => {
                let start = self.start()?;
                let moved = match unit {
                    Unit::Day => add_days(start, i64::from(n))?,
                    Unit::Week | Unit::Weekend => add_days(start, 7 * i64::from(n))?,
                    _ => {
                        let (ny, nm) = add_months(
                            i32::from(start.year()),
                            i32::from(start.month()),
                            months(n)?,
                        );
                        date(ny, nm, 1)?
                    }
                };
                Some(Cal::of_day(moved, unit))
            }
        }
    }

    /// The TIMEX3 `value` string.
    pub fn value(self) -> String {
        match self {
            Cal::Century(c) => format!("{c:02}"),
            Cal::Decade(d) => format!("{d:03}"),
            Cal::Year(y) => format!("{y:04}"),
            Cal::Half(y, h) => format!("{y:04}-H{h}"),
            Cal::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Cal::Season(y, s) => format!("{y:04}-{}", s.code()),
            Cal::Month(y, m) => format!("{y:04}-{m:02}"),
            Cal::Week(y, w) => format!("{y:04}-W{w:02}"),
            Cal::Weekend(y, w) => format!("{y:04}-W{w:02}-WE"),
            Cal::Day(d) => d.to_string(),
            Cal::DayPart(d, part) => format!("{d}T{part}"),
            Cal::Time(d, h, m) => format!("{d}T{h:02}:{:02}", m.unwrap_or(0)),
        }
    }
}

/// The half-open interval of days a TIMEX3 date value covers, read back from its string (the
/// inverse of [`Cal::value`], at day granularity: `2021-09-30T10:35` is its day). `None` for
/// values that are not calendar dates (`PAST_REF`, `P3D`) or not real dates (`2021-02-30`).
pub fn interval_of_value(value: &str) -> Option<(Date, Date)> {
    let num = |s: &str| -> Option<i32> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let small = |s: &str, range: std::ops::RangeInclusive<i32>| -> Option<u8> {
        num(s).filter(|n| range.contains(n)).map(|n| n as u8)
    };
    let day = value.split_once('T').map_or(value, |(d, _)| d);
    let parts: Vec<&str> = day.split('-').collect();
    let cal = match parts.as_slice() {
        [c] if c.len() == 2 => Cal::Century(num(c)?),
        [d] if d.len() == 3 => Cal::Decade(num(d)?),
        [y] if y.len() == 4 => Cal::Year(num(y)?),
        [y, rest] if y.len() == 4 => {
            let y = num(y)?;
            // Seasons first: winter's `WI` also starts like a week.
            if let Some(season) = Season::from_code(rest) {
                Cal::Season(y, season)
            } else if let Some(h) = rest.strip_prefix('H') {
                Cal::Half(y, small(h, 1..=2)?)
            } else if let Some(q) = rest.strip_prefix('Q') {
                Cal::Quarter(y, small(q, 1..=4)?)
            } else if let Some(w) = rest.strip_prefix('W') {
                Cal::Week(y, small(w, 1..=53)?)
            } else {
                Cal::Month(y, small(rest, 1..=12)?)
            }
        }
        [y, w, "WE"] if y.len() == 4 => Cal::Weekend(num(y)?, small(w.strip_prefix('W')?, 1..=53)?),
        [y, m, d] if y.len() == 4 => Cal::Day(date(num(y)?, num(m)?, num(d)?)?),
        _ => return None,
    };
    cal.interval()
}

/// The `weekday` (1 = Monday) nearest `anchor` in a direction: -1 the latest on or before it,
/// +1 the first on or after it, 0 the nearest either way (the earlier on a tie).
pub fn resolve_weekday(anchor: Date, weekday: i8, direction: i8) -> Option<Date> {
    let target = Weekday::from_monday_one_offset(weekday).ok()?;
    let back = i64::from(target.until(anchor.weekday()));
    let forward = i64::from(anchor.weekday().until(target));
    let days = match direction {
        d if d < 0 => -back,
        d if d > 0 => forward,
        _ if back <= forward => -back,
        _ => forward,
    };
    add_days(anchor, days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn values_and_intervals() {
        let cases = [
            (Cal::Century(19), "19", "1900-01-01", "2000-01-01"),
            (Cal::Decade(199), "199", "1990-01-01", "2000-01-01"),
            (Cal::Quarter(1989, 4), "1989-Q4", "1989-10-01", "1990-01-01"),
            (Cal::Half(1990, 2), "1990-H2", "1990-07-01", "1991-01-01"),
            (
                Cal::Season(1997, Season::Winter),
                "1997-WI",
                "1997-12-01",
                "1998-03-01",
            ),
            (Cal::Month(1998, 12), "1998-12", "1998-12-01", "1999-01-01"),
            (Cal::Week(1998, 9), "1998-W09", "1998-02-23", "1998-03-02"),
            (
                Cal::Weekend(1998, 9),
                "1998-W09-WE",
                "1998-02-28",
                "1998-03-02",
            ),
        ];
        for (cal, value, start, end) in cases {
            assert_eq!(cal.value(), value);
            assert_eq!(cal.interval(), Some((day(start), day(end))), "{value}");
        }
    }

    #[test]
    fn shifts_keep_the_finer_granularity() {
        assert_eq!(
            Cal::Quarter(1989, 3).shift(Unit::Year, -1),
            Some(Cal::Quarter(1988, 3))
        );
        assert_eq!(
            Cal::Quarter(1989, 1).shift(Unit::Quarter, -1),
            Some(Cal::Quarter(1988, 4))
        );
        assert_eq!(
            Cal::Month(1998, 1).shift(Unit::Month, -1),
            Some(Cal::Month(1997, 12))
        );
        assert_eq!(
            Cal::Day(day("1998-03-04")).shift(Unit::Week, -1),
            Some(Cal::Week(1998, 9))
        );
        assert_eq!(
            Cal::Day(day("1998-03-04")).shift(Unit::Year, -2),
            Some(Cal::Year(1996))
        );
        assert_eq!(
            Cal::Day(day("1998-03-04")).shift(Unit::Month, -5),
            Some(Cal::Month(1997, 10))
        );
    }

    #[test]
    fn weekdays_resolve_around_the_anchor() {
        let thursday = day("2021-09-30");
        assert_eq!(resolve_weekday(thursday, 4, -1), Some(thursday));
        assert_eq!(resolve_weekday(thursday, 4, 1), Some(thursday));
        assert_eq!(resolve_weekday(thursday, 1, -1), Some(day("2021-09-27")));
        assert_eq!(resolve_weekday(thursday, 1, 1), Some(day("2021-10-04")));
        assert_eq!(resolve_weekday(thursday, 6, 0), Some(day("2021-10-02")));
        assert_eq!(resolve_weekday(thursday, 2, 0), Some(day("2021-09-28")));
    }
}

#[cfg(test)]
mod value_tests {
    use super::*;

    #[test]
    fn every_value_reads_back_as_its_interval() {
        let day = date(2021, 9, 30).unwrap();
        let values = [
            Cal::Century(20),
            Cal::Decade(199),
            Cal::Year(2021),
            Cal::Half(2021, 2),
            Cal::Quarter(2021, 3),
            Cal::Season(1998, Season::Winter),
            Cal::Month(2021, 9),
            Cal::Week(2021, 39),
            Cal::Weekend(2021, 9),
            Cal::Day(day),
            Cal::DayPart(day, "MO"),
            Cal::Time(day, 10, Some(35)),
        ];
        for cal in values {
            assert_eq!(
                interval_of_value(&cal.value()),
                cal.interval(),
                "{}",
                cal.value()
            );
        }
        for not_a_date in ["PAST_REF", "P3D", "2021-02-30", "2021-13", "2021-Q5", "x"] {
            assert_eq!(interval_of_value(not_a_date), None, "{not_a_date}");
        }
    }
}
