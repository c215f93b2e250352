use super::*;
use crate::Engine;
use crate::article::{PlainTextOptions, parse_plain_text};
use crate::layers::MentionKind;

fn file(path: &'static str, text: &'static str) -> DataFile {
    DataFile {
        path,
        contents: text.as_bytes(),
    }
}

const COUNTRIES: &str = "iso3\tstatus\tparent_iso3\tname\tofficial_name\taliases\tdemonyms\tcapital\tcapital_aliases\tmetonyms\tcameo_code\tsource
USA\tun-member\t\tUnited States\tUnited States of America\tU.S.|US|America\tAmerican\tWashington\tWashington, D.C.\tthe White House\tUSA\thand
PRK\tun-member\t\tNorth Korea\tDemocratic People's Republic of Korea\tDPRK\tNorth Korean\tPyongyang\t\t\tPRK\thand
";
const PEOPLE: &str = "id\tname\taliases\twikipedia\tsource
Q76\tBarack Obama\t\tBarack_Obama\thand
Q6279\tJoe Biden\t\tJoe_Biden\thand
Q23505\tGeorge H. W. Bush\tGeorge Bush\tGeorge_H._W._Bush\thand
Q207\tGeorge W. Bush\tGeorge Bush\tGeorge_W._Bush\thand
";
const TERMS: &str = "#! horizon 2025-09-08
person\tcountry\toffice\tstart\tend\tsource\tnote
Q23505\tUSA\thead-of-state\t1989-01-20\t1993-01-20\thand\t
Q207\tUSA\thead-of-state\t2001-01-20\t2009-01-20\thand\t
Q76\tUSA\thead-of-state\t2009-01-20\t2017-01-20\thand\t
Q6279\tUSA\tvice-president\t2009-01-20\t2017-01-20\thand\t
Q6279\tUSA\thead-of-state\t2021-01-20\t2025-01-20\thand\t
";
const WORDS: &str = "words\toffices\npresident\thead-of-state\n";
const AFFILIATED: &str = "id\tname\taliases\troles
P:KIM_IL_SUNG\tKim Il Sung\tKim Il-sung\tPRKGOV 1948-09-09..1994-07-08|PRKELI
P:JOHN_KERRY\tJohn Kerry\t\tUSAELI ..2013-01-31|USAGOV 2013-02-01..2017-01-20
";

/// A base from the given tables, `(path, contents)`; the tables not given are missing.
fn compile_tables(tables: &[(&'static str, &'static str)]) -> Result<KnowledgeBase, ResourceError> {
    let files: Vec<DataFile> = tables
        .iter()
        .map(|&(path, text)| file(path, text))
        .collect();
    let get = |path: &str| files.iter().find(|f| f.path == path);
    KnowledgeBase::compile(KbFiles {
        countries: get("kb/countries.tsv"),
        organisations: get("kb/organisations.tsv"),
        people: get("kb/people.tsv"),
        terms: get("kb/terms.tsv"),
        office_words: get("kb/office_words.tsv"),
        affiliated: get("kb/affiliated.tsv"),
        sports_words: get("kb/sports_words.tsv"),
    })
}

fn small_kb() -> KnowledgeBase {
    compile_tables(&[
        ("kb/countries.tsv", COUNTRIES),
        ("kb/people.tsv", PEOPLE),
        ("kb/terms.tsv", TERMS),
        ("kb/office_words.tsv", WORDS),
        ("kb/affiliated.tsv", AFFILIATED),
    ])
    .unwrap()
}

/// A plain text on `date`, analysed by the engine with its embedded knowledge base.
fn analyse(text: &str, date: Date) -> crate::Document {
    let options = PlainTextOptions {
        date,
        id: "t",
        title: None,
    };
    Engine::new()
        .unwrap()
        .analyze(parse_plain_text(text.as_bytes(), &options).unwrap())
}

fn analyse_with(
    kb: &KnowledgeBase,
    text: &str,
    date: Date,
) -> Vec<(String, MentionKind, Option<ActorRef>, Option<ActorRef>)> {
    let mut doc = analyse(text, date);
    doc.mentions = link::link(&doc, kb);
    doc.mentions
        .iter()
        .map(|m| {
            (
                doc.text[m.span].to_string(),
                m.kind,
                m.actor.clone(),
                m.holder.clone(),
            )
        })
        .collect()
}

