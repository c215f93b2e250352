//! The CAMEO code table (`data/events/cameo.tsv`): each code's label, Goldstein score, quad
//! class and its PLOVER event type, mode and context.

use std::collections::HashMap;

use crate::hash::FastBuildHasher;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CodeInfo {
    pub label: Box<str>,
    pub goldstein: f32,
    pub quad_class: u8,
    /// `None` where PLOVER drops the code (public statements, appeals).
    pub plover: Option<Box<str>>,
    pub mode: Option<Box<str>>,
    pub context: Option<Box<str>>,
}

#[derive(Clone, Debug, Default)]
pub struct CameoTable {
    codes: HashMap<Box<str>, CodeInfo, FastBuildHasher>,
}

impl CameoTable {
    /// Reads the TSV: a header line, then `code label goldstein quad_class plover_event
    /// plover_mode plover_context`.
    pub fn parse(text: &str) -> Result<CameoTable, (usize, String)> {
        let mut table = CameoTable::default();
        let mut header = true;
        for (i, line) in text.lines().enumerate() {
            let no = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if std::mem::take(&mut header) {
                if !line.starts_with("code\t") {
                    return Err((no, "expected the header `code<TAB>label…`".to_string()));
                }
                continue;
            }
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            if f.len() < 5 {
                return Err((no, format!("expected 7 columns, found {}", f.len())));
            }
            let goldstein = f[2]
                .parse::<f32>()
                .map_err(|_| (no, format!("bad Goldstein score {:?}", f[2])))?;
            let quad_class = f[3]
                .parse::<u8>()
                .ok()
                .filter(|q| (1..=4).contains(q))
                .ok_or((no, format!("bad quad class {:?}", f[3])))?;
            let opt = |k: usize| {
                f.get(k)
                    .filter(|v| !v.is_empty())
                    .map(|v| Box::<str>::from(*v))
            };
            let info = CodeInfo {
                label: f[1].into(),
                goldstein,
                quad_class,
                plover: opt(4),
                mode: opt(5),
                context: opt(6),
            };
            if table.codes.insert(f[0].into(), info).is_some() {
                return Err((no, format!("code {} is listed twice", f[0])));
            }
        }
        Ok(table)
    }

    /// The code's entry, or its parent's (`1123` → `112` → `11`).
    pub fn get(&self, code: &str) -> Option<&CodeInfo> {
        most_specific(&self.codes, code)
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// The entry of `code` in `map`, or of its nearest parent down to the 2-digit root.
pub(crate) fn most_specific<'m, K, V>(
    map: &'m HashMap<K, V, FastBuildHasher>,
    code: &str,
) -> Option<&'m V>
where
    K: std::borrow::Borrow<str> + std::hash::Hash + Eq,
{
    let mut code = code;
    loop {
        if let Some(value) = map.get(code) {
            return Some(value);
        }
        if code.len() <= 2 {
            return None;
        }
        code = &code[..code.len() - 1];
    }
}

/// The 2-digit root of a CAMEO code.
pub fn root(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_fall_back_to_their_parent() {
        let table = CameoTable::parse(
            "code\tlabel\tgoldstein\tquad_class\tplover_event\tplover_mode\tplover_context\n\
             11\tDISAPPROVE\t-2.0\t3\tACCUSE\t\t\n\
             112\tAccuse\t-2.0\t3\tACCUSE\tdisapprove\t\n\
             010\tMake statement\t0.0\t1\t\t\t\n",
        )
        .unwrap();
        assert_eq!(table.get("1123").unwrap().label.as_ref(), "Accuse");
        assert_eq!(table.get("113").unwrap().label.as_ref(), "DISAPPROVE");
        assert_eq!(table.get("010").unwrap().plover, None);
        assert!(table.get("20").is_none());
        assert_eq!(root("1123"), "11");
    }

    #[test]
    fn a_bad_row_names_its_line() {
        let error =
            CameoTable::parse("code\tlabel\tgoldstein\tquad_class\tplover_event\n01\tx\t0\t7\t\n")
                .unwrap_err();
        assert_eq!(error.0, 2);
    }
}
