//! The settings besides the terms that a score depends on, recorded in `run.json` and
//! compared between two runs (QA10 Q06): the stance parameters (`--prior`, `--resamples`,
//! `--seed`), each frame's polarity, default target and attachment, each voice's weight
//! and each actor's side. Without them, "What changed" showed every stance moved by a new
//! prior or a frame's polarity with no cause named.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::lexicon::Lexicon;

/// What `run.json` records of the lexicon's settings, under `"settings"`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Settings {
    /// Frame id to its polarity, target and attachment.
    pub frames: BTreeMap<String, FrameSettings>,
    /// Voice to its weight (and `negated` to the weight under negation).
    pub voices: BTreeMap<&'static str, f64>,
    /// Actor id to its side.
    pub actor_sides: BTreeMap<String, f64>,
}

/// The columns of `frames.csv` that change scores.
#[derive(Debug, Clone, Serialize)]
pub struct FrameSettings {
    pub polarity: f64,
    pub target: &'static str,
    pub attach: &'static str,
}

impl Settings {
    /// The settings of a loaded lexicon.
    pub fn of(lexicon: &Lexicon) -> Settings {
        let frames = lexicon.frames.iter().map(|f| {
            let settings = FrameSettings {
                polarity: f.polarity,
                target: f.target.name(),
                attach: f.attach.name(),
            };
            (f.id.clone(), settings)
        });
        let v = &lexicon.voices;
        let voices = [
            ("authorial", v.authorial),
            ("reported", v.reported),
            ("quoted", v.quoted),
            ("distanced", v.distanced),
            ("scare", v.scare),
            ("negated", v.negated),
        ];
        Settings {
            frames: frames.collect(),
            voices: voices.into_iter().collect(),
            actor_sides: lexicon
                .actors
                .iter()
                .map(|a| (a.id.clone(), a.side))
                .collect(),
        }
    }
}

/// One setting that differs between two runs, as the report names it ("--prior",
/// "polarity of frame militias"), with its values ("–" where a run has none).
#[derive(Debug, Clone, PartialEq)]
pub struct SettingChange {
    pub what: String,
    pub from: String,
    pub to: String,
}

/// A setting's place in `run.json`: its path of keys.
type Path = Vec<String>;

/// The settings that differ from run `a` to run `b` (their `run.json`), with frames
/// renamed from `a` to `b` compared under their new id. A run.json written before mizan
/// recorded the lexicon's settings has only its stance parameters compared.
pub fn setting_changes(a: &Value, b: &Value, renamed: &[(String, String)]) -> Vec<SettingChange> {
    let (mut before, mut after) = (recorded(a), recorded(b));
    if !(a.get("settings").is_some() && b.get("settings").is_some()) {
        before.retain(|path, _| path[0] == "stance");
        after.retain(|path, _| path[0] == "stance");
    }
    for (from, to) in renamed {
        let moved: Vec<Path> = before
            .keys()
            .filter(|p| p.get(1..3) == Some(&["frames".to_string(), from.clone()]))
            .cloned()
            .collect();
        for mut path in moved {
            let value = before.remove(&path).expect("a key just listed");
            path[2] = to.clone();
            before.insert(path, value);
        }
    }
    let paths: BTreeSet<&Path> = before.keys().chain(after.keys()).collect();
    // The run's options first, then the lexicon's settings.
    let (options, lexicon): (Vec<&Path>, Vec<&Path>) =
        paths.into_iter().partition(|p| p[0] == "stance");
    options
        .into_iter()
        .chain(lexicon)
        .filter(|p| before.get(*p) != after.get(*p))
        .map(|p| SettingChange {
            what: describe(p),
            from: before.get(p).cloned().unwrap_or_else(|| "–".into()),
            to: after.get(p).cloned().unwrap_or_else(|| "–".into()),
        })
        .collect()
}