#[test]
fn roles_resolve_on_the_article_date() {
    let kb = small_kb();
    assert_eq!(kb.horizon, Some(jiff::civil::date(2025, 9, 8)));
    let who = link::who(&kb, "USA", "head-of-state", jiff::civil::date(2015, 6, 1));
    assert_eq!(who[0].name, "Barack Obama");
    assert!(link::who(&kb, "USA", "head-of-state", jiff::civil::date(2018, 6, 1)).is_empty());
    let biden_2015 = kb.person_actor(1, jiff::civil::date(2015, 6, 1));
    assert_eq!(biden_2015.role.as_deref(), Some("vice-president"));
    assert_eq!(biden_2015.code.as_deref(), Some("USAGOV"));
    let obama_2021 = kb.person_actor(0, jiff::civil::date(2021, 9, 30));
    assert_eq!(obama_2021.role.as_deref(), Some("former head-of-state"));
    assert_eq!(obama_2021.code.as_deref(), Some("USAELI"));
}

#[test]
fn the_date_picks_which_bush() {
    let kb = small_kb();
    let in_1990 = analyse_with(&kb, "George Bush spoke.", jiff::civil::date(1990, 5, 1));
    let in_2005 = analyse_with(&kb, "George Bush spoke.", jiff::civil::date(2005, 5, 1));
    assert_eq!(in_1990[0].2.as_ref().unwrap().id, "Q23505");
    assert_eq!(in_2005[0].2.as_ref().unwrap().id, "Q207");
}

#[test]
fn capitals_act_as_governments_and_stand_as_places() {
    let kb = small_kb();
    let mentions = analyse_with(
        &kb,
        "Pyongyang said it would not talk. The envoy flew to Pyongyang. North Korean officials left.",
        jiff::civil::date(2021, 9, 30),
    );
    let summary: Vec<(&str, MentionKind, &str)> = mentions
        .iter()
        .map(|(t, k, a, _)| (t.as_str(), *k, a.as_ref().map_or("", |a| a.id.as_str())))
        .collect();
    assert_eq!(
        summary,
        [
            ("Pyongyang", MentionKind::Government, "PRK-GOV"),
            ("Pyongyang", MentionKind::Place, "PRK"),
            ("North Korean", MentionKind::Country, "PRK"),
        ]
    );
}

#[test]
fn administrations_surnames_and_office_phrases() {
    let kb = small_kb();
    let mentions = analyse_with(
        &kb,
        "Kim accused the Obama administration of hostility. Barack Obama left in 2017; Mr. Obama \
         now writes. The U.S. president met him. Under Biden's leadership, President Biden spoke.",
        jiff::civil::date(2015, 9, 30),
    );
    let admin = mentions
        .iter()
        .find(|m| m.0 == "the Obama administration")
        .unwrap();
    assert_eq!(admin.1, MentionKind::Government);
    assert_eq!(admin.2.as_ref().unwrap().code.as_deref(), Some("USAGOV"));
    assert_eq!(admin.3.as_ref().unwrap().id, "Q76");
    assert!(
        mentions
            .iter()
            .any(|m| m.0 == "Mr. Obama" && m.2.as_ref().unwrap().id == "Q76"),
        "{mentions:?}"
    );
    let president = mentions
        .iter()
        .find(|m| m.0 == "The U.S. president")
        .unwrap();
    assert_eq!(president.2.as_ref().unwrap().id, "Q76");
    let bidens: Vec<&str> = mentions
        .iter()
        .filter(|m| m.0 == "Biden")
        .map(|m| m.2.as_ref().unwrap().id.as_str())
        .collect();
    assert_eq!(bidens, ["Q6279", "Q6279"]);
}

#[test]
fn a_broken_terms_row_names_its_file_and_line() {
    let error = compile_tables(&[
        ("kb/people.tsv", PEOPLE),
        (
            "kb/terms.tsv",
            "person\tcountry\toffice\tstart\tend\tsource\nQ76\tUSA\thead-of-state\t2009-01-20\t2001-01-20\thand\n",
        ),
    ])
    .unwrap_err();
    assert_eq!((error.file.as_str(), error.line), ("kb/terms.tsv", 2));
}

