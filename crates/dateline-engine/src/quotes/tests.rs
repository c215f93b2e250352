//! Quote finding on hand-written articles.

use super::*;
use crate::Engine;
use crate::article::parse_article_file;

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| Engine::new().unwrap())
}

fn analyze(text: &str) -> Document {
    let doc = engine().analyze(parse_article_file(text.as_bytes(), "t").unwrap());
    doc.check_invariants().unwrap();
    doc
}

/// A quote as (kind, text, speaker text, cue text, channel text).
type QuoteTexts<'a> = (
    QuoteKind,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

/// Each quote's text and its speaker's.
fn speakers(doc: &Document) -> Vec<(&str, Option<&str>)> {
    quotes(doc)
        .into_iter()
        .map(|(_, text, speaker, _, _)| (text, speaker))
        .collect()
}

fn quotes(doc: &Document) -> Vec<QuoteTexts<'_>> {
    doc.quotes
        .iter()
        .map(|q| {
            (
                q.kind,
                &doc.text[q.span],
                q.speaker.as_ref().map(|s| &doc.text[s.span]),
                q.cue.map(|c| &doc.text[c]),
                q.channel.map(|c| &doc.text[c]),
            )
        })
        .collect()
}

#[test]
fn a_direct_quote_has_its_speaker_cue_and_channel_and_the_next_one_continues() {
    let doc = analyze(
        "date 2021-09-30 Talks\n\n\"The U.S. offer is a petty trick,\" Kim Yo Jong said in a \
         statement. \"We are willing to talk. But not now.\"",
    );
    assert_eq!(
        quotes(&doc),
        [
            (
                QuoteKind::Direct,
                "\"The U.S. offer is a petty trick,\"",
                Some("Kim Yo Jong"),
                Some("said"),
                Some("in a statement")
            ),
            (
                QuoteKind::Direct,
                "\"We are willing to talk. But not now.\"",
                Some("Kim Yo Jong"),
                None,
                Some("in a statement")
            ),
        ]
    );
}

#[test]
fn curly_quotes_before_and_after_their_cue() {
    let doc = analyze(
        "date 2021-09-30 Talks\n\nThe spokesman said: “The door is open.”\n\n“We anticipate \
         nothing from Washington,” said a State Department official.",
    );
    let q = quotes(&doc);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].2, Some("The spokesman"));
    assert_eq!(q[1].2, Some("a State Department official"));
    // The description links to the body inside it.
    let official = doc.quotes[1].speaker.as_ref().unwrap();
    assert_eq!(official.actor.as_ref().unwrap().id, "USA-STATE-DEPT");
}

#[test]
fn a_quote_left_open_at_a_paragraph_end_continues_into_the_next() {
    let doc = analyze(
        "date 2021-09-30 Talks\n\n\"This paragraph opens a quote.\n\n\"And this one closes it,\" \
         the minister said.\n\nShe left.",
    );
    let q = quotes(&doc);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(
        q[0].1,
        "\"This paragraph opens a quote.\n\n\"And this one closes it,\""
    );
    assert_eq!(q[0].2, Some("the minister"));
}

#[test]
fn partial_quotes_are_kept_and_scare_quotes_and_titles_left_out() {
    let doc = analyze(
        "date 2021-09-30 Talks\n\nThe official described the offer as a \"petty trick.\" \
         Supporters of the so-called \"deplorables\" gathered. He appeared on \"Fox News \
         Sunday.\"",
    );
    let q = quotes(&doc);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].0, QuoteKind::Partial);
    assert_eq!(q[0].1, "\"petty trick.\"");
    assert_eq!(q[0].3, Some("described"));
}

#[test]
fn indirect_speech_and_according_to_keep_speaker_and_channel_apart() {
    let doc = analyze(
        "date 2021-09-30 Talks\n\nNorth Korea said the U.S. offer was a trick. Talks could \
         resume next year, according to state media.",
    );
    let q = quotes(&doc);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(
        q[0],
        (
            QuoteKind::Indirect,
            "the U.S. offer was a trick",
            Some("North Korea"),
            Some("said"),
            None
        )
    );
    assert_eq!(
        doc.quotes[0]
            .speaker
            .as_ref()
            .unwrap()
            .actor
            .as_ref()
            .unwrap()
            .id,
        "PRK"
    );
    assert_eq!(q[1].1, "Talks could resume next year");
    assert_eq!(q[1].3, Some("according to"));
}