/// The lexicon files of `run.json` whose settings are recorded (or, for `cues.csv`, not
/// at all) and whose contents differ between the runs though no [`SettingChange`] comes
/// from them: an edit the report cannot itemise, named so that a move has a cause.
pub fn edited_files(a: &Value, b: &Value, changes: &[SettingChange]) -> Vec<String> {
    let hashes = |run: &Value| -> BTreeMap<String, String> {
        let files = run.get("lexicon_files").and_then(Value::as_array);
        files
            .into_iter()
            .flatten()
            .filter_map(|f| {
                let name = std::path::Path::new(f.get(0)?.as_str()?).file_name()?;
                Some((name.to_string_lossy().into(), f.get(1)?.as_str()?.into()))
            })
            .collect()
    };
    let (before, after) = (hashes(a), hashes(b));
    let itemised = |kind: &str| changes.iter().any(|c| c.what.contains(kind));
    [
        ("frames.csv", " of frame "),
        ("actors.csv", " of actor "),
        ("voices.csv", " of voice "),
        ("cues.csv", ""),
    ]
    .into_iter()
    .filter(
        |(file, _)| matches!((before.get(*file), after.get(*file)), (Some(x), Some(y)) if x != y),
    )
    .filter(|(_, kind)| kind.is_empty() || !itemised(kind))
    .map(|(file, _)| file.to_string())
    .collect()
}

/// The stance parameters and the lexicon's settings of a `run.json`, each as its path and
/// its value as text.
fn recorded(run: &Value) -> BTreeMap<Path, String> {
    let mut out = BTreeMap::new();
    for section in ["stance", "settings"] {
        if let Some(value) = run.get(section) {
            flatten(vec![section.to_string()], value, &mut out);
        }
    }
    out
}

fn flatten(path: Path, value: &Value, out: &mut BTreeMap<Path, String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                let mut inner = path.clone();
                inner.push(key.clone());
                flatten(inner, value, out);
            }
        }
        // 4.0 is written 4, as on the command line.
        Value::Number(n) => {
            let text = n.as_f64().map_or_else(|| n.to_string(), |x| format!("{x}"));
            out.insert(path, text);
        }
        Value::String(s) => {
            out.insert(path, s.clone());
        }
        other => {
            out.insert(path, other.to_string());
        }
    }
}

/// How the report names the setting at `path`: the option it was given with, or the
/// lexicon file's row and column.
fn describe(path: &[String]) -> String {
    match path {
        [_, option] => format!("--{option}"),
        [_, kind, id, field] if kind == "frames" => format!("{field} of frame {id}"),
        [_, kind, voice] if kind == "voices" => format!("weight of voice {voice}"),
        [_, kind, actor] if kind == "actor_sides" => format!("side of actor {actor}"),
        other => other.join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(prior: f64, polarity: f64) -> Value {
        json!({
            "stance": {"prior": prior, "resamples": 1000, "seed": 1},
            "settings": {
                "frames": {"militias": {"polarity": polarity, "target": "turkey", "attach": "actor"}},
                "voices": {"reported": 0.6},
                "actor_sides": {"haftar": -1.0}
            },
            "lexicon_files": [["lex/frames.csv", "aa"], ["lex/cues.csv", "cc"]]
        })
    }

    #[test]
    fn a_new_prior_and_a_frames_polarity_are_named_with_both_values() {
        let changes = setting_changes(&run(4.0, -1.0), &run(8.0, 1.0), &[]);
        let shown: Vec<String> = changes
            .iter()
            .map(|c| format!("{} {} → {}", c.what, c.from, c.to))
            .collect();
        assert_eq!(
            shown,
            ["--prior 4 → 8", "polarity of frame militias -1 → 1"]
        );
    }

    #[test]
    fn a_renamed_frame_is_compared_under_its_new_id() {
        let mut renamed = run(4.0, -1.0);
        let frames = &mut renamed["settings"]["frames"];
        frames["ottoman"] = frames["militias"].take();
        frames.as_object_mut().unwrap().remove("militias");
        let pairs = [("militias".to_string(), "ottoman".to_string())];
        assert_eq!(setting_changes(&run(4.0, -1.0), &renamed, &pairs), []);
    }

    #[test]
    fn an_older_run_json_without_settings_has_its_stance_parameters_compared() {
        let mut old = run(4.0, 1.0);
        old.as_object_mut().unwrap().remove("settings");
        let changes = setting_changes(&old, &run(4.0, -1.0), &[]);
        assert_eq!(changes, []);
    }

    #[test]
    fn a_cues_edit_is_named_by_its_file_and_an_itemised_one_is_not() {
        let mut b = run(4.0, 1.0);
        b["lexicon_files"] = json!([["lex/frames.csv", "ab"], ["lex/cues.csv", "cd"]]);
        let changes = setting_changes(&run(4.0, -1.0), &b, &[]);
        assert_eq!(edited_files(&run(4.0, -1.0), &b, &changes), ["cues.csv"]);
    }
}