/// The target: every UN member's head of state and head of government at the knowledge
/// horizon, from the embedded tables.
#[test]
fn every_un_member_has_its_heads_at_the_horizon() {
    let resources = crate::Resources::load().unwrap();
    let kb = &resources.kb;
    let horizon = kb.horizon.expect("terms.tsv states its horizon");
    let members: Vec<&Country> = kb
        .countries
        .iter()
        .filter(|c| c.status == "un-member")
        .collect();
    assert_eq!(members.len(), 193);
    let mut missing = Vec::new();
    for country in &members {
        for office in ["head-of-state", "head-of-government"] {
            if kb.holders(&country.iso3, office, horizon).is_empty() {
                missing.push(format!("{} {office}", country.iso3));
            }
        }
    }
    assert!(missing.is_empty(), "no holder at {horizon}: {missing:?}");
    let us = kb.holders("USA", "head-of-state", horizon);
    assert_eq!(kb.people[us[0].person as usize].name, "Donald Trump");
}

#[test]
fn a_state_name_at_the_end_of_another_name_is_not_the_state() {
    let doc = analyse(
        "Protests spread from New Jersey to Northern Ireland, and Ireland's prime minister spoke.",
        jiff::civil::date(2019, 5, 1),
    );
    let linked: Vec<(&str, &str)> = doc
        .mentions
        .iter()
        .filter_map(|m| m.actor.as_ref().map(|a| (&doc.text[m.span], a.id.as_str())))
        .collect();
    assert!(!linked.iter().any(|(_, id)| *id == "JEY"), "{linked:?}");
    assert_eq!(
        linked.iter().filter(|(_, id)| *id == "IRL").count(),
        0,
        "{linked:?}"
    );
    // "Ireland's prime minister" is the holder on the date, not the state.
    assert!(
        linked
            .iter()
            .any(|(text, _)| *text == "Ireland's prime minister"),
        "{linked:?}"
    );
}

#[test]
fn surnames_drop_regnal_numbers_and_put_east_asian_family_names_first() {
    assert_eq!(surname_of("Charles III", false), Some("Charles"));
    assert_eq!(surname_of("George H. W. Bush", false), Some("Bush"));
    assert_eq!(surname_of("Xi Jinping", true), Some("Xi"));
    assert_eq!(surname_of("Moon Jae-in", true), Some("Moon"));
    let resources = crate::Resources::load().unwrap();
    let kb = &resources.kb;
    let xi = kb.search_people("Xi Jinping")[0];
    assert_eq!(kb.surname(xi), Some("Xi"));
    assert_eq!(
        kb.head_by_surname("Xi", jiff::civil::date(2019, 1, 1), &["CHN".to_string()]),
        Some(xi)
    );
}

#[test]
fn a_seat_that_is_a_body_is_a_place_after_a_preposition() {
    let doc = analyse(
        "The White House said it would meet them at the White House.",
        jiff::civil::date(2019, 5, 1),
    );
    let kinds: Vec<(&str, MentionKind)> = doc
        .mentions
        .iter()
        .filter(|m| m.actor.is_some())
        .map(|m| (&doc.text[m.span], m.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("White House", MentionKind::Government),
            ("the White House", MentionKind::Place)
        ]
    );
}

/// Each mention's text and its actor's id.
fn linked_ids(doc: &crate::Document) -> Vec<(&str, Option<&str>)> {
    doc.mentions
        .iter()
        .map(|m| (&doc.text[m.span], m.actor.as_ref().map(|a| a.id.as_str())))
        .collect()
}

#[test]
fn a_titled_surname_is_the_nearest_holder_of_that_title_and_a_function_word_is_no_surname() {
    let doc = analyse(
        "President Bush put on his preaching clothes yesterday. In government as in life, it is \
         hard.",
        jiff::civil::date(2016, 5, 2),
    );
    let linked = linked_ids(&doc);
    // George W. Bush (president to 2009), not McKeeva Bush (Cayman premier to 2012, nearer in
    // time but never a president); "In" is not Cambodia's In Tam.
    assert_eq!(linked, [("Bush", Some("Q207"))]);
    // The titles of lower offices take a surname alone too.
    let doc = analyse(
        "Vice President Vance spoke. Attorney General Whitaker said nothing.",
        jiff::civil::date(2026, 2, 2),
    );
    let linked = linked_ids(&doc);
    assert_eq!(
        linked,
        [
            ("Vance", Some("Q28935729")),
            ("Whitaker", Some("H:Matthew_Whitaker"))
        ]
    );
}