#[test]
fn a_pronoun_speaker_resolves_to_the_person_before_it() {
    let doc = analyze(
        "date 2021-09-30 Talks\n\nJoe Biden met reporters on Monday. \"We will keep talking,\" \
         he said.",
    );
    let speaker = doc.quotes[0].speaker.as_ref().unwrap();
    assert_eq!(&doc.text[speaker.span], "he");
    assert_eq!(&doc.text[speaker.antecedent.unwrap()], "Joe Biden");
    assert_eq!(speaker.actor.as_ref().unwrap().name, "Joe Biden");
}

#[test]
fn a_headline_quote_and_a_signature() {
    let doc = analyze(
        "date 2021-09-30 'We will not talk to them,' North Korea says\n\n“Trump must stop \
         portraying Latinos as gangsters when most of us work hard.” ― Carla Sanchez",
    );
    let q = quotes(&doc);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].1, "'We will not talk to them,'");
    assert_eq!(q[0].2, Some("North Korea"));
    assert_eq!(q[1].2, Some("Carla Sanchez"));
}

#[test]
fn a_colon_ended_paragraph_introduces_the_quotation_after_it() {
    let doc = analyze(
        "date 2016-09-21 Donors\n\nThe New York Times reports:\n\n\"Just 24 percent of the \
         contributors have given $200 or less.\"",
    );
    let q = quotes(&doc);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].2, Some("The New York Times"));
}

#[test]
fn straight_marks_are_told_open_from_close_by_their_neighbours() {
    let text = "He said \"yes,\" and (\"no\") x\"y";
    let found: Vec<(&str, Mark)> = marks(text, 0..text.len(), false)
        .into_iter()
        .map(|(s, e, m)| (&text[s..e], m))
        .collect();
    assert_eq!(
        found,
        [
            ("\"", Mark::Open),
            ("\"", Mark::Close),
            ("\"", Mark::Open),
            ("\"", Mark::Close),
            ("\"", Mark::Either)
        ]
    );
}

#[test]
fn apostrophes_are_not_quotes() {
    let doc = analyze(
        "date 2021-09-30 Voters’ anger\n\nThe voters' anger grew and Clinton’s lead didn’t \
         last, the party’s officials said.",
    );
    assert!(
        doc.quotes.iter().all(|q| q.kind == QuoteKind::Indirect),
        "{:?}",
        quotes(&doc)
    );
}

#[test]
fn a_broken_cue_file_names_its_line() {
    let file = DataFile {
        path: "quotes/cues.tsv",
        contents: b"# comment\nsay\tsay\nshout\tloud\n",
    };
    let error = QuoteLexicon::compile(&file, None).unwrap_err();
    assert_eq!(error.line, 3);
    assert!(error.to_string().contains("unknown cue class"), "{error}");
}

#[test]
fn it_resolves_to_the_state_that_was_the_subject_not_the_nearest_one() {
    let doc = analyze(
        "date 2021-09-30 Talks\n\nNorth Korea on Thursday dismissed a U.S. offer of talks, a day \
         after it said it had tested a new missile.",
    );
    let said = doc
        .quotes
        .iter()
        .find(|q| q.cue.is_some_and(|c| &doc.text[c] == "said"))
        .expect("the report of \"said\"");
    let speaker = said.speaker.as_ref().unwrap();
    assert_eq!(&doc.text[speaker.span], "it");
    assert_eq!(speaker.actor.as_ref().unwrap().id, "PRK");
}

#[test]
fn a_stated_position_is_an_indirect_attribution_of_its_object() {
    let doc = analyze("date 2021-09-30 Talks\n\nSouth Korea rejected the proposal on Monday.");
    assert_eq!(
        quotes(&doc),
        [(
            QuoteKind::Indirect,
            "the proposal",
            Some("South Korea"),
            Some("rejected"),
            None
        )]
    );
}

#[test]
fn the_shipped_cue_lexicon_has_every_class() {
    let lexicon = &engine().resources().quotes;
    assert!(lexicon.len() > 200, "{} cue words", lexicon.len());
    for (word, class) in [
        ("say", CueClass::Say),
        ("tell", CueClass::Tell),
        ("describe", CueClass::Describe),
        ("accuse", CueClass::Accuse),
        ("reject", CueClass::Stance),
        ("believe", CueClass::Think),
        ("claim", CueClass::Statement),
        ("statement", CueClass::Channel),
        ("media", CueClass::Media),
        ("spokesman", CueClass::Person),
        ("ministry", CueClass::Body),
    ] {
        assert!(lexicon.is(word, class), "{word} is {class:?}");
    }
}

