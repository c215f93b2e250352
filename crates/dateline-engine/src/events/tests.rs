use crate::Engine;
use crate::layers::Event;

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| Engine::with_events().unwrap())
}

fn events(date: &str, body: &str) -> Vec<Event> {
    let text = format!("date {date} Test\n\n{body}\n");
    let article = crate::article::parse_article_file(text.as_bytes(), "test").unwrap();
    engine().analyze(article).events
}

fn triples(date: &str, body: &str) -> Vec<(String, String, String)> {
    events(date, body)
        .into_iter()
        .map(|e| {
            let code = |p: Option<&crate::layers::Participant>| {
                p.and_then(|p| p.actor.as_ref())
                    .and_then(|a| a.code.clone())
                    .unwrap_or_else(|| "-".into())
            };
            (
                code(Some(&e.source)),
                e.event_type.clone(),
                code(e.target.as_ref()),
            )
        })
        .collect()
}

#[test]
fn a_plain_act_has_source_type_and_target() {
    let found = triples(
        "2021-03-02",
        "Iran accused the United States of sabotage on Tuesday.",
    );
    assert_eq!(found, [("IRN".into(), "ACCUSE".into(), "USA".into())]);
}

#[test]
fn demonyms_with_agent_nouns_are_actors_of_their_sector() {
    let found = triples(
        "2024-05-06",
        "Ruritanian police said nothing. Israeli soldiers beat Palestinian detainees.",
    );
    assert_eq!(
        found,
        [("ISRMIL".into(), "ASSAULT".into(), "PSECVL".into())]
    );
}

#[test]
fn negated_acts_and_questions_are_not_coded() {
    assert!(
        triples(
            "2024-05-06",
            "Iran did not accuse the United States of sabotage."
        )
        .is_empty()
    );
    assert!(
        triples(
            "2024-05-06",
            "Did Iran accuse the United States of sabotage?"
        )
        .is_empty()
    );
}

#[test]
fn future_acts_are_intents_and_threats() {
    let found = events("2024-05-06", "France will meet Germany next week.");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].event_type, "AGREE");
    assert_eq!(found[0].cameo, "036", "intent to meet");
    let found = events("2024-05-06", "Iran threatened to attack Israel.");
    assert_eq!(found[0].event_type, "THREATEN");
    assert!(found[0].cameo.starts_with("13"));
    let found = events(
        "2024-05-06",
        "Nigeria will withdraw its troops from Chad unless talks resume.",
    );
    assert_eq!(found[0].event_type, "THREATEN");
}

#[test]
fn a_passive_verb_takes_its_source_from_by() {
    let found = triples("2024-05-06", "Canada was accused by China of spying.");
    assert_eq!(found, [("CHN".into(), "ACCUSE".into(), "CAN".into())]);
}

#[test]
fn compound_sources_expand_into_dyads() {
    // "sign formal agreement" is CAMEO 057, which the CAMEO→PLOVER table makes SUPPORT.
    let found = triples("2024-05-06", "Bosnia and Slovenia signed an agreement.");
    assert_eq!(
        found,
        [
            ("BIH".into(), "SUPPORT".into(), "SVN".into()),
            ("SVN".into(), "SUPPORT".into(), "BIH".into())
        ]
    );
}

#[test]
fn a_passive_without_agent_does_not_make_its_patient_the_source() {
    assert!(triples("2024-05-06", "A journalist was killed on Monday.").is_empty());
}

