//! The linguistic layer: parts of speech, lemmas, chunks and verb-group features.

pub mod pos;

use serde::Serialize;

macro_rules! closed_tag_set {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),*
        }

        impl $name {
            /// Every value, in documentation order.
            pub const ALL: &[$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),*
                }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

closed_tag_set! {
    /// Universal POS tags (Universal Dependencies v2).
    Upos {
        Adj = "ADJ", Adp = "ADP", Adv = "ADV", Aux = "AUX", Cconj = "CCONJ", Det = "DET",
        Intj = "INTJ", Noun = "NOUN", Num = "NUM", Part = "PART", Pron = "PRON", Propn = "PROPN",
        Punct = "PUNCT", Sconj = "SCONJ", Sym = "SYM", Verb = "VERB", X = "X",
    }
}

closed_tag_set! {
    /// Penn Treebank tags, as UD English-EWT uses them (with its web-text additions ADD, AFX,
    /// GW, HYPH, NFP).
    Xpos {
        Dollar = "$", CloseQuote = "''", Comma = ",", LeftBracket = "-LRB-",
        RightBracket = "-RRB-", Period = ".", Colon = ":", Add = "ADD", Afx = "AFX", Cc = "CC",
        Cd = "CD", Dt = "DT", Ex = "EX", Fw = "FW", Gw = "GW", Hyph = "HYPH", In = "IN",
        Jj = "JJ", Jjr = "JJR", Jjs = "JJS", Ls = "LS", Md = "MD", Nfp = "NFP", Nn = "NN",
        Nnp = "NNP", Nnps = "NNPS", Nns = "NNS", Pdt = "PDT", Pos = "POS", Prp = "PRP",
        PrpDollar = "PRP$", Rb = "RB", Rbr = "RBR", Rbs = "RBS", Rp = "RP", Sym = "SYM",
        To = "TO", Uh = "UH", Vb = "VB", Vbd = "VBD", Vbg = "VBG", Vbn = "VBN", Vbp = "VBP",
        Vbz = "VBZ", Wdt = "WDT", Wp = "WP", WpDollar = "WP$", Wrb = "WRB", OpenQuote = "``",
    }
}