#[test]
fn colons_names_pronouns_and_dashes_give_the_right_speaker() {
    let doc = analyze(
        "date 2016-02-03 Polls\n\nTURNOUT IS UP IN OTHER STATES - Michael McDonald: \"At long \
         last the contests have started.\"\n\nShe recalled what her husband did: \"Men, you \
         will not cease to exist,\" she wrote.\n\nSpeaking on television Tuesday, he said, \"I \
         never said I would pay.\"\n\nWhen Trump finally wrapped up — \"I will fight for you!\" \
         — the balloons cascaded down.",
    );
    let speakers = speakers(&doc);
    assert_eq!(
        speakers,
        [
            (
                "\"At long last the contests have started.\"",
                Some("Michael McDonald")
            ),
            ("\"Men, you will not cease to exist,\"", Some("she")),
            ("\"I never said I would pay.\"", Some("he")),
        ],
        "{speakers:?}"
    );
}

#[test]
fn doubled_single_marks_quote_like_double_ones() {
    // NYT text writes '' for both marks; the sentence keeps its closing mark, and a
    // coordinated cue shares the subject of the verb right before "and".
    let doc = analyze(
        "date 2016-02-01 Race\n\nAsked about the race, Ms. Sherry smiled and said, ''I'm \
         waiting for Michael Bloomberg to get in.''\n\n''Liberal internationalism seems to \
         have been dying,'' said Mark Mellman, a Democratic pollster.",
    );
    let speakers = speakers(&doc);
    assert_eq!(
        speakers,
        [
            (
                "''I'm waiting for Michael Bloomberg to get in.''",
                Some("Ms. Sherry")
            ),
            (
                "''Liberal internationalism seems to have been dying,''",
                Some("Mark Mellman")
            ),
        ]
    );
    assert!(
        doc.sentences
            .iter()
            .all(|s| doc.text[s.span].trim() != "''"),
        "a closing '' is not a sentence of its own"
    );
}

#[test]
fn the_learned_cue_model_takes_verbs_the_lexicon_lacks_and_leaves_events_alone() {
    let doc = analyze(
        "date 2016-01-01 Health\n\nClinton offered a plan to expand health coverage. The \
         senator championed the bill in committee. The storm destroyed three houses on the \
         coast.",
    );
    let resources = engine().resources();
    for verb in ["offer", "champion", "destroy"] {
        assert_eq!(
            resources.quotes.classes(verb),
            0,
            "{verb} is in the lexicon"
        );
    }
    assert_eq!(
        speakers(&doc),
        [
            ("a plan to expand health coverage", Some("Clinton")),
            ("the bill", Some("The senator")),
        ]
    );
    // The lexicon alone finds neither.
    let lexicon_only = QuoteLexicon {
        classes: resources.quotes.classes.clone(),
        cue_model: None,
    };
    let found = find_quotes(
        &doc,
        &lexicon_only,
        &resources.syntax.lemmatizer,
        &resources.syntax.clusters,
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_report_after_a_phrase_starts_at_its_clause() {
    let doc = analyze(
        "date 2016-01-01 Donor\n\nThe donor Sheldon Adelson said on Friday he met Donald Trump \
         this week. Carly Fiorina says despite being a Stanford alumna, she plans to root for \
         Iowa.",
    );
    let found = speakers(&doc);
    assert!(
        found.contains(&(
            "he met Donald Trump this week",
            Some("The donor Sheldon Adelson")
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&("she plans to root for Iowa", Some("Carly Fiorina"))),
        "{found:?}"
    );
}

#[test]
fn a_second_verb_of_the_subject_does_not_report_the_clause_before_it() {
    let doc = analyze(
        "date 2016-01-01 Court\n\nThe judge rubbed his chin, and then said nothing at all.",
    );
    assert_eq!(speakers(&doc), []);
}

#[test]
fn an_infinitive_completing_a_verb_and_a_participle_after_a_quotation_report() {
    let doc = analyze(
        "date 2016-01-01 Caucus\n\nCaucus-goers were slightly more likely to say they \
         preferred Clinton. Trump later blamed his hesitancy on a \"bad earpiece,\" claiming he \
         had previously disavowed Duke. Voters had a chance to say nothing.",
    );
    let found = speakers(&doc);
    assert!(
        found.contains(&("they preferred Clinton", Some("Caucus-goers"))),
        "{found:?}"
    );
    assert!(
        found.contains(&("he had previously disavowed Duke", Some("Trump"))),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(text, _)| text.contains("nothing")),
        "an infinitive after a noun cues nothing: {found:?}"
    );
}

/// PolNeAR's sources are mentions: "who" in "experts who say" is the source, resolved to the
/// phrase it stands for, which carries the actor.
#[test]
fn a_relative_pronoun_speaker_stays_itself_and_resolves_to_its_phrase() {
    let doc = analyze(
        "date 2021-09-30 Talks\n\nSenators pressed Antony Blinken, who said the talks would \
         resume next month.",
    );
    let quote = doc
        .quotes
        .iter()
        .find(|q| doc.text[q.span].starts_with("the talks"))
        .expect("the reported clause is a quote");
    let speaker = quote.speaker.as_ref().expect("a speaker");
    assert_eq!(&doc.text[speaker.span], "who");
    assert_eq!(
        speaker.antecedent.map(|a| &doc.text[a]),
        Some("Antony Blinken")
    );
    assert_eq!(
        speaker.actor.as_ref().map(|a| a.name.as_str()),
        Some("Antony Blinken")
    );
}

#[test]
fn time_phrases_and_clause_openers_are_not_the_subject() {
    let doc = analyze(
        "date 2021-09-30 Talks\n\nThe ministry this week said the talks would resume.\n\n\
         Two days after the envoy told reporters that a deal was near, talks collapsed.",
    );
    let said: Vec<_> = speakers(&doc);
    assert!(
        said.contains(&("the talks would resume", Some("The ministry"))),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|(text, speaker)| text.starts_with("a deal was near")
                && *speaker == Some("the envoy")),
        "{said:?}"
    );
}

#[test]
fn a_long_parenthesis_and_an_inverted_speaker_after_a_comma() {
    let doc = analyze(
        "date 2021-09-30 Talks\n\nDunwoody, who worked for Barack Obama in the primary and \
         on into the general election, said tensions were high.\n\nThe treaty signals \"the \
         beginning of the end\" for the union, said Geert Wilders, a Dutch lawmaker.",
    );
    let said = speakers(&doc);
    assert!(
        said.contains(&("tensions were high", Some("Dunwoody"))),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|(text, speaker)| text.contains("the beginning of the end")
                && *speaker == Some("Geert Wilders")),
        "{said:?}"
    );
}