#[test]
fn affiliated_people_take_the_code_of_the_day() {
    let kb = small_kb();
    let at = |name: &str, day: &str| {
        let found = kb.find_names(name);
        let [(0, end, targets)] = found.as_slice() else {
            panic!("{name}: {found:?}");
        };
        assert_eq!(*end, name.len());
        let person = targets
            .iter()
            .find(|t| t.form == Form::Person)
            .unwrap()
            .index;
        kb.person_actor(person, day.parse().unwrap())
    };
    let kim = at("Kim Il-sung", "1990-01-01");
    assert_eq!(
        (
            kim.code.as_deref(),
            kim.country.as_deref(),
            kim.sector.as_deref()
        ),
        (Some("PRKGOV"), Some("PRK"), Some("GOV"))
    );
    for (name, day, code) in [
        // Outside the dated roles, the undated default.
        ("Kim Il Sung", "2000-01-01", "PRKELI"),
        // With no default, the nearest dated role; open ends count.
        ("John Kerry", "2004-06-01", "USAELI"),
        ("John Kerry", "2015-06-01", "USAGOV"),
        ("John Kerry", "2020-06-01", "USAGOV"),
    ] {
        assert_eq!(at(name, day).code.as_deref(), Some(code), "{name} on {day}");
    }
    // They hold no office: the surname lookups for offices do not see them.
    assert_eq!(kb.unique_head_surname("Kerry"), None);
    assert!(
        kb.terms_of(kb.person_by_id("P:JOHN_KERRY").unwrap())
            .next()
            .is_none()
    );
}

#[test]
fn a_bad_affiliation_names_its_line() {
    let error = compile_tables(&[
        ("kb/countries.tsv", COUNTRIES),
        (
            "kb/affiliated.tsv",
            "id\tname\taliases\troles\nP:X\tAb Cd\t\tUSAGOV 2001-13-01..\n",
        ),
    ])
    .unwrap_err();
    assert_eq!(
        (error.file.as_str(), error.line),
        ("kb/affiliated.tsv", 2),
        "{error}"
    );
}

#[test]
fn affiliated_people_link_only_where_their_country_is_named() {
    let kb = small_kb();
    let date: Date = "2015-06-01".parse().unwrap();
    let kerry = |text: &str| {
        analyse_with(&kb, text, date)
            .into_iter()
            .filter(|m| m.0.contains("Kerry"))
            .filter_map(|m| Some((m.0, m.2?.code)))
            .collect::<Vec<_>>()
    };
    assert_eq!(kerry("John Kerry spoke. Kerry left."), []);
    assert_eq!(
        kerry("John Kerry spoke for the United States. Kerry left."),
        [
            ("John Kerry".to_string(), Some("USAGOV".to_string())),
            ("Kerry".to_string(), Some("USAGOV".to_string()))
        ]
    );
}

#[test]
fn names_are_found_in_british_spelling_and_without_accents() {
    let doc = analyse(
        "The World Health Organisation met Francois Hollande in Paris.",
        "2014-03-01".parse().unwrap(),
    );
    let linked: Vec<(&str, String)> = doc
        .mentions
        .iter()
        .filter_map(|m| Some((&doc.text[m.span], m.actor.as_ref()?.name.clone())))
        .collect();
    assert!(
        linked.contains(&(
            "World Health Organisation",
            "World Health Organization".into()
        )),
        "{linked:?}"
    );
    assert!(
        linked.contains(&("Francois Hollande", "François Hollande".into())),
        "{linked:?}"
    );
}

#[test]
fn an_affiliated_code_names_the_state_of_its_iso_code_before_territories_sharing_it() {
    const FRANCE: &str = "iso3\tstatus\tparent_iso3\tname\tofficial_name\taliases\tdemonyms\tcapital\tcapital_aliases\tmetonyms\tcameo_code\tsource
FRA\tun-member\t\tFrance\tFrench Republic\t\tFrench\tParis\t\t\tFRA\thand
MYT\tterritory\tFRA\tMayotte\t\t\t\tMamoudzou\t\t\tFRA\thand
";
    let kb = compile_tables(&[
        ("kb/countries.tsv", FRANCE),
        (
            "kb/affiliated.tsv",
            "id\tname\taliases\troles\nP:X\tJean Dupont\t\tFRAGOV 2001-01-01..\n",
        ),
    ])
    .unwrap();
    let person = kb.person_by_id("P:X").unwrap();
    let actor = kb.person_actor(person, "2005-01-01".parse().unwrap());
    assert_eq!(actor.country.as_deref(), Some("FRA"));
}

