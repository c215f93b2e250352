//! Exports: every stored record as JSON Lines, and events shaped like GDELT 2.0's event table.

use rusqlite::params;

use crate::query::{EventFilters, EventHit};
use crate::store::inflate_record;
use crate::{Archive, ArchiveError};

/// The 61 columns of the GDELT 2.0 event table, in its order (GDELT-Event_Codebook-V2.0).
pub const GDELT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// One event as a GDELT 2.0 row: 61 fields, empty where we have nothing to put (FIPS geo
/// codes, coordinates, feature ids, mention and source counts, tone, ethnic, religion and
/// known-group codes).
pub struct GdeltRow(pub [String; 61]);

/// CAMEO actor codes are a country (3 letters) followed by role codes of 3 letters each:
/// `PRKGOV` is North Korea's government, `USAGOVMIL`… Type codes are those after the country.
fn type_codes(code: Option<&str>, country: Option<&str>) -> [String; 3] {
    let mut out: [String; 3] = Default::default();
    let Some(code) = code else { return out };
    let rest = match country {
        Some(c) if code.starts_with(c) => &code[c.len()..],
        _ => code,
    };
    for (slot, i) in out.iter_mut().zip((0..rest.len()).step_by(3)) {
        if let Some(part) = rest.get(i..i + 3) {
            *slot = part.to_string();
        }
    }
    out
}

impl GdeltRow {
    fn of(event: &EventHit) -> GdeltRow {
        let mut f: [String; 61] = std::array::from_fn(|_| String::new());
        let day = event.day.replace('-', "");
        f[0] = event.row.to_string();
        f[1] = day.clone();
        f[2] = day.get(..6).unwrap_or("").to_string();
        f[3] = day.get(..4).unwrap_or("").to_string();
        f[4] = fraction_date(&event.day);
        let mut actor = |base: usize, party: Option<&crate::Party>| {
            let Some(p) = party else { return };
            let code = p
                .code
                .clone()
                .or_else(|| p.country.clone())
                .unwrap_or_default();
            f[base] = code;
            f[base + 1] = p.label().to_uppercase();
            f[base + 2] = p.country.clone().unwrap_or_default();
            let types = type_codes(p.code.as_deref(), p.country.as_deref());
            for (k, t) in types.into_iter().enumerate() {
                f[base + 7 + k] = t;
            }
        };
        actor(5, Some(&event.source));
        actor(15, event.target.as_ref());
        f[25] = if event.lead { "1" } else { "0" }.to_string();
        f[26] = event.cameo.clone();
        f[27] = event.cameo.get(..3).unwrap_or(&event.cameo).to_string();
        f[28] = event.cameo.get(..2).unwrap_or(&event.cameo).to_string();
        f[29] = event.quad_class.to_string();
        f[30] = format!("{:.1}", event.goldstein);
        if let Some(place) = &event.place {
            f[52] = place.clone();
        }
        f[59] = format!("{}000000", event.article_date.replace('-', ""));
        f[60] = event.url.clone().unwrap_or_else(|| event.article.clone());
        GdeltRow(f)
    }

    /// The row as one TSV line (tabs and newlines inside fields become spaces).
    pub fn to_tsv(&self) -> String {
        self.0
            .iter()
            .map(|s| s.replace(['\t', '\n', '\r'], " "))
            .collect::<Vec<_>>()
            .join("\t")
    }
}

/// GDELT's FractionDate: the year plus the fraction of it elapsed, to four places.
fn fraction_date(day: &str) -> String {
    match day.parse::<jiff::civil::Date>() {
        Ok(d) => {
            let days = if d.in_leap_year() { 366.0 } else { 365.0 };
            format!(
                "{:.4}",
                f64::from(d.year()) + f64::from(d.day_of_year() - 1) / days
            )
        }
        Err(_) => String::new(),
    }
}

impl Archive {
    /// Calls `each` with every stored record (its JSON text) in storage order, from one
    /// article month (`YYYY-MM`) when given. Stops at the first error `each` returns.
    pub fn for_each_record<E: From<ArchiveError>>(
        &self,
        month: Option<&str>,
        mut each: impl FnMut(&str, &str) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT date, record FROM articles \
                 WHERE ?1 IS NULL OR substr(date, 1, 7) = ?1 ORDER BY id",
            )
            .map_err(ArchiveError::from)?;
        let mut rows = stmt.query(params![month]).map_err(ArchiveError::from)?;
        while let Some(row) = rows.next().map_err(ArchiveError::from)? {
            let date: String = row.get(0).map_err(ArchiveError::from)?;
            let blob: Vec<u8> = row.get(1).map_err(ArchiveError::from)?;
            let json = inflate_record(&blob)?;
            each(&date, &json)?;
        }
        Ok(())
    }

    /// The months (`YYYY-MM`) that have articles, in order.
    pub fn months(&self) -> Result<Vec<String>, ArchiveError> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT substr(date, 1, 7) FROM articles ORDER BY 1")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Calls `each` with the events matching `f` as GDELT 2.0 rows, in date order.
    pub fn for_each_gdelt_row<E: From<ArchiveError>>(
        &self,
        f: &EventFilters,
        mut each: impl FnMut(GdeltRow) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each_event(f, |event| each(GdeltRow::of(&event)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_codes_follow_the_country() {
        assert_eq!(type_codes(Some("PRKGOV"), Some("PRK")), ["GOV", "", ""]);
        assert_eq!(
            type_codes(Some("USAGOVMIL"), Some("USA")),
            ["GOV", "MIL", ""]
        );
        assert_eq!(type_codes(None, Some("USA")), ["", "", ""]);
        assert_eq!(type_codes(Some("IGOUNO"), None), ["IGO", "UNO", ""]);
    }

    #[test]
    fn fraction_dates_are_the_year_and_its_elapsed_part() {
        assert_eq!(fraction_date("2021-01-01"), "2021.0000");
        assert_eq!(fraction_date("2021-07-02"), "2021.4986");
        assert_eq!(fraction_date("not a day"), "");
    }
}