#[test]
fn a_headline_name_and_colon_attribute_the_rest_of_the_headline() {
    let doc = analyze(
        "date 2016-05-01 Sanders: Clinton needs to get away from the personality stuff.\n\n\
         Bernie Sanders spoke on Sunday.",
    );
    let claim = doc
        .quotes
        .iter()
        .find(|q| q.cue.is_some_and(|c| &doc.text[c] == ":"))
        .expect("a headline claim");
    assert_eq!(
        &doc.text[claim.span],
        "Clinton needs to get away from the personality stuff"
    );
    assert_eq!(
        claim.speaker.as_ref().map(|s| &doc.text[s.span]),
        Some("Sanders")
    );
    for rubric in [
        "The Latest: Sanders wins the caucuses.",
        "EXCLUSIVE: Sanders wins the caucuses.",
        "Netanyahu and Obama: A tortured relationship.",
    ] {
        let doc = analyze(&format!("date 2016-05-01 {rubric}\n\nA body."));
        assert!(
            doc.quotes
                .iter()
                .all(|q| q.cue.is_none_or(|c| &doc.text[c] != ":")),
            "{rubric}"
        );
    }
}

#[test]
fn the_subject_before_a_parenthesis_is_the_speaker() {
    let doc = analyze(
        "date 2016-05-01 Talks\n\nBamberg, who is 28, said he decided to support Sanders.\n\n\
         Mr. Kirk, who still speaks with difficulty after a stroke in 2012, also noted that \
         the party had changed.\n\nJohn Smith, 45, told Reuters that the plant would close.\n\n\
         Ms. Sullivan, in an attempt to draw attention to the gap, wrote that the candidate \
         had held no press conference.\n\nSmall, who attended the rally on Wednesday, said the \
         owner took advantage of the law.",
    );
    let said = speakers(&doc);
    for (content, speaker) in [
        ("the owner took advantage of the law", "Small"),
        ("he decided to support Sanders", "Bamberg"),
        ("the party had changed", "Mr. Kirk"),
        ("the plant would close", "John Smith"),
        ("the candidate had held no press conference", "Ms. Sullivan"),
    ] {
        assert!(
            said.contains(&(content, Some(speaker))),
            "{content}: {said:?}"
        );
    }
}