#[test]
fn a_pronoun_in_reported_speech_is_the_speaker() {
    let found = triples(
        "2024-05-06",
        "Japan said on Tuesday it had halted economic aid to Serbia.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "JPN");
    assert_eq!(found[0].2, "SRB");
}

#[test]
fn the_event_takes_the_sentence_date_and_place() {
    let found = events(
        "2024-05-06",
        "On Friday, Israeli troops attacked Hamas fighters in Gaza.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].date.value, "2024-05-03");
    assert!(found[0].goldstein < 0.0);
    assert_eq!(found[0].quad_class, 4);
}

#[test]
fn the_default_engine_leaves_events_out() {
    let text = "date 2024-05-06 T\n\nIran accused the United States of sabotage.\n";
    let article = crate::article::parse_article_file(text.as_bytes(), "t").unwrap();
    let engine = Engine::new().unwrap();
    assert!(engine.analyze(article).events.is_empty());
    assert!(!engine.pipeline().names().contains(&"event-coder"));
    assert!(self::engine().pipeline().names().contains(&"event-coder"));
}

#[test]
fn every_pattern_of_the_shipped_dictionary_parses_and_codes_are_known() {
    let resources = crate::Resources::load().unwrap();
    let ev = &resources.events;
    assert!(ev.verbs.verbs.len() > 1500, "{}", ev.verbs.verbs.len());
    assert!(
        ev.verbs
            .blocks
            .iter()
            .map(|b| b.patterns.len())
            .sum::<usize>()
            > 4000
    );
    assert!(ev.codes.len() > 300);
    // Every code the modality table produces is in the code table.
    for map in [
        &ev.modality.intent,
        &ev.modality.threat,
        &ev.modality.demand,
    ] {
        for to in map.values() {
            assert!(
                ev.codes.get(to).is_some(),
                "modality code {to} is not in cameo.tsv"
            );
        }
    }
}

/// An engine with a small TABARI-style world: stems, agents, and verbs as stems.
fn foreign_world() -> Engine {
    use crate::events::foreign::{ActorDictionary, tabari_verbs};
    let mut actors = ActorDictionary::default();
    actors.add_actors(
        "ARNOR [ARN]\nGONDOR [GON]\nWHITE_HOUSE [USAGOV]\nTHE_SHIRE [FRO/BIL]\nOSGILIATH [OSG]\nITHILEN [ITH]\n",
    );
    actors.add_agents(
        "GOVERNMENT [~GOV]\nOFFICIAL [~GOV]\nMSF [NGO~]\nDIPLOMAT [~GOV]\nSOLDIER [~MIL]\nAMBASSADOR [~GOV]\nPOLICE [~COP]\n",
    );
    let verbs = tabari_verbs(
        "RESTOR  [064]\nCRITICIZ  [111]\nAPPEAL  [020]\nABANDON  [901]\nWARN  [130?]\n\
         --- WELCOME [041] ---\nWELCOM\n- * &NOSUCH_MEMOS [912]\n\
         <SYNSETS>\n&NEGAUX\n+DIDN'T\n+WILL_NOT\n</SYNSETS>\nCLASH [121]\n- &NEGAUX * [904]\n\
         --- DELAY [120] ---\nPOSTPONE\n- % HAVE * [191]\nVISIT [042]\nSTAB_ [222]\n",
    );
    Engine::with_event_resources(|events| {
        events.verbs = verbs;
        events.actors = Some(actors);
        events.unknown_sources = false;
        events.literal = true;
    })
    .unwrap()
}

fn foreign_triples(engine: &Engine, body: &str) -> Vec<(String, String, String)> {
    let text = format!("date 1995-01-01 T\n\n{body}");
    let doc = engine.analyze(crate::article::parse_article_file(text.as_bytes(), "t").unwrap());
    let code = |p: Option<&crate::layers::Participant>| {
        p.and_then(|p| p.actor.as_ref().and_then(|a| a.code.clone()))
            .unwrap_or_default()
    };
    doc.events
        .iter()
        .map(|e| {
            (
                code(Some(&e.source)),
                code(e.target.as_ref()),
                e.cameo.clone(),
            )
        })
        .collect()
}

#[test]
fn other_coders_dictionaries_match_stems_and_join_agents_to_actors() {
    let engine = foreign_world();
    // "RESTOR" is restored; "diplomatic" starts like the agent DIPLOMAT but Gondor is the
    // target; an agent before its actor and one after a possessive join it.
    assert_eq!(
        foreign_triples(
            &engine,
            "MSF Arnor restored full diplomatic ties with Gondor's government."
        ),
        [(
            "NGOARN".to_string(),
            "GONGOV".to_string(),
            "064".to_string()
        )]
    );
    // A sector the actor's code has already is not added again.
    assert_eq!(
        foreign_triples(&engine, "White House officials criticized Arnor."),
        [("USAGOV".to_string(), "ARN".to_string(), "111".to_string())]
    );
}

/// Each sentence of the fictional world codes one event, Arnor acting on Gondor, with its
/// code; every sentence that does not is listed.
fn assert_arnor_to_gondor(engine: &Engine, cases: &[(&str, &str)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|&(sentence, code)| {
            let got = foreign_triples(engine, sentence);
            let want = vec![("ARN".to_string(), "GON".to_string(), code.to_string())];
            (got != want).then(|| format!("{sentence:?}: {got:?}, expected {code}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn literal_coding_keeps_the_dictionarys_code() {
    let engine = foreign_world();
    // No intent recoding of "will", statements are events, and codes outside CAMEO stay.
    // A subordinate code (`130?`) stands alone, and yields to another event of its sentence.
    assert_arnor_to_gondor(
        &engine,
        &[
            ("Arnor will restore ties with Gondor.", "064"),
            ("Arnor appealed to Gondor.", "020"),
            ("Arnor abandoned Gondor.", "901"),
            ("Arnor warned Gondor.", "130"),
            ("Arnor warned that it restored ties with Gondor.", "064"),
        ],
    );
    // Our own reading drops the statement and recodes the future act as an intent.
    let ours = events(
        "2021-09-30",
        "France appealed to Germany. France will meet Germany.",
    );
    let codes: Vec<&str> = ours.iter().map(|e| e.cameo.as_str()).collect();
    assert!(
        !codes.contains(&"020") && !codes.contains(&"040"),
        "{codes:?}"
    );
}

#[test]
fn compound_codes_split_and_unknown_synsets_do_not_make_empty_patterns() {
    let engine = foreign_world();
    let mut got = foreign_triples(&engine, "The Shire welcomed Gondor.");
    got.sort();
    let expected: Vec<(String, String, String)> = [("BIL", "GON", "041"), ("FRO", "GON", "041")]
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn patterns_of_other_coders_see_negating_auxiliaries() {
    // "didn't" is two tokens; the synset member DIDN'T matches them before the verb.
    assert_arnor_to_gondor(
        &foreign_world(),
        &[
            ("Arnor clashed with Gondor.", "121"),
            ("Arnor didn't clash with Gondor.", "904"),
            ("Arnor will not clash with Gondor.", "904"),
        ],
    );
}

#[test]
fn a_compound_slot_takes_the_whole_list_and_agents_hold_for_a_list() {
    let engine = foreign_world();
    let mut got = foreign_triples(&engine, "Gondor and Osgiliath have postponed their talks.");
    got.sort();
    let t = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(got, [t("GON", "OSG", "191"), t("OSG", "GON", "191")]);
    assert_eq!(
        foreign_triples(&engine, "Soldiers from Gondor visited Ithilen."),
        [t("GONMIL", "ITH", "042")]
    );
    let mut got = foreign_triples(
        &engine,
        "The ambassadors of Arnor and Gondor visited Ithilen.",
    );
    got.sort();
    assert_eq!(got, [t("ARNGOV", "ITH", "042"), t("GONGOV", "ITH", "042")]);
}

#[test]
fn whole_word_verbs_and_agents_on_compound_codes() {
    let engine = foreign_world();
    let t = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    // `STAB_` is stab and its regular forms, not every word it begins.
    assert_eq!(
        foreign_triples(&engine, "Arnor stabs Gondor."),
        [t("ARN", "GON", "222")]
    );
    assert!(foreign_triples(&engine, "Arnor stabilized Gondor.").is_empty());
    // An agent joins each member of a compound code.
    let mut got = foreign_triples(&engine, "The Shire police visited Ithilen.");
    got.sort();
    assert_eq!(got, [t("BILCOP", "ITH", "042"), t("FROCOP", "ITH", "042")]);
}

#[test]
fn the_victims_of_an_attack_are_placed_in_the_country_where_it_happened() {
    let found = events(
        "2021-09-30",
        "Rebels shelled a crowded market in Kabul on Sunday, killing 20 people.",
    );
    let attack = found
        .iter()
        .find(|e| e.event_type == "ASSAULT")
        .expect("the shelling is coded");
    let target = attack.target.as_ref().expect("the victims are the target");
    assert_eq!(target.country.as_deref(), Some("AFG"));
    // Not for other acts: a meeting in Kabul is not with Afghanistan.
    let met = events("2021-09-30", "France met Germany in Kabul on Sunday.");
    assert!(
        met.iter()
            .all(|e| e.target.as_ref().and_then(|t| t.country.as_deref()) != Some("AFG")),
        "{met:?}"
    );
}