#[test]
fn the_french_president_is_described_as_president_not_as_co_prince_of_andorra() {
    const PEOPLE: &str =
        "id\tname\taliases\twikipedia\tsource\nQ2038\tFrançois Mitterrand\t\t\thand\n";
    const TERMS: &str = "person\tcountry\toffice\tstart\tend\tsource\tnote
Q2038\tAND\thead-of-state\t1981-05-21\t1995-05-17\thand\t
Q2038\tFRA\thead-of-state\t1981-05-21\t1995-05-17\thand\t
";
    let kb = compile_tables(&[("kb/people.tsv", PEOPLE), ("kb/terms.tsv", TERMS)]).unwrap();
    let person = kb.person_by_id("Q2038").unwrap();
    let during = kb.person_actor(person, "1990-01-01".parse().unwrap());
    assert_eq!(during.country.as_deref(), Some("FRA"));
    let after = kb.person_actor(person, "2000-01-01".parse().unwrap());
    assert_eq!(after.country.as_deref(), Some("FRA"));
    assert_eq!(after.role.as_deref(), Some("former head-of-state"));
}

/// The country mentions of an analysed text: their words, kind and linked id.
fn countries_and_teams(text: &str) -> Vec<(String, MentionKind, Option<String>)> {
    let doc = analyse(text, jiff::civil::date(2018, 6, 19));
    doc.mentions
        .iter()
        .filter(|m| matches!(m.kind, MentionKind::Country | MentionKind::Organisation))
        .map(|m| {
            (
                doc.text[m.span].to_string(),
                m.kind,
                m.actor.as_ref().map(|a| a.id.clone()),
            )
        })
        .collect()
}

#[test]
fn a_country_in_a_match_report_is_its_team_and_its_government_stays_the_state() {
    let found = countries_and_teams(
        "Sweden defeated South Korea 1 - 0 in the World Cup. Belgium faced Panama at the \
         stadium and scored three goals; the goalkeeper kept Panama at bay. After the match the \
         Belgian government congratulated the players, and the tournament moved on in Russia.",
    );
    for team in ["Sweden", "South Korea", "Belgium", "Panama"] {
        assert!(
            found.iter().any(|(t, kind, id)| t == team
                && *kind == MentionKind::Organisation
                && id.is_none()),
            "{team} as a team: {found:?}"
        );
    }
    assert!(
        found.iter().any(|(t, kind, id)| t == "Belgian"
            && *kind == MentionKind::Country
            && id.as_deref() == Some("BEL")),
        "the Belgian government is the state: {found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(t, _, id)| t == "Russia" && id.as_deref() == Some("RUS")),
        "the host country is a place: {found:?}"
    );
}

#[test]
fn a_few_countries_near_a_medal_in_another_story_stay_states() {
    let found = countries_and_teams(
        "The robotics team scored well in the tournament and won a medal at the match in \
         Washington. The girls were twice denied visas to enter the United States, and the \
         silver medal went to Poland. The United States later changed its decision.",
    );
    assert!(
        found
            .iter()
            .filter(|(t, _, _)| t == "United States")
            .all(|(_, kind, id)| *kind == MentionKind::Country && id.as_deref() == Some("USA")),
        "{found:?}"
    );
}

#[test]
fn a_bad_line_of_the_sports_words_is_an_error_naming_it() {
    for (line, message) in [
        ("team\tgoal\n", "unknown class"),
        ("strong\tgoal\ncue\tgoal\n", "listed twice"),
        ("cue\t3-0\n", "letter a to z"),
    ] {
        let error = compile_tables(&[("kb/sports_words.tsv", line)]).unwrap_err();
        assert!(error.to_string().contains(message), "{line:?}: {error}");
        assert!(error.to_string().contains("kb/sports_words.tsv"), "{error}");
    }
}
